//! Every localStorage key pulsedeck uses, in one place, and the rule for versioned records.
//!
//! Tabs of different app versions share one localStorage (the update flow keeps old tabs
//! open), so a versioned record is read and written by this rule: a record of a *newer*
//! version is left exactly as it is (never deleted, never overwritten); an older one is
//! migrated; only an unreadable one is reset.

use crate::env::KvStore;
use crate::jsontext::{FromJson, Members};

pub const TOKENS: &str = "pulsedeck.tokens";
/// Set when a session ended for good (refresh token rejected): holds whose it was.
pub const ENDED: &str = "pulsedeck.session-ended";
/// Sign-in transactions in progress, by state (localStorage: an installed iOS app signs in
/// through Safari, which shares localStorage with it but not sessionStorage).
pub const AUTH_TX: &str = "pulsedeck.auth.tx";
/// States of callbacks already handled, so a replayed URL gets a precise message.
pub const AUTH_CONSUMED: &str = "pulsedeck.auth.consumed";
pub const RATE: &str = "pulsedeck.rate";
pub const LAYOUT: &str = "pulsedeck.layout";
pub const CLIENT_ID: &str = "pulsedeck.client-id";
pub const SCOPES: &str = "pulsedeck.scopes";
/// One cached snapshot per person: this prefix + user id.
/// (The cache of versions before the history store: migrated into it on first run.)
pub const CACHE_PREFIX: &str = "pulsedeck.cache.";
/// When a tab last wrote the one history (`history::person::ME`): the `storage` event it
/// raises tells other tabs to re-read the store (IndexedDB has no event), and its presence
/// that this browser keeps data (the page opens the app, not the welcome page).
pub const STORED: &str = "pulsedeck.stored.me";
pub const REFRESH_MINUTES: &str = "pulsedeck.refresh-minutes";
pub const THEME: &str = "pulsedeck.theme";
pub const INTRADAY: &str = "pulsedeck.intraday";
pub const UNITS: &str = "pulsedeck.units";
/// Set by versions before the one history when an export was imported. Read only by the
/// page's frame script, as a hint that a returning person has data; removed at the first start
/// of this version (the store says what it holds, never a flag kept beside it).
pub const LEGACY_ARCHIVE: &str = "pulsedeck.archive";
/// The time zone (IANA name) an export's UTC stamps are placed in, when the person chose one
/// (none: this browser's).
pub const EXPORT_ZONE: &str = "pulsedeck.export-zone";
/// When this browser last saved a backup (ms since the epoch).
pub const BACKUP_AT: &str = "pulsedeck.backup-at";
/// Set once pulsedeck asked the browser to keep its data for good after an import (asked
/// once: Firefox asks the person).
pub const PERSIST_ASKED: &str = "pulsedeck.persist-asked";
/// When the person dismissed the backup reminder (ms): it waits another 30 days.
pub const BACKUP_REMINDED: &str = "pulsedeck.backup-reminded";
/// The Google Health API's token record (versioned), and the one-time states of sign-ins
/// started and not yet answered.
pub const GOOGLE_TOKENS: &str = "pulsedeck.google.tokens";
pub const GOOGLE_STATES: &str = "pulsedeck.google.states";
/// The person's Google Web client ID, as entered in the setup wizard.
pub const GOOGLE_CLIENT: &str = "pulsedeck.google.client";
/// Google's sign-in answer (the address's fragment), in sessionStorage: the page's frame
/// script moves it there and out of the address before anything else runs (index.html).
pub const GOOGLE_ANSWER: &str = "pulsedeck.google.answer";
/// Set when a silent renewal was answered `interaction_required`: the next asks with consent.
pub const GOOGLE_NEEDS_CONSENT: &str = "pulsedeck.google.consent";

/// What a versioned record held.
#[derive(Clone, Debug, PartialEq)]
pub enum Versioned<T> {
    Missing,
    /// Current, or migrated from an older version.
    Ok(T),
    /// Written by a newer version of pulsedeck (another tab): not ours to read or touch.
    Newer(u32),
    /// Not JSON, or not a record of ours: safe to reset.
    Unreadable,
}

/// Reads the record at `key`: its `v` decides. `migrate(v, raw)` turns an older record (a
/// missing `v` counts as 0) into the current shape, or gives up (`None`: unreadable).
pub fn read<T: FromJson>(
    store: &impl KvStore,
    key: &str,
    current: u32,
    migrate: impl Fn(u32, &str) -> Option<T>,
) -> Versioned<T> {
    let Some(raw) = store.get(key) else {
        return Versioned::Missing;
    };
    let Some(v) = version(&raw) else {
        return Versioned::Unreadable;
    };
    let parsed = if v > current {
        return Versioned::Newer(v);
    } else if v == current {
        T::from_json(&raw)
    } else {
        migrate(v, &raw)
    };
    parsed.map_or(Versioned::Unreadable, Versioned::Ok)
}

/// The `v` of a JSON object (0 when absent); `None` when the text is not a JSON object.
fn version(raw: &str) -> Option<u32> {
    Members::new(raw)?
        .get::<Option<u32>>("v")
        .map(Option::unwrap_or_default)
}

/// Whether this version may write `key`: not when a newer version's record is there.
pub fn may_write(store: &impl KvStore, key: &str, current: u32) -> bool {
    store
        .get(key)
        .and_then(|raw| version(&raw))
        .is_none_or(|v| v <= current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemStore;

    #[test]
    fn the_pages_frame_script_reads_these_keys() {
        // index.html picks the frame (and the app or the welcome page) before any wasm runs,
        // from the keys of a returning person's data and the chosen theme.
        let html = include_str!("../index.html");
        let script = html
            .split("<script>")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .expect("the frame script");
        for key in [TOKENS, GOOGLE_TOKENS, LEGACY_ARCHIVE, ENDED, STORED, THEME] {
            assert!(
                script.contains(&format!("\"{key}\"")),
                "{key} missing from the frame script"
            );
        }
    }

    #[derive(Debug, PartialEq)]
    struct Rec {
        v: u32,
        name: String,
    }
    crate::from_json_struct! { Rec { v, name } }

    fn migrate(v: u32, raw: &str) -> Option<Rec> {
        // Version 1 called the field "title".
        (v == 1)
            .then(|| Members::new(raw)?.get::<String>("title"))
            .flatten()
            .map(|title| Rec { v: 2, name: title })
    }

    #[test]
    fn newer_records_are_left_alone_older_migrated_junk_unreadable() {
        let s = MemStore::default();
        assert_eq!(read(&s, "k", 2, migrate), Versioned::<Rec>::Missing);
        s.set("k", r#"{"v":2,"name":"a"}"#).unwrap();
        assert_eq!(
            read(&s, "k", 2, migrate),
            Versioned::Ok(Rec {
                v: 2,
                name: "a".into()
            })
        );
        s.set("k", r#"{"v":1,"title":"b"}"#).unwrap();
        assert_eq!(
            read(&s, "k", 2, migrate),
            Versioned::Ok(Rec {
                v: 2,
                name: "b".into()
            })
        );
        s.set("k", r#"{"v":3,"whatever":true}"#).unwrap();
        assert_eq!(read(&s, "k", 2, migrate), Versioned::Newer(3));
        assert!(!may_write(&s, "k", 2));
        assert!(may_write(&s, "k", 3));
        assert_eq!(
            s.get("k").as_deref(),
            Some(r#"{"v":3,"whatever":true}"#),
            "reading never touches the record"
        );
        for junk in ["{", "null", "[1]", r#"{"v":2}"#] {
            s.set("k", junk).unwrap();
            assert_eq!(read(&s, "k", 2, migrate), Versioned::Unreadable, "{junk}");
            assert!(may_write(&s, "k", 2));
        }
    }
}
