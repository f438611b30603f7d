//! The provider-neutral health data model: what every widget reads.
//!
//! Nothing here knows about Fitbit's JSON. A data source (the demo generator now, the Fitbit
//! client later, the Google Health API one day) fills a [`Snapshot`]; widgets only read it.
//! Values are stored in SI-style base units ([`Unit`]) and converted for display in `units`.

use crate::date::Date;

mod metric;
mod read;
mod records;
pub use metric::{Metric, Unit};
pub use records::{
    DayCurve, Device, DeviceKind, EcgReading, Exercise, Friend, HeartZone, Intraday, NutritionDay,
    Point, Profile, RhythmAlert, Series, SleepLog, SleepStages, Vo2Max,
};
use serde::Serialize;
use std::collections::BTreeMap;

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
mod tests;
