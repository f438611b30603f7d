//! The sources attached to the one person, as the shell sees them: which live source is
//! connected, what each holds, and the actions every source answers to (refresh, try again,
//! sign out, remove its data). This is the one place that maps a source to its own code;
//! screens and the shell ask here and read the source's capability row for their words.

use super::{AppState, FitbitConn, Notice};
use crate::fitbit::sync::Want;

use crate::model::{Need, Origin};
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The live source signed in here (None: the demo, an export alone, or signed out). Tracks.
pub fn connected(st: AppState) -> Option<Origin> {
    if st.google.with(|g| g.is_some()) {
        return Some(Origin::GoogleHealth);
    }
    matches!(
        st.fitbit.get(),
        FitbitConn::SignedIn { .. } | FitbitConn::Ended { .. }
    )
    .then_some(Origin::Fitbit)
}

/// The connected live source as a screen draws it, whichever source it is. Tracks.
#[derive(Clone, Debug, PartialEq)]
pub enum Live {
    /// None connected: the setup screen (or a stored history).
    None,
    /// Signing in (the provider's answer being exchanged).
    Connecting(Origin),
    /// Connected. `paused`: its sign-in must be renewed before it is asked again (the data
    /// shown comes from the store; its row says why).
    Ready { src: Origin, paused: bool },
    /// The provider no longer accepts the sign-in: what the store keeps, and "Reconnect".
    Ended(Origin),
}

pub fn live(st: AppState) -> Live {
    if let Some(g) = st.google.get() {
        return Live::Ready {
            src: Origin::GoogleHealth,
            paused: g.expired,
        };
    }
    match st.fitbit.get() {
        FitbitConn::SignedOut => Live::None,
        FitbitConn::Connecting => Live::Connecting(Origin::Fitbit),
        FitbitConn::SignedIn { .. } => Live::Ready {
            src: Origin::Fitbit,
            paused: false,
        },
        FitbitConn::Ended { .. } => Live::Ended(Origin::Fitbit),
    }
}

/// What the connected source was given access to (None: no live source). Tracks.
pub fn granted(st: AppState) -> Option<Vec<crate::scope::Scope>> {
    if let Some(g) = st.google.get() {
        return Some(g.scopes);
    }
    match st.fitbit.get() {
        FitbitConn::SignedIn { scopes, .. } => Some(scopes),
        FitbitConn::Ended { .. } => Some(crate::fitbit::page::saved_scopes()),
        _ => None,
    }
}

/// The status bar's "Refresh" (or the paused source's "Continue"): everything the person may
/// want now, from the connected source.
pub fn refresh_now(st: AppState) {
    match untrack(|| live(st)) {
        Live::Ready { paused: true, src } | Live::Ended(src) => resume(st, src),
        Live::Ready {
            src: Origin::GoogleHealth,
            ..
        } => spawn_local(super::google::run(st, None)),
        Live::Ready {
            src: Origin::Fitbit,
            ..
        } => {
            if let FitbitConn::SignedIn { user_id, scopes } = st.fitbit.get_untracked() {
                spawn_local(super::refresh::run(user_id, scopes, Want::Manual, st));
            }
        }
        _ => {}
    }
}

/// "Continue" or "Reconnect": the source's sign-in again (its consent page opens).
pub fn resume(st: AppState, src: Origin) {
    let result = match src {
        Origin::GoogleHealth => crate::google::page::renew(),
        Origin::Fitbit => match crate::fitbit::page::saved_client_id() {
            Some(id) => {
                crate::fitbit::page::start_sign_in(&id, &crate::fitbit::page::saved_scopes(), false)
            }
            None => Err(words::NO_CLIENT_ID.to_string()),
        },
        Origin::Archive | Origin::Demo => Ok(()),
    };
    if let Err(e) = result {
        st.notice.set(Some(Notice::error(e)));
    }
}

/// A live source's own set-up screen, for "Connect …" in Sources.
pub fn setup(src: Origin) -> AnyView {
    match src {
        Origin::GoogleHealth => view! { <crate::screens::google_setup::GoogleSetup/> }.into_any(),
        _ => ().into_any(),
    }
}

/// "Refresh": what is stale, from the connected source.
pub fn refresh(st: AppState) {
    match connected_now(st) {
        Some(Origin::GoogleHealth) => spawn_local(super::google::run(st, None)),
        Some(Origin::Fitbit) => {
            if let FitbitConn::SignedIn { user_id, scopes } = st.fitbit.get_untracked() {
                spawn_local(super::refresh::run(user_id, scopes, Want::Stale, st));
            }
        }
        _ => {}
    }
}

/// Another day than today, as the source shown gives it (None: nothing to load, the day is
/// painted from what the dashboard's snapshot holds). An export's day is read from the store
/// with that month's curves; Fitbit's is fetched (three requests) and painted with history.
pub async fn day(st: AppState, d: crate::date::Date) -> Option<crate::model::Snapshot> {
    if st.archive.with_untracked(|a| a.is_some()) {
        return crate::takeout::page::load_archive(Some(d)).await;
    }
    let base = st.live_snap.get_untracked()?;
    if base.origin.caps().days_from_store {
        return None;
    }
    let FitbitConn::SignedIn { scopes, user_id } = st.fitbit.get_untracked() else {
        return None;
    };
    let (snap, out) = crate::fitbit::page::load_day(&user_id, &base, &scopes, d).await;
    if let Some(until) = out.rate_limited_until_ms {
        st.notice.set(Some(super::refresh::rate_limited(until)));
    }
    Some(snap)
}

/// "Share …" in a widget: the connected source is asked for just that kind of data (its
/// consent page opens).
pub fn ask_more(st: AppState, extra: &[crate::scope::Scope]) -> Result<(), String> {
    match connected_now(st) {
        Some(Origin::GoogleHealth) => crate::google::page::request_more(extra),
        _ => crate::fitbit::page::request_more(extra),
    }
}

/// "Try again" in a widget: just what it needs, from the connected source, once the refresh
/// under way (if any) has ended: a click is never dropped.
pub fn retry(st: AppState, needs: &[Need]) {
    let needs = needs.to_vec();
    spawn_local(async move {
        super::refresh::idle(st).await;
        match connected_now(st) {
            Some(Origin::GoogleHealth) => {
                let scopes = st
                    .google
                    .with_untracked(|g| g.as_ref().map(|g| g.scopes.clone()))
                    .unwrap_or_default();
                super::google::run(st, Some(crate::google::plan::plan(&needs, &scopes))).await;
            }
            Some(Origin::Fitbit) => {
                if let FitbitConn::SignedIn { user_id, scopes } = st.fitbit.get_untracked() {
                    let only = crate::fitbit::endpoints::plan(&needs, &scopes);
                    super::refresh::run(user_id, scopes, Want::Only(only), st).await;
                }
            }
            _ => {}
        }
    });
}

pub(super) fn connected_now(st: AppState) -> Option<Origin> {
    leptos::prelude::untrack(|| connected(st))
}

/// Re-reads the store for whatever is shown (another tab, an import or a removal wrote it).
pub fn show_stored(st: AppState) {
    match connected_now(st) {
        Some(Origin::GoogleHealth) => spawn_local(super::google::show_stored(st)),
        Some(Origin::Fitbit) => {
            if let FitbitConn::SignedIn { user_id, .. } | FitbitConn::Ended { user_id } =
                st.fitbit.get_untracked()
            {
                spawn_local(async move { super::refresh::show_stored(&user_id, st).await });
            }
        }
        _ => spawn_local(async move {
            let s = crate::takeout::page::load_archive(None).await;
            // A source connected meanwhile shows the history itself.
            if connected_now(st).is_none() {
                st.archive.set(s);
            }
        }),
    }
}

/// Another tab (or this tab's import worker, through the page) wrote the one history: whatever
/// is shown is read again, whichever source it is.
pub fn listen(st: AppState) {
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(crate::history::person::ME.stored_key) {
            show_stored(st);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Signs out of `src` (revoking its access where it can), then removes its data if asked.
/// The notice says what happened, and what stays.
pub async fn sign_out(st: AppState, src: Origin, delete: bool) -> Notice {
    // Removed before the sign-in is forgotten: other tabs that hear of the sign-out then read
    // the history without it.
    let removed = if delete {
        super::place::remove(src).await
    } else {
        Ok(())
    };
    // Google refuses to revoke a token past its hour: said as such, with where to remove it.
    let mut expired_token = false;
    let revoked = match src {
        Origin::Fitbit => {
            let r = crate::fitbit::page::session().sign_out().await.is_ok();
            st.fitbit.set(FitbitConn::SignedOut);
            r
        }
        Origin::GoogleHealth => {
            let r = crate::google::page::sign_out().await;
            st.google.set(None);
            expired_token = r == Err(crate::google::page::Unrevoked::Expired);
            r.is_ok()
        }
        Origin::Archive | Origin::Demo => true,
    };
    st.live_snap.set(None);
    st.status.set(Default::default());
    // What is left is shown: the history the other sources gave, if any.
    show_stored(st);
    match removed {
        Err(e) => Notice::error(words::not_removed(&e)),
        Ok(()) if expired_token => Notice::info(words::google_revoke_expired(delete)),
        Ok(()) if revoked => Notice::info(words::signed_out(src.caps(), delete)),
        Ok(()) => Notice::error(words::signed_out_not_revoked(src.caps())),
    }
}

/// Refreshes the connected source on a schedule (settings: every 15, 30 or 60 minutes, or
/// never) in exactly one tab, the holder of a Web Lock (when it closes, a waiting tab takes
/// over; the others get the results through the store), and at the person's midnight, so a
/// dashboard left open overnight never calls yesterday "today".
pub async fn poll(st: AppState) {
    use crate::env::Locks;
    crate::browser::WebLocks
        .with_lock("pulsedeck-poller", async move {
            let (mut day, mut minutes_since) = (crate::here::device_today(), 0);
            loop {
                crate::browser::sleep_ms(60_000).await;
                minutes_since += 1;
                // The interval is read each time, so a change in settings applies at once.
                let every = crate::prefs::refresh_minutes();
                let today = crate::here::device_today();
                if today != day || (every > 0 && minutes_since >= every) {
                    day = today;
                    minutes_since = 0;
                    refresh(st);
                }
            }
        })
        .await;
}
