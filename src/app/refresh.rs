//! Live data for a connected (or ended) account: what the store keeps is painted first, then
//! whatever is stale is fetched; on a schedule, on return to the tab, back online, on "Try
//! again"; other tabs' results arrive through the store.

use super::{AppState, FitbitConn, Notice};
use crate::browser::window;
use crate::fitbit::client::ApiError;
use crate::fitbit::page;
use crate::fitbit::sync::{Outcome, Want};
use crate::here;
use crate::model::{Origin, Snapshot};
use crate::prefs;
use crate::scope::Scope;
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Connects the account's data to the connection and to the tab's life.
pub fn wire(st: AppState, pwa: crate::pwa::Pwa) {
    let AppState {
        fitbit, live_snap, ..
    } = st;
    Effect::new(move |_| {
        let c = fitbit.get();
        let user_id = match &c {
            FitbitConn::SignedIn { user_id, .. } | FitbitConn::Ended { user_id } => user_id.clone(),
            _ => return,
        };
        // Painted as loading at once (never the demo), then from the store.
        live_snap.set(Some(Snapshot::loading(
            Origin::Fitbit,
            here::device_today(),
        )));
        st.status.update(|s| s.painted = false);
        spawn_local(async move {
            show_stored(&user_id, st).await;
            if let FitbitConn::SignedIn { scopes, .. } = c {
                spawn_local(run(user_id, scopes, Want::Stale, st));
            }
        });
    });

    // Coming back to the tab: refresh what went stale meanwhile (fresh data costs nothing).
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        if window()
            .document()
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        {
            stale(st);
        }
    });
    on_cleanup(move || visibility.remove());

    // Back online: fetch what went stale while the network was away.
    Effect::new(move |was_online: Option<bool>| {
        let now_online = pwa.online.get();
        if now_online && was_online == Some(false) {
            stale(st);
        }
        now_online
    });
}

fn stale(st: AppState) {
    if let FitbitConn::SignedIn { user_id, scopes } = st.fitbit.get_untracked() {
        spawn_local(run(user_id, scopes, Want::Stale, st));
    }
}

/// Shows what the store keeps for `user_id` (on load, and when another tab saved).
pub async fn show_stored(user_id: &str, st: AppState) {
    let kept = page::load_kept(user_id).await;
    if kept.newer {
        st.notice.set(Some(Notice {
            from_refresh: true,
            ..Notice::error(words::NEWER_OPEN)
        }));
    }
    st.live_snap.set(Some(kept.shown()));
    // The hour's budget as stored: the status bar's line is there from the first paint.
    let budget = crate::fitbit::rate::Budget::load(
        &prefs::local(),
        crate::env::Clock::now_ms(&crate::browser::JsClock),
    )
    .remaining();
    st.status.update(|s| {
        s.updated_at = kept.rec.fetched.values().max().copied();
        s.budget_left = s.budget_left.or(Some(budget));
        s.painted = true;
    });
}

/// One refresh: fetch what `want` asks for, show it, explain failures.
pub async fn run(user_id: String, scopes: Vec<Scope>, want: Want, st: AppState) {
    let status = st.status;
    // Offline, a request can only fail: the saved data stays, and coming back online refreshes.
    if status.get_untracked().busy || !window().navigator().on_line() {
        return;
    }
    status.update(|s| s.busy = true);
    let (kept, out) = page::refresh(&user_id, &scopes, want).await;
    status.update(|s| {
        s.busy = false;
        s.updated_at = kept.rec.fetched.values().max().copied();
        s.budget_left = Some(out.budget_left);
    });
    show(kept, out, user_id, scopes, st);
    // Counted once everything above is on screen.
    status.update(|s| s.runs += 1);
}

/// Shows what one refresh brought: the data, the connection it revealed, and a notice.
fn show(kept: page::Kept, out: Outcome, user_id: String, scopes: Vec<Scope>, st: AppState) {
    let AppState {
        fitbit,
        notice,
        live_snap,
        ..
    } = st;
    if out.session_ended {
        fitbit.set(FitbitConn::Ended { user_id });
        return;
    }
    if out.signed_out {
        // Signed out in another tab, or another account signed in meanwhile: follow storage.
        fitbit.set(super::fitbit::from_storage().0);
        return;
    }
    // Another sign-in or sign-out may have happened meanwhile.
    if !matches!(fitbit.get_untracked(), FitbitConn::SignedIn { user_id: ref u, .. } if *u == user_id)
    {
        return;
    }
    live_snap.set(Some(kept.shown()));
    st.status.update(|s| s.painted = true);
    let plan = page::dashboard_plan(&scopes, &prefs::saved_layout());
    let data_from = kept.rec.oldest_fetch(&plan).map(here::clock_time);
    let message = if kept.newer || kept.refused.is_some() {
        // Nothing of this refresh could be kept: say why, before anything the answers said.
        Some(Notice::error(kept.refused.as_ref().map_or_else(
            || words::NEWER_OPEN.to_string(),
            words::store_problem,
        )))
    } else if out.retired {
        Some(Notice::error(ApiError::Retired.message()))
    } else if let Some(until) = out.rate_limited_until_ms {
        Some(rate_limited(until))
    } else if let Some(problem) = &out.auth_problem {
        Some(Notice::error(problem.message()))
    } else if out.refused {
        Some(Notice::error(ApiError::Unauthorized.message()))
    } else if out.unreachable {
        Some(Notice::error(words::unreachable(data_from.as_deref())))
    } else {
        out.deferred_until_ms
            .map(|until| Notice::info(words::deferred(&here::clock_time(until))))
    };
    // Clear an earlier data notice once things work again; leave sign-in messages alone.
    let message = message.map(|n| Notice {
        from_refresh: true,
        ..n
    });
    if message.is_some() || notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.from_refresh)) {
        notice.set(message);
    }
}

pub fn rate_limited(until_ms: i64) -> Notice {
    Notice::error(words::rate_limited(&here::clock_time(until_ms)))
}

/// Resolves once no refresh is under way in this tab (a minute at most): what asks for data
/// while one runs (Try again, older history) waits for it instead of being dropped.
pub async fn idle(st: AppState) {
    for _ in 0..120 {
        if !st.status.with_untracked(|s| s.busy) {
            break;
        }
        crate::browser::sleep_ms(500).await;
    }
}
