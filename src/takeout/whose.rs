//! Whether an export may be someone else's: its trackers share none with those of the
//! export already in this history. Trackers are what an export says of its person without
//! opening the personal-detail folders (skipped by default); a person who replaced every
//! tracker between two exports is asked too, and answers once.

use crate::model::Device;

/// The trackers of the stored export and of the new one, by name, when the new export's
/// trackers share no id with the stored ones (None: the same person, or nothing to compare:
/// either side lists no tracker with an id).
pub fn someone_else(stored: &[Device], found: &[Device]) -> Option<(Vec<String>, Vec<String>)> {
    let ids =
        |list: &[Device]| -> Vec<String> { list.iter().filter_map(|d| d.id.clone()).collect() };
    let (here, theirs) = (ids(stored), ids(found));
    if here.is_empty() || theirs.is_empty() || theirs.iter().any(|id| here.contains(id)) {
        return None;
    }
    let names = |list: &[Device]| -> Vec<String> {
        let mut n: Vec<String> = list
            .iter()
            .filter(|d| d.id.is_some())
            .map(|d| d.name.clone())
            .collect();
        n.dedup();
        n
    };
    Some((names(stored), names(found)))
}

#[cfg(test)]
mod tests {
    use super::someone_else;
    use crate::model::{Device, DeviceKind};

    fn tracker(id: Option<&str>, name: &str) -> Device {
        Device {
            id: id.map(str::to_string),
            name: name.into(),
            kind: DeviceKind::Tracker,
            battery_percent: None,
            last_sync: None,
        }
    }

    #[test]
    fn trackers_that_share_none_are_someone_elses_and_one_in_common_is_the_same_person() {
        let mine = [tracker(Some("3072333323"), "Charge 6")];
        let theirs = [tracker(Some("1189457706"), "Versa 3")];
        assert_eq!(
            someone_else(&mine, &theirs),
            Some((vec!["Charge 6".into()], vec!["Versa 3".into()]))
        );
        // A new tracker beside the old one: the same person.
        let both = [theirs[0].clone(), mine[0].clone()];
        assert_eq!(someone_else(&mine, &both), None);
        // Nothing to compare: no export stored yet, an export without trackers, or stored
        // trackers from before ids were kept.
        assert_eq!(someone_else(&[], &theirs), None);
        assert_eq!(someone_else(&mine, &[]), None);
        assert_eq!(someone_else(&[tracker(None, "Charge 6")], &theirs), None);
    }
}
