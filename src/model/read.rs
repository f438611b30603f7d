//! A stored [`Snapshot`] read back from the JSON its derived `Serialize` wrote (the live
//! record in the store, the localStorage cache of earlier versions). By hand over
//! [`jsontext`]: serde's derived readers of the snapshot and its records were ~14 KiB gzip of
//! wasm (measured).
//! Every record of the model reads itself ([`FromJson`]); the store reads its parts' rows
//! with the same readers.
//!
//! As strict as serde was about shapes: a member of the wrong shape makes the whole record
//! unreadable (`None`); unknown members are ignored. Gentler about absence: a missing slot is
//! still loading (it would be refetched), only `origin` and `today` are required.

use super::*;
use crate::jsontext::{self, string, FromJson, Members};
use crate::units::{DistanceUnit, TemperatureUnit, UnitPrefs, VolumeUnit, WeightUnit};
use crate::{from_json_names, from_json_struct};

from_json_struct! {
    Point { date, value }
    Series { metric, points }
    SleepLog { date, start, minutes_asleep, minutes_awake, time_in_bed, minutes_to_fall_asleep, efficiency, is_main, stages }
    HeartZone { name, min_bpm, max_bpm, minutes }
    Device { id, name, kind, battery_percent, last_sync }
    Profile { display_name, avatar_url, member_since, time_zone }
    Exercise { name, date, start, duration_min, calories, avg_heart_rate, steps, distance, log_id, has_route }
    EcgReading { start, classification, avg_heart_rate }
    RhythmAlert { detected }
    Friend { name, rank, steps, is_me }
    NutritionDay { calories, carbs_g, fat_g, protein_g, fiber_g, sodium_mg, water_ml, calorie_goal }
    Vo2Max { date, low, high }
    UnitPrefs { distance, weight, volume, temperature }
}

from_json_names! {
    DeviceKind { Tracker = "tracker", Scale = "scale", Other = "other" }
    DistanceUnit { Kilometers = "kilometers", Miles = "miles" }
    WeightUnit { Kilograms = "kilograms", Pounds = "pounds", Stone = "stone" }
    VolumeUnit { Milliliters = "milliliters", FluidOunces = "fluid_ounces" }
    TemperatureUnit { Celsius = "celsius", Fahrenheit = "fahrenheit" }
}

impl FromJson for Metric {
    fn from_json(text: &str) -> Option<Self> {
        Metric::from_key(&string(text)?)
    }
}

/// Internally tagged by `kind`.
impl FromJson for SleepStages {
    fn from_json(text: &str) -> Option<Self> {
        let m = Members::new(text)?;
        match m.get::<String>("kind")?.as_str() {
            "stages" => Some(SleepStages::Stages {
                deep: m.get("deep")?,
                light: m.get("light")?,
                rem: m.get("rem")?,
                wake: m.get("wake")?,
            }),
            "classic" => Some(SleepStages::Classic {
                asleep: m.get("asleep")?,
                restless: m.get("restless")?,
                awake: m.get("awake")?,
            }),
            _ => None,
        }
    }
}

/// `"loading"`, `"not_shared"`, `"no_data"`, `{"ready": …}` or `{"failed": "…"}`.
impl<T: FromJson> FromJson for Slot<T> {
    fn from_json(text: &str) -> Option<Self> {
        match text {
            "\"loading\"" => Some(Slot::Loading),
            "\"not_shared\"" => Some(Slot::NotShared),
            "\"no_data\"" => Some(Slot::NoData),
            _ => match jsontext::object(text)?.as_slice() {
                [(tag, v)] if tag == "ready" => T::from_json(v).map(Slot::Ready),
                [(tag, v)] if tag == "failed" => string(v).map(Slot::Failed),
                _ => None,
            },
        }
    }
}

/// An object keyed by `key(name)`, each value a `V`.
fn map<K: Ord, V: FromJson>(text: &str, key: impl Fn(&str) -> Option<K>) -> Option<BTreeMap<K, V>> {
    jsontext::object(text)?
        .into_iter()
        .map(|(k, v)| Some((key(&k)?, V::from_json(v)?)))
        .collect()
}

impl Snapshot {
    /// The snapshot `text` holds, or `None` if it is not one.
    pub fn from_json(text: &str) -> Option<Snapshot> {
        let (mut origin_seen, mut today_seen) = (None, None);
        let mut s = Snapshot::loading(Origin::Demo, Date::from_days_since_epoch(0));
        for (k, v) in jsontext::object(text)? {
            match k.as_str() {
                "origin" => origin_seen = Some(Origin::from_key(&string(v)?)?),
                "today" => today_seen = Some(Date::parse(&string(v)?).ok()?),
                "profile" => s.profile = FromJson::from_json(v)?,
                "series" => s.series = map(v, Metric::from_key)?,
                "goals" => s.goals = map(v, Metric::from_key)?,
                "sleep" => s.sleep = FromJson::from_json(v)?,
                "heart_zones" => s.heart_zones = FromJson::from_json(v)?,
                "devices" => s.devices = FromJson::from_json(v)?,
                "exercises" => s.exercises = FromJson::from_json(v)?,
                "ecg" => s.ecg = FromJson::from_json(v)?,
                "rhythm_alerts" => s.rhythm_alerts = FromJson::from_json(v)?,
                "friends" => s.friends = FromJson::from_json(v)?,
                "nutrition" => s.nutrition = FromJson::from_json(v)?,
                "cardio_fitness" => s.cardio_fitness = FromJson::from_json(v)?,
                "routes" => s.routes = map(v, |k| k.parse().ok())?,
                "intraday" => s.intraday = map(v, Intraday::from_key)?,
                "units" => s.units = FromJson::from_json(v)?,
                "height_m" => s.height_m = FromJson::from_json(v)?,
                // Written only on painted copies, which are never stored: painting redoes it.
                "dated" => {}
                _ => {}
            }
        }
        s.origin = origin_seen?;
        s.today = today_seen?;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Device, DeviceKind, Need, Point, Series};

    fn full() -> Snapshot {
        let today = Date::from_ymd(2026, 11, 22).unwrap();
        let mut s = crate::demo::snapshot(today);
        s.origin = Origin::Fitbit;
        s.friends = Slot::NotShared;
        s.ecg = Slot::Failed("Fitbit said \"no\", {twice}".into());
        s.rhythm_alerts = Slot::NoData;
        s.nutrition = Slot::Loading;
        s.series.insert(Metric::Water, Slot::Failed("x".into()));
        s.series.insert(
            Metric::Vo2Max,
            Slot::Ready(Series::new(
                Metric::Vo2Max,
                vec![Point {
                    date: today,
                    value: 41.5,
                }],
            )),
        );
        s.routes
            .insert(7, Slot::Ready(vec![(51.5, -0.1), (51.6, -0.2)]));
        s.routes.insert(8, Slot::NoData);
        s.intraday
            .insert(Intraday::Steps, Slot::Ready(vec![(0, 1.0), (1439, 20.0)]));
        s.devices = Slot::Ready(vec![Device {
            id: Some("3072333323".into()),
            name: "Charge 6".into(),
            kind: DeviceKind::Tracker,
            battery_percent: None,
            last_sync: Some("2026-11-22T08:00:00".into()),
        }]);
        s.height_m = Some(1.8);
        s
    }

    #[test]
    fn reads_back_what_serde_wrote() {
        let s = full();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(Snapshot::from_json(&text), Some(s.clone()));
        let mut bare = s;
        bare.units = None;
        bare.height_m = None;
        bare.routes.clear();
        bare.intraday.clear();
        assert_eq!(
            Snapshot::from_json(&serde_json::to_string(&bare).unwrap()),
            Some(bare)
        );
    }

    /// The names given to `from_json_names!` and the stage tags are serde's.
    #[test]
    fn every_named_variant_reads_back() {
        fn back<T: serde::Serialize + FromJson + PartialEq + std::fmt::Debug>(v: T) {
            assert_eq!(T::from_json(&serde_json::to_string(&v).unwrap()), Some(v));
        }
        for k in [DeviceKind::Tracker, DeviceKind::Scale, DeviceKind::Other] {
            back(k);
        }
        for system in [
            crate::units::System::Metric,
            crate::units::System::Us,
            crate::units::System::Uk,
        ] {
            back(system.prefs());
        }
        back(UnitPrefs {
            distance: DistanceUnit::Miles,
            weight: WeightUnit::Stone,
            volume: VolumeUnit::FluidOunces,
            temperature: TemperatureUnit::Fahrenheit,
        });
        back(SleepStages::Stages {
            deep: 1,
            light: 2,
            rem: 3,
            wake: 4,
        });
        back(SleepStages::Classic {
            asleep: 5,
            restless: 6,
            awake: 7,
        });
        for m in Metric::ALL {
            back(m);
        }
        assert_eq!(DeviceKind::from_json("\"watch\""), None);
    }

    #[test]
    fn defaulted_members_may_be_missing_and_unknown_ones_are_ignored() {
        let s = full();
        let mut v: serde_json::Value = serde_json::to_value(&s).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("routes");
        o.remove("intraday");
        o.insert(
            "dated".into(),
            serde_json::json!({"Nutrition": "2026-11-21"}),
        );
        o.insert("from_the_future".into(), serde_json::json!([1, {"a": 2}]));
        let read = Snapshot::from_json(&v.to_string()).unwrap();
        assert!(read.routes.is_empty() && read.intraday.is_empty());
        assert!(!read.dated.contains_key(&Need::Nutrition));
        assert_eq!(read.devices, s.devices);
    }

    #[test]
    fn a_member_of_the_wrong_shape_makes_it_unreadable() {
        let text = serde_json::to_string(&full()).unwrap();
        for (from, to) in [
            (r#""origin":"fitbit""#, r#""origin":"garmin""#),
            (r#""today":"2026-11-22""#, r#""today":"2026-11-31""#),
            (r#""friends":"not_shared""#, r#""friends":"maybe""#),
            (r#""friends":"not_shared""#, r#""friends":{"ready":3}"#),
            (
                r#""rhythm_alerts":"no_data""#,
                r#""rhythm_alerts":{"ready":[],"failed":"x"}"#,
            ),
        ] {
            assert!(text.contains(from), "{from}");
            assert_eq!(
                Snapshot::from_json(&text.replacen(from, to, 1)),
                None,
                "{to}"
            );
        }
        assert_eq!(
            Snapshot::from_json(&text.replacen(r#""origin":"fitbit","#, "", 1)),
            None,
            "origin is required"
        );
        assert_eq!(Snapshot::from_json("[]"), None);
    }
}
