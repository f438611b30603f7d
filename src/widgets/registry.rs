//! The static table that drives the dashboard (after Home Assistant's sensor descriptions):
//! each entry says what a widget is called, which scopes it needs and which data it reads.
//! Adding a widget is one entry here plus one view file.

use super::Ctx;
use crate::model::Metric;
use crate::scope::Scope;
use leptos::prelude::AnyView;

pub use crate::model::Need;

pub struct WidgetSpec {
    /// Stable id: used in element ids and in saved layout settings.
    pub id: &'static str,
    pub title: &'static str,
    /// Scopes that must all be granted for the widget to show data.
    pub scopes: &'static [Scope],
    pub needs: &'static [Need],
    pub view: fn(&Ctx) -> AnyView,
}

use Need::*;

pub static WIDGETS: &[WidgetSpec] = &[
    WidgetSpec {
        id: "activity",
        title: "Activity",
        scopes: &[Scope::Activity],
        needs: &[
            Series(Metric::Steps),
            Series(Metric::Distance),
            Series(Metric::Floors),
            Series(Metric::CaloriesOut),
            Series(Metric::ActiveZoneMinutes),
            Series(Metric::ActiveMinutes),
            Goals,
        ],
        view: super::activity::view,
    },
    WidgetSpec {
        id: "heart",
        title: "Heart rate",
        scopes: &[Scope::Heartrate],
        needs: &[
            Series(Metric::RestingHeartRate),
            Series(Metric::HeartRateVariability),
            HeartZones,
        ],
        view: super::heart::view,
    },
    WidgetSpec {
        id: "sleep",
        title: "Sleep",
        scopes: &[Scope::Sleep],
        needs: &[Sleep, Series(Metric::MinutesAsleep)],
        view: super::sleep::view,
    },
    WidgetSpec {
        id: "body",
        title: "Body",
        scopes: &[Scope::Weight],
        needs: &[
            Series(Metric::Weight),
            Series(Metric::Bmi),
            Series(Metric::BodyFat),
            Goals,
        ],
        view: super::body::view,
    },
    WidgetSpec {
        id: "nutrition",
        title: "Nutrition",
        scopes: &[Scope::Nutrition],
        needs: &[
            Nutrition,
            Series(Metric::CaloriesIn),
            Series(Metric::Water),
            Series(Metric::CaloriesOut),
        ],
        view: super::nutrition::view,
    },
    WidgetSpec {
        id: "exercises",
        title: "Recent exercises",
        scopes: &[Scope::Activity],
        needs: &[Exercises],
        view: super::exercises::view,
    },
    WidgetSpec {
        id: "spo2",
        title: "Blood oxygen (SpO2)",
        scopes: &[Scope::OxygenSaturation],
        needs: &[Series(Metric::OxygenSaturation)],
        view: super::overnight::spo2,
    },
    WidgetSpec {
        id: "breathing",
        title: "Breathing rate",
        scopes: &[Scope::RespiratoryRate],
        needs: &[Series(Metric::BreathingRate)],
        view: super::overnight::breathing,
    },
    WidgetSpec {
        id: "skin-temperature",
        title: "Skin temperature",
        scopes: &[Scope::Temperature],
        needs: &[Series(Metric::SkinTemperatureDelta)],
        view: super::overnight::skin_temperature,
    },
    WidgetSpec {
        id: "sleep-score",
        title: "Sleep score",
        scopes: &[Scope::Sleep],
        needs: &[
            Series(Metric::SleepScore),
            Series(Metric::SleepScoreDuration),
            Series(Metric::SleepScoreComposition),
            Series(Metric::SleepScoreRevitalization),
        ],
        view: super::overnight::sleep_score,
    },
    WidgetSpec {
        id: "snore",
        title: "Snoring",
        scopes: &[Scope::Sleep],
        needs: &[Series(Metric::SnoreMinutes)],
        view: super::overnight::snore,
    },
    WidgetSpec {
        id: "readiness",
        title: "Daily readiness",
        scopes: &[Scope::Activity, Scope::Heartrate],
        needs: &[Series(Metric::Readiness)],
        view: super::overnight::readiness,
    },
    WidgetSpec {
        id: "stress",
        title: "Stress management",
        scopes: &[Scope::Heartrate],
        needs: &[Series(Metric::StressScore)],
        view: super::overnight::stress,
    },
    WidgetSpec {
        id: "cardio-fitness",
        title: "Cardio fitness",
        scopes: &[Scope::CardioFitness],
        needs: &[CardioFitness, Series(Metric::Vo2Max)],
        view: super::cardio::view,
    },
    WidgetSpec {
        id: "ecg",
        title: "ECG",
        scopes: &[Scope::Electrocardiogram],
        needs: &[Ecg],
        view: super::ecg::view,
    },
    WidgetSpec {
        id: "rhythm",
        title: "Irregular rhythm notifications",
        scopes: &[Scope::IrregularRhythmNotifications],
        needs: &[RhythmAlerts],
        view: super::rhythm::view,
    },
    WidgetSpec {
        id: "devices",
        title: "Devices",
        scopes: &[Scope::Settings],
        needs: &[Devices],
        view: super::devices::view,
    },
    WidgetSpec {
        id: "friends",
        title: "Friends",
        scopes: &[Scope::Social],
        needs: &[Friends],
        view: super::friends::view,
    },
    WidgetSpec {
        id: "profile",
        title: "Profile",
        scopes: &[Scope::Profile],
        needs: &[Profile],
        view: super::profile::view,
    },
];

pub fn find(id: &str) -> Option<&'static WidgetSpec> {
    WIDGETS.iter().find(|w| w.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_every_widget_needs_a_scope_and_data() {
        let mut ids = HashSet::new();
        for w in WIDGETS {
            assert!(ids.insert(w.id), "duplicate widget id {}", w.id);
            assert!(!w.scopes.is_empty(), "{} declares no scope", w.id);
            assert!(!w.needs.is_empty(), "{} reads nothing", w.id);
            assert!(
                w.id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not a clean id",
                w.id
            );
        }
        assert!(find("sleep").is_some());
        assert!(find("nope").is_none());
    }

    #[test]
    fn every_scope_has_a_widget_and_location_is_used_by_exercises() {
        for scope in Scope::ALL {
            let covered =
                WIDGETS.iter().any(|w| w.scopes.contains(&scope)) || scope == Scope::Location;
            assert!(covered, "{scope:?} has no widget");
        }
        assert!(find("exercises").is_some());
    }

    #[test]
    fn the_full_dashboard_plan_is_every_endpoint_once() {
        let mut needs: Vec<Need> = WIDGETS
            .iter()
            .flat_map(|w| w.needs.iter().copied())
            .collect();
        needs.push(Need::Profile);
        let plan = crate::fitbit::endpoints::plan(&needs, &Scope::ALL);
        assert_eq!(plan.len(), 18);
    }

    #[test]
    fn every_needed_series_exists_in_the_demo() {
        let snap = crate::demo::snapshot(crate::date::Date::from_ymd(2026, 11, 21).unwrap());
        for w in WIDGETS {
            for n in w.needs {
                if let Need::Series(m) = n {
                    assert!(snap.series(*m).ready().is_some(), "{} needs {m:?}", w.id);
                }
            }
        }
    }
}
