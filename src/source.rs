//! Data sources and what each can give, one capability row per source (after Home
//! Assistant's per-integration tables). The dashboard plans from what widgets need
//! ([`Need`]s); a source turns needs into its own requests (`fitbit::endpoints::plan`), and a
//! widget whose needs a source cannot meet at all says "not available from <source>", never
//! "not shared" with a button that cannot help.

use crate::model::{Metric, Need, Origin};

pub struct Capabilities {
    pub origin: Origin,
    /// As the person knows it, in running text: "Not available from {name}."
    pub name: &'static str,
    /// Parts this source has no way to provide, whatever the person shares.
    pub lacks: &'static [Need],
    /// Whether it asks the person for access per kind of data (Fitbit's and Google's scopes).
    pub scoped: bool,
    /// Whether it can be refreshed (an import is a snapshot of the past).
    pub live: bool,
}

/// What the Google Health API cannot give: no successor of Fitbit's friends leaderboard
/// (reference: google-health-api.md, "Social"), and the scores until their types are mapped.
const GOOGLE_LACKS: [Need; 8] = [
    Need::Friends,
    Need::Series(Metric::SnoreMinutes),
    Need::Series(Metric::SleepScore),
    Need::Series(Metric::Readiness),
    Need::Series(Metric::StressScore),
    Need::Series(Metric::SleepScoreDuration),
    Need::Series(Metric::SleepScoreComposition),
    Need::Series(Metric::SleepScoreRevitalization),
];

/// The scores only an export holds (the legacy Web API never served them).
const EXPORT_SCORES: &[Need] = GOOGLE_LACKS.split_at(1).1;

pub static SOURCES: [Capabilities; 4] = [
    Capabilities { origin: Origin::Demo, name: "the demo", lacks: &[], scoped: false, live: false },
    Capabilities { origin: Origin::Fitbit, name: "Fitbit", lacks: EXPORT_SCORES, scoped: true, live: true },
    Capabilities { origin: Origin::GoogleHealth, name: "the Google Health API", lacks: &GOOGLE_LACKS, scoped: true, live: true },
    // An export holds the past: no friends (the social folder is skipped), devices as of the
    // export, no ECG or rhythm notifications (not read from it yet).
    Capabilities { origin: Origin::Archive, name: "your export", lacks: &[Need::Friends, Need::Ecg, Need::RhythmAlerts], scoped: false, live: false },
];

impl Origin {
    pub fn caps(self) -> &'static Capabilities {
        SOURCES.iter().find(|c| c.origin == self).expect("every origin has a row")
    }
}

impl Capabilities {
    /// Whether the source can give at least one of `needs` (a widget shows what it can).
    pub fn provides_any(&self, needs: &[Need]) -> bool {
        needs.iter().any(|n| !self.lacks.contains(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::registry::WIDGETS;

    #[test]
    fn every_origin_has_one_row_and_fitbit_and_the_demo_provide_every_widget() {
        for o in Origin::ALL {
            assert_eq!(SOURCES.iter().filter(|c| c.origin == o).count(), 1);
        }
        assert!(WIDGETS.iter().all(|w| Origin::Demo.caps().provides_any(w.needs)));
        // Fitbit's Web API provides every widget but the scores only an export holds.
        let scores = ["sleep-score", "readiness", "stress", "snore"];
        for w in WIDGETS {
            assert_eq!(Origin::Fitbit.caps().provides_any(w.needs), !scores.contains(&w.id), "{}", w.id);
        }
    }

    #[test]
    fn google_health_has_no_friends_widget_and_an_export_no_friends() {
        let friends = WIDGETS.iter().find(|w| w.id == "friends").unwrap();
        let devices = WIDGETS.iter().find(|w| w.id == "devices").unwrap();
        assert!(!Origin::GoogleHealth.caps().provides_any(friends.needs));
        assert!(Origin::GoogleHealth.caps().provides_any(devices.needs));
        assert!(!Origin::Archive.caps().provides_any(friends.needs));
        assert!(Origin::Archive.caps().provides_any(devices.needs), "trackers as of the export");
    }
}
