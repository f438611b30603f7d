//! The provider-neutral health data model: what every widget reads.
//!
//! Nothing here knows about Fitbit's JSON. A data source (the demo generator now, the Fitbit
//! client later, the Google Health API one day) fills a [`Snapshot`]; widgets only read it.
//! Values are stored in SI-style base units ([`Unit`]) and converted for display in `units`.

use crate::date::Date;

mod read;
use serde::Serialize;
use std::collections::BTreeMap;

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

/// One day's value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub date: Date,
    pub value: f64,
}

/// Daily values of one metric, sorted by date, at most one per date, gaps allowed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub metric: Metric,
    pub points: Vec<Point>,
}

impl Series {
    /// Builds a series, sorting by date and keeping the last value given for a date.
    pub fn new(metric: Metric, mut points: Vec<Point>) -> Series {
        crate::order::by_key(&mut points, |p| p.date.days_since_epoch() as i64);
        let mut out: Vec<Point> = Vec::with_capacity(points.len());
        for p in points {
            match out.last_mut() {
                Some(last) if last.date == p.date => *last = p,
                _ => out.push(p),
            }
        }
        Series {
            metric,
            points: out,
        }
    }

    pub fn on(&self, date: Date) -> Option<f64> {
        self.points
            .binary_search_by_key(&date, |p| p.date)
            .ok()
            .map(|i| self.points[i].value)
    }

    /// The newest point on or before `date`.
    pub fn latest_until(&self, date: Date) -> Option<Point> {
        self.points.iter().rev().find(|p| p.date <= date).copied()
    }

    /// Points in the `days`-long window ending at `end` (inclusive).
    pub fn window(&self, end: Date, days: u32) -> &[Point] {
        let start = end.add_days(1 - days as i32);
        let lo = self.points.partition_point(|p| p.date < start);
        let hi = self.points.partition_point(|p| p.date <= end);
        &self.points[lo..hi]
    }

    /// Mean of the values in a window, `None` if it holds no value.
    pub fn mean(&self, end: Date, days: u32) -> Option<f64> {
        let w = self.window(end, days);
        (!w.is_empty()).then(|| w.iter().map(|p| p.value).sum::<f64>() / w.len() as f64)
    }
}

/// Time in each sleep stage, in minutes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SleepStages {
    /// Devices with a heart-rate sensor: deep, light, REM and wake.
    Stages {
        deep: u32,
        light: u32,
        rem: u32,
        wake: u32,
    },
    /// Older devices, naps and nights with too little heart-rate data.
    Classic {
        asleep: u32,
        restless: u32,
        awake: u32,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SleepLog {
    /// The date the sleep ended on ("last night" belongs to today).
    pub date: Date,
    /// Local start time, "HH:MM".
    pub start: String,
    pub minutes_asleep: u32,
    pub minutes_awake: u32,
    pub time_in_bed: u32,
    pub minutes_to_fall_asleep: u32,
    pub efficiency: Option<u8>,
    pub is_main: bool,
    pub stages: Option<SleepStages>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeartZone {
    pub name: String,
    pub min_bpm: u32,
    pub max_bpm: u32,
    pub minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    Tracker,
    Scale,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Device {
    pub name: String,
    pub kind: DeviceKind,
    pub battery_percent: Option<u8>,
    /// Local date-time of the last sync, "YYYY-MM-DDTHH:MM:SS" (no zone, as devices report it).
    pub last_sync: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub display_name: String,
    pub avatar_url: Option<String>,
    pub member_since: Option<Date>,
    /// IANA time zone name, e.g. "Europe/London".
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exercise {
    pub name: String,
    pub date: Date,
    /// Local start time, "HH:MM", when known.
    pub start: Option<String>,
    pub duration_min: u32,
    pub calories: Option<f64>,
    pub avg_heart_rate: Option<u32>,
    pub steps: Option<u32>,
    /// Metres.
    pub distance: Option<f64>,
    pub log_id: u64,
    /// Whether a GPS track can be fetched (shown only with the location scope).
    pub has_route: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EcgReading {
    /// Local date-time, "YYYY-MM-DDTHH:MM:SS".
    pub start: String,
    /// As the device classified it, e.g. "Normal Sinus Rhythm", "Atrial Fibrillation", "Inconclusive".
    pub classification: String,
    pub avg_heart_rate: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RhythmAlert {
    /// Local date-time the irregular rhythm was detected.
    pub detected: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Friend {
    pub name: String,
    pub rank: Option<u32>,
    /// Steps over the leaderboard's period (7 days).
    pub steps: Option<f64>,
    pub is_me: bool,
}

/// Today's food and water (base units: kcal, grams, milligrams, millilitres).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NutritionDay {
    pub calories: f64,
    pub carbs_g: f64,
    pub fat_g: f64,
    pub protein_g: f64,
    pub fiber_g: f64,
    pub sodium_mg: f64,
    pub water_ml: f64,
    pub calorie_goal: Option<f64>,
}

/// Cardio fitness: a single value (after GPS runs) or a range, in ml/kg/min.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Vo2Max {
    pub date: Date,
    pub low: f64,
    pub high: f64,
}

/// A minute-by-minute series of the day viewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intraday {
    Steps,
    HeartRate,
}

impl Intraday {
    pub const ALL: [Intraday; 2] = [Intraday::Steps, Intraday::HeartRate];

    /// Its serde name (see [`Metric::key`]).
    pub fn key(self) -> &'static str {
        match self {
            Intraday::Steps => "steps",
            Intraday::HeartRate => "heart_rate",
        }
    }

    pub fn from_key(key: &str) -> Option<Intraday> {
        Intraday::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// (minute of the day, value) pairs, sorted.
pub type DayCurve = Vec<(u32, f64)>;

/// A piece of the [`Snapshot`] a widget reads; data sources plan their requests from these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Need {
    Series(Metric),
    Goals,
    Sleep,
    HeartZones,
    Devices,
    Profile,
    Exercises,
    Ecg,
    RhythmAlerts,
    Friends,
    Nutrition,
    CardioFitness,
    Intraday(Intraday),
}

/// The state of one piece of data, as a widget sees it.
///
/// Serialised externally tagged (`"loading"`, `{"ready": …}`): serde's adjacently tagged form
/// must buffer every value, and with a dozen `T`s that cost tens of kilobytes of wasm.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot<T> {
    /// Not yet known (first load in progress).
    Loading,
    /// The person did not share the scope this needs.
    NotShared,
    /// Shared, but nothing recorded (no such sensor, nothing logged).
    NoData,
    Ready(T),
    /// Fetching failed; the message says what happened.
    Failed(String),
}

impl<T> Slot<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Slot::Ready(v) => Some(v),
            _ => None,
        }
    }

    /// This slot's failure or "not shared", if it says one (no data to copy).
    fn mark(&self) -> Option<Slot<T>> {
        match self {
            Slot::Failed(m) => Some(Slot::Failed(m.clone())),
            Slot::NotShared => Some(Slot::NotShared),
            _ => None,
        }
    }

    /// A failure or "not shared" said before, where `self` knows nothing newer.
    fn keep_mark(&mut self, before: &Slot<T>) {
        if matches!(self, Slot::Loading) {
            if let Some(mark) = before.mark() {
                *self = mark;
            }
        }
    }
}

/// Where a snapshot came from; the UI labels demo data clearly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Demo,
    Fitbit,
    GoogleHealth,
    /// An export file imported in the browser (Google Takeout).
    Archive,
}

impl Origin {
    pub const ALL: [Origin; 4] = [
        Origin::Demo,
        Origin::Fitbit,
        Origin::GoogleHealth,
        Origin::Archive,
    ];

    pub fn from_key(key: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.key() == key)
    }

    /// Its serde name (see [`Metric::key`]).
    pub fn key(self) -> &'static str {
        match self {
            Origin::Demo => "demo",
            Origin::Fitbit => "fitbit",
            Origin::GoogleHealth => "google_health",
            Origin::Archive => "archive",
        }
    }
}

/// Everything the dashboard shows, for one person and one "today". Read back by hand
/// ([`Snapshot::from_json`]), not by a derived `Deserialize`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub origin: Origin,
    /// The person's current date (in their own time zone).
    pub today: Date,
    pub profile: Slot<Profile>,
    pub series: BTreeMap<Metric, Slot<Series>>,
    /// Daily goals, in the metric's base unit.
    pub goals: BTreeMap<Metric, f64>,
    pub sleep: Slot<Vec<SleepLog>>,
    pub heart_zones: Slot<Vec<HeartZone>>,
    pub devices: Slot<Vec<Device>>,
    pub exercises: Slot<Vec<Exercise>>,
    pub ecg: Slot<Vec<EcgReading>>,
    pub rhythm_alerts: Slot<Vec<RhythmAlert>>,
    pub friends: Slot<Vec<Friend>>,
    pub nutrition: Slot<NutritionDay>,
    pub cardio_fitness: Slot<Vec<Vo2Max>>,
    /// GPS routes of exercises, by log id, fetched when the person asks (location scope).
    #[serde(default)]
    pub routes: BTreeMap<u64, Slot<Vec<(f64, f64)>>>,
    /// Minute-by-minute curves (only when the person turned them on; Personal apps).
    #[serde(default)]
    pub intraday: BTreeMap<Intraday, Slot<DayCurve>>,
    /// The person's own units (from their profile), if known.
    pub units: Option<crate::units::UnitPrefs>,
    /// Metres, from the profile (used for BMI when a log lacks it).
    pub height_m: Option<f64>,
    /// Day-bound parts shown from an earlier day than `today` (nothing newer is stored): the
    /// day they are of, so a widget says "on Nov 21", never "today".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dated: BTreeMap<Need, Date>,
    /// Where each metric's days came from, as runs (first day, last day, source), when painted
    /// from the one history (never stored: derived at each paint).
    #[serde(skip)]
    pub sources: BTreeMap<Metric, Vec<(Date, Date, Origin)>>,
}

impl Snapshot {
    /// An empty snapshot where everything is still loading.
    pub fn loading(origin: Origin, today: Date) -> Snapshot {
        Snapshot {
            origin,
            today,
            profile: Slot::Loading,
            series: BTreeMap::new(),
            goals: BTreeMap::new(),
            sleep: Slot::Loading,
            heart_zones: Slot::Loading,
            devices: Slot::Loading,
            exercises: Slot::Loading,
            ecg: Slot::Loading,
            rhythm_alerts: Slot::Loading,
            friends: Slot::Loading,
            nutrition: Slot::Loading,
            cardio_fitness: Slot::Loading,
            routes: BTreeMap::new(),
            intraday: BTreeMap::new(),
            units: None,
            height_m: None,
            dated: BTreeMap::new(),
            sources: BTreeMap::new(),
        }
    }

    /// A metric's series; a metric nobody filled in is still loading.
    pub fn series(&self, metric: Metric) -> &Slot<Series> {
        self.series.get(&metric).unwrap_or(&Slot::Loading)
    }

    /// Keeps what `before` (the same person's dashboard as shown) said had failed or was not
    /// shared, where this one, painted from the store without asking (older history, another
    /// tab's write), has nothing: a failure stays said until a later answer replaces it.
    pub fn keep_marks(&mut self, before: &Snapshot) {
        // A metric or curve nobody filled in is still loading.
        for (m, slot) in &before.series {
            if let (Slot::Loading, Some(mark)) = (self.series(*m), slot.mark()) {
                self.series.insert(*m, mark);
            }
        }
        for (k, slot) in &before.intraday {
            if let (None | Some(Slot::Loading), Some(mark)) = (self.intraday.get(k), slot.mark()) {
                self.intraday.insert(*k, mark);
            }
        }
        self.profile.keep_mark(&before.profile);
        self.sleep.keep_mark(&before.sleep);
        self.heart_zones.keep_mark(&before.heart_zones);
        self.devices.keep_mark(&before.devices);
        self.exercises.keep_mark(&before.exercises);
        self.ecg.keep_mark(&before.ecg);
        self.rhythm_alerts.keep_mark(&before.rhythm_alerts);
        self.friends.keep_mark(&before.friends);
        self.nutrition.keep_mark(&before.nutrition);
        self.cardio_fitness.keep_mark(&before.cardio_fitness);
    }

    /// The main sleep that ended on `date`, if any.
    pub fn main_sleep_on(&self, date: Date) -> Option<&SleepLog> {
        self.sleep
            .ready()?
            .iter()
            .find(|s| s.is_main && s.date == date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_stays_said_until_something_newer_replaces_it() {
        let today = Date::from_ymd(2026, 11, 22).unwrap();
        let mut before = Snapshot::loading(Origin::GoogleHealth, today);
        before.sleep = Slot::Failed("blocked".into());
        before
            .series
            .insert(Metric::RestingHeartRate, Slot::Failed("400".into()));
        before
            .series
            .insert(Metric::Steps, Slot::Failed("old".into()));
        before.devices = Slot::NotShared;
        before.exercises = Slot::NoData;
        // Painted from the store: steps came back meanwhile, the rest is not known.
        let mut now = Snapshot::loading(Origin::GoogleHealth, today);
        now.series.insert(Metric::Steps, Slot::NoData);
        now.keep_marks(&before);
        assert_eq!(now.sleep, Slot::Failed("blocked".into()));
        assert_eq!(
            now.series(Metric::RestingHeartRate),
            &Slot::Failed("400".into())
        );
        assert_eq!(
            now.series(Metric::Steps),
            &Slot::NoData,
            "a newer answer wins"
        );
        assert_eq!(now.devices, Slot::NotShared);
        assert_eq!(
            now.exercises,
            Slot::Loading,
            "only failures and 'not shared' are kept"
        );
        assert_eq!(now.series(Metric::Weight), &Slot::Loading);
        assert!(!now.series.contains_key(&Metric::Weight));
    }

    #[test]
    fn keys_are_the_serde_names_and_read_back() {
        for m in Metric::ALL {
            assert_eq!(
                serde_json::to_string(&m).unwrap(),
                format!("\"{}\"", m.key())
            );
            assert_eq!(Metric::from_key(m.key()), Some(m));
        }
        for k in Intraday::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.key())
            );
            assert_eq!(Intraday::from_key(k.key()), Some(k));
        }
        assert_eq!(Metric::from_key("stepz"), None);
        for o in Origin::ALL {
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", o.key())
            );
            assert_eq!(Origin::from_key(o.key()), Some(o));
        }
        for e in crate::fitbit::endpoints::Endpoint::ALL
            .into_iter()
            .chain(crate::fitbit::endpoints::Endpoint::INTRADAY)
        {
            assert_eq!(
                serde_json::to_string(&e).unwrap(),
                format!("\"{}\"", e.key())
            );
            assert_eq!(
                crate::fitbit::endpoints::Endpoint::from_key(e.key()),
                Some(e)
            );
        }
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn series_sorts_and_keeps_the_last_value_per_date() {
        let s = Series::new(
            Metric::Weight,
            vec![
                Point {
                    date: d("2026-01-03"),
                    value: 70.0,
                },
                Point {
                    date: d("2026-01-01"),
                    value: 71.0,
                },
                Point {
                    date: d("2026-01-03"),
                    value: 69.5,
                },
            ],
        );
        assert_eq!(s.points.len(), 2);
        assert_eq!(s.on(d("2026-01-03")), Some(69.5));
        assert_eq!(s.on(d("2026-01-02")), None);
        assert_eq!(s.latest_until(d("2026-01-02")).unwrap().value, 71.0);
    }

    #[test]
    fn window_and_mean_cover_exactly_the_requested_days() {
        let start = d("2026-01-01");
        let s = Series::new(
            Metric::Steps,
            (0..10)
                .map(|i| Point {
                    date: start.add_days(i),
                    value: i as f64,
                })
                .collect(),
        );
        let w = s.window(d("2026-01-10"), 7);
        assert_eq!(w.first().unwrap().date, d("2026-01-04"));
        assert_eq!(w.len(), 7);
        assert_eq!(s.mean(d("2026-01-10"), 7), Some(6.0));
        assert_eq!(s.mean(d("2025-12-01"), 7), None);
    }

    #[test]
    fn slot_serialises_with_its_state_as_the_tag() {
        let ready: Slot<u32> = Slot::Ready(3);
        assert_eq!(serde_json::to_string(&ready).unwrap(), r#"{"ready":3}"#);
        assert_eq!(
            serde_json::to_string(&Slot::<u32>::NotShared).unwrap(),
            r#""not_shared""#
        );
    }
}
