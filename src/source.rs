//! Data sources and what each can give, one capability row per source (after Home
//! Assistant's per-integration tables). The dashboard plans from what widgets need
//! ([`Need`]s); a source turns needs into its own requests (`fitbit::endpoints::plan`), and a
//! widget whose needs a source cannot meet at all says "not available from <source>", never
//! "not shared" with a button that cannot help.

use crate::model::{Metric, Need, Origin};
use crate::scope::Scope;

pub struct Capabilities {
    pub origin: Origin,
    /// As the person knows it, in running text: "Not available from {name}."
    pub name: &'static str,
    /// Parts this source has no way to provide, whatever the person shares.
    pub lacks: &'static [Need],
    /// Whether it asks the person for access per kind of data (Fitbit's and Google's scopes).
    pub scoped: bool,
    /// Kinds of data it has no scope to ask for at all (a "Share" button could not help).
    pub ungrantable: &'static [Scope],
    /// Whether it can be refreshed (an import is a snapshot of the past).
    pub live: bool,
    /// Its name as a heading ("Sources" lists it so).
    pub title: &'static str,
    /// Where a person removes pulsedeck's access at the provider, when it has any.
    pub revoke_where: &'static str,
    /// Whether its other days are painted from the store alone (no request, no food log or
    /// zones to wait for).
    pub days_from_store: bool,
    /// What its paused sign-in means (the data below is the store's; "Continue" renews it).
    pub paused: &'static str,
    /// Whether its UTC stamps are placed in a time zone the person chooses (an export's: a
    /// live source says each point's own offset).
    pub placed_in_zone: bool,
    /// Whether Sources offers to connect it (the Google Health API; Fitbit closed registration
    /// of new apps, so its set-up stays on the first screen for those who have one).
    pub can_add: bool,
    /// Whether its days can be had again if this browser lost them (an export can be asked
    /// for again; the legacy Fitbit Web API was turned off on 2026-11-02, so what it gave is
    /// kept only here): a backup reminder stands on it.
    pub gives_again: bool,
    /// Whose data it shows, when a source picks among the devices and apps that wrote it
    /// (said in Sources; empty: everything the source holds).
    pub whose: &'static str,
}

/// What the Google Health API cannot give: no successor of Fitbit's friends leaderboard
/// (reference: google-health-api.md, "Social"), no read scope for food (discovery rev 20261030
/// has only `nutrition.writeonly`), and the scores, ECG readings and rhythm notifications until
/// their types are mapped.
const GOOGLE_LACKS: [Need; 13] = [
    Need::Friends,
    Need::Nutrition,
    Need::Series(Metric::CaloriesIn),
    Need::Series(Metric::Water),
    Need::Ecg,
    Need::RhythmAlerts,
    Need::Series(Metric::SnoreMinutes),
    Need::Series(Metric::SleepScore),
    Need::Series(Metric::Readiness),
    Need::Series(Metric::StressScore),
    Need::Series(Metric::SleepScoreDuration),
    Need::Series(Metric::SleepScoreComposition),
    Need::Series(Metric::SleepScoreRevitalization),
];

/// The scores only an export holds (the legacy Web API never served them).
const EXPORT_SCORES: &[Need] = GOOGLE_LACKS.split_at(6).1;

pub static SOURCES: [Capabilities; 4] = [
    Capabilities {
        origin: Origin::Demo,
        name: "the demo",
        lacks: &[],
        scoped: false,
        ungrantable: &[],
        live: false,
        title: "The demo",
        revoke_where: "",
        days_from_store: false,
        paused: "",
        placed_in_zone: false,
        can_add: false,
        gives_again: true,
        whose: "",
    },
    Capabilities {
        origin: Origin::Fitbit,
        name: "Fitbit",
        lacks: EXPORT_SCORES,
        scoped: true,
        ungrantable: &[],
        live: true,
        title: "Fitbit (legacy Web API)",
        revoke_where: "your Fitbit account settings (Apps)",
        days_from_store: false,
        paused: "",
        placed_in_zone: false,
        can_add: false,
        gives_again: false,
        whose: "",
    },
    // No read scope for food, nothing for friends (discovery rev 20261030).
    Capabilities {
        origin: Origin::GoogleHealth,
        name: "the Google Health API",
        lacks: &GOOGLE_LACKS,
        scoped: true,
        ungrantable: &[Scope::Nutrition, Scope::Social],
        live: true,
        title: "Google Health API",
        revoke_where: "myaccount.google.com › Security › Third-party connections",
        days_from_store: true,
        paused: crate::words::GOOGLE_EXPIRED,
        placed_in_zone: false,
        can_add: true,
        gives_again: true,
        whose: crate::words::GOOGLE_WHOSE,
    },
    // An export holds the past: no friends (the social folder is skipped), devices as of the
    // export, no ECG or rhythm notifications (not read from it yet).
    Capabilities {
        origin: Origin::Archive,
        name: "your export",
        lacks: &[Need::Friends, Need::Ecg, Need::RhythmAlerts],
        scoped: false,
        ungrantable: &[],
        live: false,
        title: "Your Google Takeout export",
        revoke_where: "",
        days_from_store: false,
        paused: "",
        placed_in_zone: true,
        can_add: false,
        gives_again: true,
        whose: "",
    },
];

impl Origin {
    /// Precedence between sources for one metric and day (see `history`), from the row: a
    /// live source over an archive; the demo never mixes with anyone's data.
    pub fn rank(self) -> u8 {
        self.caps().live as u8
    }

    pub fn caps(self) -> &'static Capabilities {
        SOURCES
            .iter()
            .find(|c| c.origin == self)
            .expect("every origin has a row")
    }
}

impl Capabilities {
    /// Whether the source can give at least one of `needs` (a widget shows what it can).
    pub fn provides_any(&self, needs: &[Need]) -> bool {
        needs.iter().any(|n| !self.lacks.contains(n))
    }

    /// Whether a widget (its needs and the scopes it asks for) can show anything from this
    /// source: else it says "not available from …", never "not shared".
    pub fn serves(&self, needs: &[Need], scopes: &[Scope]) -> bool {
        self.provides_any(needs)
            && (scopes.is_empty() || scopes.iter().any(|s| !self.ungrantable.contains(s)))
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
        assert!(WIDGETS
            .iter()
            .all(|w| Origin::Demo.caps().provides_any(w.needs)));
        // Fitbit's Web API provides every widget but the scores only an export holds.
        let scores = ["sleep-score", "readiness", "stress", "snore"];
        for w in WIDGETS {
            assert_eq!(
                Origin::Fitbit.caps().provides_any(w.needs),
                !scores.contains(&w.id),
                "{}",
                w.id
            );
        }
    }

    #[test]
    fn google_health_has_no_friends_widget_and_an_export_no_friends() {
        let friends = WIDGETS.iter().find(|w| w.id == "friends").unwrap();
        let devices = WIDGETS.iter().find(|w| w.id == "devices").unwrap();
        assert!(!Origin::GoogleHealth.caps().provides_any(friends.needs));
        assert!(Origin::GoogleHealth.caps().provides_any(devices.needs));
        assert!(!Origin::Archive.caps().provides_any(friends.needs));
        // Food: Google has a write scope only; ECG and rhythm notifications are not mapped yet.
        for id in ["nutrition", "ecg", "rhythm", "friends"] {
            let w = WIDGETS
                .iter()
                .find(|w| w.id == id)
                .unwrap_or_else(|| panic!("{id}"));
            assert!(
                !Origin::GoogleHealth.caps().serves(w.needs, w.scopes),
                "{id}"
            );
            assert!(Origin::Fitbit.caps().serves(w.needs, w.scopes), "{id}");
        }
        let activity = WIDGETS.iter().find(|w| w.id == "activity").unwrap();
        assert!(Origin::GoogleHealth
            .caps()
            .serves(activity.needs, activity.scopes));
        assert!(
            Origin::Archive.caps().provides_any(devices.needs),
            "trackers as of the export"
        );
    }
}
