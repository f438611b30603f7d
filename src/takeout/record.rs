//! The export's own record in the one history (`me/live/archive`): when it was last imported,
//! the zone its UTC stamps were placed in, its trackers as of the newest export that listed
//! them, and every tracker any imported export listed (whose trackers the next export is
//! compared with: [`super::whose`]).

use crate::jsontext::Members;
use crate::model::Device;

/// The trackers as of the newest export that listed them.
pub fn devices(record: Option<&str>) -> Vec<Device> {
    list(record, "devices")
}

/// Every tracker an imported export listed (records before it: the devices).
pub fn trackers(record: Option<&str>) -> Vec<Device> {
    let known = list(record, "trackers");
    if known.is_empty() {
        devices(record)
    } else {
        known
    }
}

/// The time zone the export's UTC stamps were placed in.
pub fn zone(record: Option<&str>) -> Option<String> {
    Members::new(record?)?.get::<Option<String>>("zone")?
}

fn list(record: Option<&str>, name: &str) -> Vec<Device> {
    record
        .and_then(Members::new)
        .and_then(|m| m.get::<Option<Vec<Device>>>(name))
        .flatten()
        .unwrap_or_default()
}

/// The record after an import that found `found` (an export part without the tracker list
/// keeps the stored one), placed in `zone`, at `now_ms`.
pub fn after_import(old: Option<&str>, found: &[Device], zone: &str, now_ms: i64) -> String {
    let devices = if found.is_empty() {
        devices(old)
    } else {
        found.to_vec()
    };
    let mut trackers = trackers(old);
    for d in found {
        match trackers.iter_mut().find(|t| t.id.is_some() && t.id == d.id) {
            Some(t) => *t = d.clone(),
            None => trackers.push(d.clone()),
        }
    }
    format!(
        "{{\"v\":1,\"imported_ms\":{now_ms},\"zone\":{},\"devices\":{},\"trackers\":{}}}",
        json(zone),
        json(&devices),
        json(&trackers)
    )
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DeviceKind;

    fn tracker(id: &str, name: &str) -> Device {
        Device {
            id: Some(id.into()),
            name: name.into(),
            kind: DeviceKind::Tracker,
            battery_percent: Some(50),
            last_sync: None,
        }
    }

    #[test]
    fn every_tracker_an_export_listed_is_kept_and_the_newest_list_is_shown() {
        let (charge, versa) = (tracker("1", "Charge 6"), tracker("2", "Versa 3"));
        let first = after_import(None, std::slice::from_ref(&charge), "America/Bogota", 10);
        assert_eq!(devices(Some(&first)), vec![charge.clone()]);
        assert_eq!(zone(Some(&first)).as_deref(), Some("America/Bogota"));
        let second = after_import(Some(&first), std::slice::from_ref(&versa), "UTC", 20);
        assert_eq!(devices(Some(&second)), vec![versa.clone()]);
        assert_eq!(trackers(Some(&second)), vec![charge.clone(), versa.clone()]);
        // A part without the list keeps both; the same tracker again is kept once.
        let third = after_import(Some(&second), &[], "UTC", 30);
        assert_eq!(devices(Some(&third)), vec![versa.clone()]);
        let fourth = after_import(Some(&third), std::slice::from_ref(&charge), "UTC", 40);
        assert_eq!(trackers(Some(&fourth)), vec![charge, versa]);
    }

    #[test]
    fn a_record_before_tracker_lists_compares_its_devices() {
        let old = r#"{"v":1,"imported_ms":5,"devices":[{"id":null,"name":"Charge 6","kind":"tracker","battery_percent":null,"last_sync":null}]}"#;
        assert_eq!(trackers(Some(old)), devices(Some(old)));
        assert_eq!(devices(Some(old)).len(), 1);
        assert_eq!(zone(Some(old)), None);
    }
}
