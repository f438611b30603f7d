//! What pulsedeck says: the messages of its typed errors and of the app's notices, in one
//! place, each saying what happened and what to do next. (Widgets keep their short captions
//! beside their views; whole sentences about problems live here.)

use crate::fitbit::auth::flow::CallbackError;
use crate::fitbit::auth::session::AuthError;
use crate::fitbit::auth::tokens::TokenError;
use crate::fitbit::client::ApiError;
use crate::fitbit::sync::RouteError;

mod google;
mod import;
pub use google::*;
pub use import::*;

pub const SIGN_IN_RESET: &str =
    "Your saved sign-in could not be read, so it was reset. Please connect again.";
pub const SIGN_IN_NEWER: &str = "A newer version of pulsedeck is signed in in this browser (in another tab). Reload this tab to use it; \
    your sign-in and data are kept.";
pub const SIGNED_OUT_ELSEWHERE: &str = "You signed out in another tab.";
pub const NO_CLIENT_ID: &str = "Set your Fitbit client ID first.";

/// A removal the store refused: nothing was deleted.
pub fn not_removed(e: &crate::history::store::StoreError) -> String {
    use crate::history::store::StoreError::*;
    match e {
        Newer => NEWER_OPEN.into(),
        Blocked => BLOCKED.into(),
        Quota | Other(_) => "The browser's storage refused the change, so nothing was deleted. Reload the page and try again.".into(),
        Unavailable => "This browser does not let pulsedeck open its storage here (a private window, or storage turned off), so nothing was deleted.".into(),
    }
}

/// This tab's store cannot open while another tab holds it (IndexedDB `blocked`).
pub const BLOCKED: &str = "pulsedeck is open in another tab that keeps its storage busy: close or reload the other pulsedeck tabs, then try again. Nothing was changed.";

/// A tab of an older pulsedeck beside a store a newer one wrote.
pub const NEWER_OPEN: &str = "A newer pulsedeck is open in another tab and keeps your data in a newer shape: reload this tab. Until then it shows what it can and saves nothing.";

/// A widget whose answer came back but could not be read.
pub const UNREADABLE_ANSWER: &str = "Fitbit sent data pulsedeck could not read.";
/// A widget whose request failed on the network or on Fitbit's side (its stored data stays).
pub const COULD_NOT_LOAD: &str = "Could not load this from Fitbit. Try again later.";

pub fn unreachable(data_from: Option<&str>) -> String {
    match data_from {
        Some(t) => format!("Could not reach Fitbit. Showing the data saved at {t}."),
        None => "Could not reach Fitbit. Check your connection and try again.".to_string(),
    }
}

pub fn deferred(until: &str) -> String {
    format!("Saving Fitbit's hourly request budget: some data will update after {until}.")
}

pub fn rate_limited(until: &str) -> String {
    format!("Fitbit's hourly request limit is reached. pulsedeck will try again after {until}.")
}

impl ApiError {
    /// What happened and what to do, in the person's words (never a `Debug` dump).
    pub fn message(&self) -> String {
        match self {
            ApiError::Auth(AuthError::Temporary(t)) => t.message(),
            ApiError::Auth(_) => "Your Fitbit connection has ended. Please reconnect.".into(),
            ApiError::NotShared(s) => format!("You did not share {} with pulsedeck.", s.label()),
            ApiError::Permission(m) => format!("Fitbit does not let this app read it ({m})."),
            ApiError::RateLimited { reset_secs: Some(s) } => {
                format!("Fitbit's hourly request limit is reached. pulsedeck will try again in about {} minutes.", s.div_ceil(60))
            }
            ApiError::RateLimited { reset_secs: None } => {
                "Fitbit's hourly request limit is reached. pulsedeck will try again at the top of the hour.".into()
            }
            ApiError::Retired => crate::fitbit::RETIRED_NOTICE.into(),
            ApiError::Unauthorized => {
                "Fitbit refused this request even after renewing the sign-in. The data saved here is kept; try again later, \
                 or sign out and connect again if it persists."
                    .into()
            }
            ApiError::Server(s) => format!("Fitbit is having trouble (error {s}). Showing what this browser kept; try again later."),
            ApiError::NotFound => "Fitbit did not find that data.".into(),
            ApiError::Network(_) => "Could not reach Fitbit. Check your connection; showing what this browser kept.".into(),
            ApiError::Undecodable(_) => UNREADABLE_ANSWER.into(),
            ApiError::Other { status, kind, message } => {
                let what = if message.is_empty() { kind.as_str() } else { message.as_str() };
                format!("Fitbit could not provide this (error {status}{}).", if what.is_empty() { String::new() } else { format!(": {what}") })
            }
        }
    }
}

impl TokenError {
    /// What happened and what to do, in the person's words.
    pub fn message(&self) -> String {
        match self {
            TokenError::InvalidGrant => "Fitbit no longer accepts this connection. Please reconnect.".into(),
            TokenError::InvalidClient(m) => format!(
                "Fitbit refused pulsedeck's client ID{}. Check the ID under Manage My Apps on dev.fitbit.com, and that \
                 the app's OAuth 2.0 Application Type is \"Client\" or \"Personal\"; then sign out and connect again \
                 with the right ID. The data saved here is kept.",
                if m.is_empty() { String::new() } else { format!(" ({m})") }
            ),
            TokenError::RateLimited { .. } => {
                "Fitbit is limiting sign-in requests for now. pulsedeck will try again later; the data saved here is kept.".into()
            }
            TokenError::Server(status) => format!(
                "Fitbit's sign-in service is having trouble (error {status}); that is on Fitbit's side. The data saved \
                 here is kept; try again in a few minutes."
            ),
            TokenError::Retired => crate::fitbit::RETIRED_NOTICE.into(),
            TokenError::Network(_) => unreachable(None),
            TokenError::Other { status, kind, message } => {
                format!("Fitbit refused the sign-in request (error {status}{}): {message}", if kind.is_empty() { String::new() } else { format!(", {kind}") })
            }
            TokenError::BadResponse(_) => "Fitbit sent a response pulsedeck could not read. Try again later.".into(),
            TokenError::Storage(e) => format!("Cannot keep the sign-in: {e}. Allow this site to store data and try again."),
        }
    }
}

impl CallbackError {
    pub fn message(&self) -> String {
        match self {
            CallbackError::Denied => "You chose not to connect your Fitbit account. Nothing was shared.".into(),
            CallbackError::Provider { error, description } => match description {
                Some(d) if !d.is_empty() => format!("Fitbit could not complete the sign-in: {d} ({error})."),
                _ => format!("Fitbit could not complete the sign-in ({error})."),
            },
            CallbackError::Replayed => "This sign-in link was already used. Your connection is unchanged.".into(),
            CallbackError::NoTransaction => {
                "This sign-in did not start in this browser, so it cannot be finished here. Please connect again.".into()
            }
            CallbackError::StateMismatch => {
                "This sign-in response does not match the one this page started, so it was ignored for your safety. \
                 Please connect again."
                    .into()
            }
            CallbackError::Expired => "This sign-in took longer than 10 minutes and has expired. Please connect again.".into(),
        }
    }
}

impl RouteError {
    pub fn message(&self, clock_time: impl Fn(i64) -> String) -> String {
        match self {
            RouteError::Limited { until_ms } => {
                format!(
                    "Fitbit's hourly request limit is reached. Try this route again after {}.",
                    clock_time(*until_ms)
                )
            }
            RouteError::Api(e) => e.message(),
        }
    }
}

/// After signing out of a source (its data deleted or kept).
pub fn signed_out(src: &crate::source::Capabilities, deleted: bool) -> String {
    let kept = if deleted {
        "The data it gave was deleted from this browser."
    } else {
        "The data it gave stays in this browser until you remove it (Sources)."
    };
    format!(
        "Signed out of {}: pulsedeck no longer has access. {kept}",
        src.name
    )
}

/// Signed out here, but the provider could not be told to revoke the access.
pub fn signed_out_not_revoked(src: &crate::source::Capabilities) -> String {
    format!(
        "Signed out in this browser, but {} could not be reached to revoke pulsedeck's access. You can remove it in {}.",
        src.name, src.revoke_where
    )
}

/// What one source holds, in a few words: "399 days (Mar 3, 2025 – Nov 20, 2026)".
pub fn held(h: &crate::history::layer::Held) -> String {
    let days = held_days(h.days);
    let text = held_span(h, &days);
    match h.updated_ms {
        Some(ms) => format!("{text}; last update {}", crate::here::date_time(ms)),
        None => text,
    }
}

fn held_span(h: &crate::history::layer::Held, days: &str) -> String {
    match (h.first, h.last) {
        (Some(a), Some(b)) if a != b => {
            format!("{days} ({} – {})", a.short_label_y(), b.short_label_y())
        }
        (Some(a), _) => format!("{days} ({})", a.short_label_y()),
        _ if h.nights + h.exercises > 0 => {
            format!("{} nights, {} exercises", h.nights, h.exercises)
        }
        _ => "nothing yet".into(),
    }
}

/// What stays when `gone`'s data is removed: "The 399 days from your export stay."
pub fn what_stays(
    all: &[(crate::model::Origin, crate::history::layer::Held)],
    gone: crate::model::Origin,
) -> String {
    let others: Vec<String> = all
        .iter()
        .filter(|(o, h)| *o != gone && h.days > 0)
        .map(|(o, h)| format!("the {} from {}", held_days(h.days), o.caps().name))
        .collect();
    match others.as_slice() {
        [] => "Nothing else is kept in this browser.".into(),
        [one] => format!("{} stay.", capitalise(one)),
        [rest @ .., last] => format!("{} and {last} stay.", capitalise(&rest.join(", "))),
    }
}

fn held_days(n: usize) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{} days", crate::units::grouped(n as i64))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub const EVERYTHING_DELETED: &str = "Everything pulsedeck kept in this browser was deleted: every source's data, the sign-ins and the settings.";

/// One source's data removed.
pub fn removed(src: &crate::source::Capabilities) -> String {
    format!(
        "The data {} gave was deleted from this browser; what other sources gave stays.",
        src.name
    )
}

/// Under an ended session's banner: what can still be done.
/// A live source whose provider no longer accepts pulsedeck's sign-in (`for_whom`: " for Ana").
pub fn source_ended(c: &crate::source::Capabilities, for_whom: &str) -> String {
    format!(
        "{} no longer accepts pulsedeck's connection (access may have been removed, or the app's \
        settings changed). The data below is what this browser kept{for_whom}.",
        capitalise(c.name)
    )
}

pub const ENDED_NOT_A_DEAD_END: &str =
    "This data stays yours: view it, export it (Settings and your data) or remove it (Sources). \
    Your Google Takeout export and the Google Health API can be added under Sources.";

/// What "Your data in this browser" says of the storage and the last backup.
pub fn kept(k: &crate::screens::keep::Kept) -> String {
    let kept = match k.persisted {
        Some(true) => "This browser keeps pulsedeck's data for good (persistent storage).",
        Some(false) => "This browser may clear pulsedeck's data when space runs low or the site is not used for a while. Keep it for good, install the app, or keep a backup.",
        None => "This browser does not say whether it keeps pulsedeck's data for good: keep a backup.",
    };
    // WebKit's rule, said once here: it holds whatever `persisted()` answers (or cannot).
    let webkit = if k.clears_unused && k.persisted != Some(true) {
        " Safari and other WebKit browsers delete a site's data after 7 days without a visit, unless it is added to the Home Screen (File → Add to Dock on a Mac): install pulsedeck, or keep a backup."
    } else {
        ""
    };
    let used = k.usage.map(|(u, q)| {
        format!(
            " It uses {} of the {} this browser allows.",
            crate::screens::import::mb(u),
            crate::screens::import::mb(q)
        )
    });
    let backup = match k.backup_ms {
        Some(ms) => format!(" Last backup: {}.", crate::here::date_time(ms)),
        None => " No backup was made in this browser yet.".into(),
    };
    format!("{kept}{webkit}{}{backup}", used.unwrap_or_default())
}

/// The browser did not grant persistent storage.
pub const PERSIST_REFUSED: &str = "This browser did not agree to keep pulsedeck's data for good. Installing pulsedeck as an app often changes its answer; until then, keep a backup.";

/// The store holds days only this browser has, and no recent backup.
pub const BACKUP_REMINDER: &str = "Some of your history is kept only in this browser (the legacy Fitbit Web API that gave it is gone), and no backup was made in 30 days. A backup is one file you keep.";

/// What a backup holds, and how it comes back.
pub const BACKUP_WHAT: &str = "A backup is one .zip file with everything kept here (every source's days, sessions, curves, food and zones, each with its source). Restore it in any browser by choosing it here or dropping it on any screen: it is added to what is kept, and never replaces what this browser kept since.";

/// The browser's storage is nearly full.
pub fn nearly_full(used: f64, quota: f64) -> String {
    format!(
        "This browser's storage for pulsedeck is nearly full: {} of the {} it allows. Download a backup (Sources), then free space (delete other sites' data, or a source you no longer need) before new data cannot be kept.",
        crate::screens::import::mb(used),
        crate::screens::import::mb(quota)
    )
}

/// What "Download everything" gives.
pub const TABLES_WHAT: &str = "\"Download everything\" saves a .zip for a spreadsheet, a doctor or another app: every daily value in one table (date, metric, value, unit, source), one table per metric, your nights and exercises, and the daily values, nights, exercises, food and heart-rate zones as JSON (day curves are in a backup). Values are in metric base units, named in each file; numbers use a dot for decimals.";

/// Files saved through the browser's download.
pub fn tables_saved(files: usize) -> String {
    format!("Saved {files} files of your history (CSV and JSON, in one .zip): find it in your downloads.")
}

/// A backup saved through the browser's download.
pub fn backup_saved(parts: usize) -> String {
    format!("Backup saved ({parts} parts): find it in your downloads, and keep it somewhere safe.")
}

/// Offline on the welcome page of a browser that has never opened the app.
pub const APP_NEEDS_ONE_VISIT: &str =
    "You are offline. The demo and opening your export need one online visit first: \
open pulsedeck once with a connection, and both work offline from then on.";
