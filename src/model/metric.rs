//! The daily metrics and the base units their values are stored in.

use serde::Serialize;

/// A daily scalar measurement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Steps,
    Distance,
    Floors,
    CaloriesOut,
    ActiveZoneMinutes,
    /// Fitbit's "active minutes": fairly (moderately) plus very active minutes of a day.
    ActiveMinutes,
    RestingHeartRate,
    HeartRateVariability,
    MinutesAsleep,
    Weight,
    BodyFat,
    Bmi,
    CaloriesIn,
    Water,
    OxygenSaturation,
    BreathingRate,
    SkinTemperatureDelta,
    Vo2Max,
    /// Fitbit's nightly sleep score (0–100): in an export, not in the legacy Web API.
    SleepScore,
    /// Daily readiness score (0–100): in an export.
    Readiness,
    /// Stress management score (0–100): in an export.
    StressScore,
    /// The sleep score's parts: duration (of 50), composition and revitalization (of 25 each);
    /// exports since 2026 leave them blank.
    SleepScoreDuration,
    SleepScoreComposition,
    SleepScoreRevitalization,
    /// Minutes of a night with snoring (30-second segments the device labelled as snoring).
    SnoreMinutes,
}

/// The base unit a metric's values are stored in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Unit {
    Count,
    Meters,
    Kilocalories,
    Minutes,
    BeatsPerMinute,
    Milliseconds,
    Kilograms,
    Percent,
    KgPerSquareMeter,
    Milliliters,
    BreathsPerMinute,
    /// A temperature difference in kelvin (= degrees Celsius of difference).
    KelvinDelta,
    MlPerKgPerMinute,
}

impl Metric {
    pub const ALL: [Metric; 25] = [
        Metric::Steps,
        Metric::Distance,
        Metric::Floors,
        Metric::CaloriesOut,
        Metric::ActiveZoneMinutes,
        Metric::ActiveMinutes,
        Metric::RestingHeartRate,
        Metric::HeartRateVariability,
        Metric::MinutesAsleep,
        Metric::Weight,
        Metric::BodyFat,
        Metric::Bmi,
        Metric::CaloriesIn,
        Metric::Water,
        Metric::OxygenSaturation,
        Metric::BreathingRate,
        Metric::SkinTemperatureDelta,
        Metric::Vo2Max,
        Metric::SleepScore,
        Metric::Readiness,
        Metric::StressScore,
        Metric::SleepScoreDuration,
        Metric::SleepScoreComposition,
        Metric::SleepScoreRevitalization,
        Metric::SnoreMinutes,
    ];

    /// The metric's name in store keys, addresses and file names: its serde name, from a table
    /// (a serde round trip just for a name costs a deserialiser in the bundle).
    pub fn key(self) -> &'static str {
        match self {
            Metric::Steps => "steps",
            Metric::Distance => "distance",
            Metric::Floors => "floors",
            Metric::CaloriesOut => "calories_out",
            Metric::ActiveZoneMinutes => "active_zone_minutes",
            Metric::ActiveMinutes => "active_minutes",
            Metric::RestingHeartRate => "resting_heart_rate",
            Metric::HeartRateVariability => "heart_rate_variability",
            Metric::MinutesAsleep => "minutes_asleep",
            Metric::Weight => "weight",
            Metric::BodyFat => "body_fat",
            Metric::Bmi => "bmi",
            Metric::CaloriesIn => "calories_in",
            Metric::Water => "water",
            Metric::OxygenSaturation => "oxygen_saturation",
            Metric::BreathingRate => "breathing_rate",
            Metric::SkinTemperatureDelta => "skin_temperature_delta",
            Metric::Vo2Max => "vo2_max",
            Metric::SleepScore => "sleep_score",
            Metric::Readiness => "readiness",
            Metric::StressScore => "stress_score",
            Metric::SleepScoreDuration => "sleep_score_duration",
            Metric::SleepScoreComposition => "sleep_score_composition",
            Metric::SleepScoreRevitalization => "sleep_score_revitalization",
            Metric::SnoreMinutes => "snore_minutes",
        }
    }

    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The highest value the metric can take, where there is one (scores, percentages): a
    /// chart's axis never reads past it.
    pub fn most(self) -> Option<f64> {
        match self {
            Metric::SleepScore
            | Metric::Readiness
            | Metric::StressScore
            | Metric::OxygenSaturation
            | Metric::BodyFat => Some(100.0),
            Metric::SleepScoreDuration => Some(50.0),
            Metric::SleepScoreComposition | Metric::SleepScoreRevitalization => Some(25.0),
            _ => None,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::Steps
            | Metric::Floors
            | Metric::SleepScore
            | Metric::Readiness
            | Metric::StressScore
            | Metric::SleepScoreDuration
            | Metric::SleepScoreComposition
            | Metric::SleepScoreRevitalization => Unit::Count,
            Metric::Distance => Unit::Meters,
            Metric::CaloriesOut | Metric::CaloriesIn => Unit::Kilocalories,
            Metric::ActiveZoneMinutes
            | Metric::ActiveMinutes
            | Metric::MinutesAsleep
            | Metric::SnoreMinutes => Unit::Minutes,
            Metric::RestingHeartRate => Unit::BeatsPerMinute,
            Metric::HeartRateVariability => Unit::Milliseconds,
            Metric::Weight => Unit::Kilograms,
            Metric::BodyFat | Metric::OxygenSaturation => Unit::Percent,
            Metric::Bmi => Unit::KgPerSquareMeter,
            Metric::Water => Unit::Milliliters,
            Metric::BreathingRate => Unit::BreathsPerMinute,
            Metric::SkinTemperatureDelta => Unit::KelvinDelta,
            Metric::Vo2Max => Unit::MlPerKgPerMinute,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::Steps => "Steps",
            Metric::Distance => "Distance",
            Metric::Floors => "Floors",
            Metric::CaloriesOut => "Calories burned",
            Metric::ActiveZoneMinutes => "Active zone minutes",
            Metric::ActiveMinutes => "Active minutes",
            Metric::RestingHeartRate => "Resting heart rate",
            Metric::HeartRateVariability => "Heart-rate variability",
            Metric::MinutesAsleep => "Time asleep",
            Metric::Weight => "Weight",
            Metric::BodyFat => "Body fat",
            Metric::Bmi => "BMI",
            Metric::CaloriesIn => "Calories eaten",
            Metric::Water => "Water",
            Metric::OxygenSaturation => "Blood oxygen",
            Metric::BreathingRate => "Breathing rate",
            Metric::SkinTemperatureDelta => "Skin temperature",
            Metric::Vo2Max => "Cardio fitness",
            Metric::SleepScore => "Sleep score",
            Metric::Readiness => "Readiness",
            Metric::StressScore => "Stress management score",
            Metric::SleepScoreDuration => "Sleep score: duration",
            Metric::SleepScoreComposition => "Sleep score: composition",
            Metric::SleepScoreRevitalization => "Sleep score: revitalization",
            Metric::SnoreMinutes => "Snoring",
        }
    }
}
