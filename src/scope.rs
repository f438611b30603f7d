//! Data-access scopes: what a person can choose to share.
//!
//! The fifteen Fitbit scopes are also a sensible provider-neutral list of health data
//! categories, so widgets declare the scopes they need in these terms; a provider maps them to
//! its own permission strings (for Fitbit the names are identical).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Profile,
    Activity,
    Heartrate,
    Sleep,
    Weight,
    Nutrition,
    OxygenSaturation,
    RespiratoryRate,
    Temperature,
    CardioFitness,
    Electrocardiogram,
    IrregularRhythmNotifications,
    Settings,
    Social,
    Location,
}

impl Scope {
    pub const ALL: [Scope; 15] = [
        Scope::Profile,
        Scope::Activity,
        Scope::Heartrate,
        Scope::Sleep,
        Scope::Weight,
        Scope::Nutrition,
        Scope::OxygenSaturation,
        Scope::RespiratoryRate,
        Scope::Temperature,
        Scope::CardioFitness,
        Scope::Electrocardiogram,
        Scope::IrregularRhythmNotifications,
        Scope::Settings,
        Scope::Social,
        Scope::Location,
    ];

    /// The OAuth scope string (Fitbit's spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Profile => "profile",
            Scope::Activity => "activity",
            Scope::Heartrate => "heartrate",
            Scope::Sleep => "sleep",
            Scope::Weight => "weight",
            Scope::Nutrition => "nutrition",
            Scope::OxygenSaturation => "oxygen_saturation",
            Scope::RespiratoryRate => "respiratory_rate",
            Scope::Temperature => "temperature",
            Scope::CardioFitness => "cardio_fitness",
            Scope::Electrocardiogram => "electrocardiogram",
            Scope::IrregularRhythmNotifications => "irregular_rhythm_notifications",
            Scope::Settings => "settings",
            Scope::Social => "social",
            Scope::Location => "location",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|sc| sc.as_str() == s)
    }

    /// Parses a space-delimited scope list (as in a token response), ignoring unknown names.
    pub fn parse_list(s: &str) -> Vec<Scope> {
        let mut v: Vec<Scope> = s
            .split_ascii_whitespace()
            .filter_map(Scope::parse)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// A short human name.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Profile => "Profile",
            Scope::Activity => "Activity and exercise",
            Scope::Heartrate => "Heart rate",
            Scope::Sleep => "Sleep",
            Scope::Weight => "Weight and body",
            Scope::Nutrition => "Food and water",
            Scope::OxygenSaturation => "Oxygen saturation (SpO2)",
            Scope::RespiratoryRate => "Breathing rate",
            Scope::Temperature => "Temperature",
            Scope::CardioFitness => "Cardio fitness (VO2 max)",
            Scope::Electrocardiogram => "ECG",
            Scope::IrregularRhythmNotifications => "Irregular rhythm notifications",
            Scope::Settings => "Devices and settings",
            Scope::Social => "Friends",
            Scope::Location => "Location (GPS)",
        }
    }

    /// What sharing this scope unlocks in pulsedeck, in plain language.
    pub fn unlocks(self) -> &'static str {
        match self {
            Scope::Profile => "Your name, avatar, time zone and preferred units.",
            Scope::Activity => {
                "Steps, distance, floors, calories burned, active zone minutes and exercises."
            }
            Scope::Heartrate => "Resting heart rate, heart-rate zones and heart-rate variability.",
            Scope::Sleep => "Last night's sleep, its stages, naps and your sleep trend.",
            Scope::Weight => "Weight, BMI and body fat with their trends and your goal.",
            Scope::Nutrition => "Calories eaten, macros and water.",
            Scope::OxygenSaturation => "Blood oxygen (SpO2) measured during sleep.",
            Scope::RespiratoryRate => "Breathing rate measured during sleep.",
            Scope::Temperature => "Skin temperature variation during sleep.",
            Scope::CardioFitness => "Your cardio fitness score (VO2 max).",
            Scope::Electrocardiogram => "Readings taken with the ECG app on your device.",
            Scope::IrregularRhythmNotifications => {
                "Irregular rhythm notification status and alerts."
            }
            Scope::Settings => "Your devices' battery levels and last sync times.",
            Scope::Social => "Your friends' step leaderboard.",
            Scope::Location => "The route map of GPS exercises.",
        }
    }
}

/// Stored records list scopes by their serde names, which are their OAuth strings.
impl crate::jsontext::FromJson for Scope {
    fn from_json(text: &str) -> Option<Self> {
        Scope::parse(&crate::jsontext::string(text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_round_trips_through_its_name() {
        for s in Scope::ALL {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn parses_a_granted_scope_list_and_ignores_unknown_names() {
        let granted = Scope::parse_list("sleep  activity profile mystery activity");
        assert_eq!(granted, vec![Scope::Profile, Scope::Activity, Scope::Sleep]);
        assert!(Scope::parse_list("").is_empty());
    }
}
