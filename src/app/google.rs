//! The Google Health API in the app: whether it is connected (from Google's answer in the
//! address, else storage, then other tabs), its data painted from the store and refreshed
//! when stale, and what to tell the person. An expired token paints from the store and waits
//! for "Continue": never a renewal in a loop or a navigation the person did not ask for.

use super::{AppState, Notice};
use crate::browser::{window, JsClock};
use crate::env::Clock;
use crate::google::page;
use crate::google::plan::Call;
use crate::google::tokens::GoogleTokens;
use crate::here;
use crate::model::{Origin, Snapshot};
use crate::scope::Scope;
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Debug, PartialEq)]
pub struct GoogleConn {
    pub account: String,
    pub scopes: Vec<Scope>,
    /// The hour is over: data from the store only, "Continue" renews.
    pub expired: bool,
}

fn conn_of(t: &GoogleTokens) -> GoogleConn {
    GoogleConn {
        account: t.account.clone(),
        scopes: t.scopes.clone(),
        expired: t.expired(JsClock.now_ms()),
    }
}

/// The connection at start, and then as other tabs change it.
pub fn start(st: AppState) {
    let AppState {
        google,
        notice,
        live_snap,
        ..
    } = st;
    spawn_local(async move {
        match page::take_answer().await {
            Some(Ok(t)) => google.set(Some(conn_of(&t))),
            Some(Err(msg)) => {
                notice.set(Some(Notice::error(msg)));
                google.set(page::current().map(|t| conn_of(&t)));
            }
            None => google.set(page::current().map(|t| conn_of(&t))),
        }
    });
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(key) = ev.key() else { return };
        if key == crate::keys::GOOGLE_TOKENS {
            let now = page::current().map(|t| conn_of(&t));
            let before = google.get_untracked();
            if before.is_some() && now.is_none() {
                notice.set(Some(Notice::info(words::GOOGLE_SIGNED_OUT_ELSEWHERE)));
                live_snap.set(None);
            }
            if now != before {
                google.set(now);
            }
        }
    });
    on_cleanup(move || handle.remove());

    // Painted from the store at once; asked for what is stale while the token lasts.
    Effect::new(move |prev: Option<Option<String>>| {
        let g = google.get();
        let account = g.as_ref().map(|g| g.account.clone());
        if let Some(g) = g {
            if prev.as_ref() != Some(&account) {
                live_snap.set(Some(Snapshot::loading(
                    Origin::GoogleHealth,
                    here::device_today(),
                )));
                st.status.update(|s| s.painted = false);
                spawn_local(show_stored(st));
            }
            if !g.expired {
                spawn_local(run(st, None));
            }
        }
        account
    });
    provide_older(st);
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        let visible = window()
            .document()
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        if visible && google.with_untracked(|g| g.as_ref().is_some_and(|g| !g.expired)) {
            spawn_local(run(st, None));
        }
    });
    on_cleanup(move || visibility.remove());
}

/// A history view that reaches before what is kept asks for those days.
fn provide_older(st: AppState) {
    let google = st.google;
    // Each older day is asked for once per page: the store says what was fetched before, and
    // a range Google has nothing for must not be asked again each time the view redraws.
    let asked = StoredValue::new(None::<crate::date::Date>);
    let progress = RwSignal::new(None::<String>);
    provide_context(crate::screens::history::LoadOlder {
        progress: progress.into(),
        load: Callback::new(move |from: crate::date::Date| {
            if asked.get_value().is_some_and(|a| from >= a) {
                return;
            }
            if google.with_untracked(|g| g.as_ref().is_some_and(|g| !g.expired)) {
                asked.set_value(Some(from));
                spawn_local(older(st, from, progress));
            }
        }),
        active: Signal::derive(move || {
            google.with(|g| g.as_ref().is_some_and(|g| !g.expired))
                && !st.demo_mode.get()
                && st.archive.with(|a| a.is_none())
        }),
    });
}

pub(super) async fn show_stored(st: AppState) {
    let Some(t) = page::current() else { return };
    let runs = st.status.with_untracked(|s| s.runs);
    if let Ok(shown) = page::load(&t).await {
        // A refresh that finished meanwhile showed newer data (and its failures): keep that.
        if st.status.with_untracked(|s| s.runs) != runs {
            return;
        }
        st.status.update(|s| s.updated_at = shown.rec.newest());
        show(st, shown.snap);
    }
}

/// Shows `snap`, still saying what the last refresh found failed where `snap` (painted from
/// the store: older history, another tab's write) knows nothing newer.
fn show(st: AppState, mut snap: Snapshot) {
    st.live_snap.with_untracked(|before| {
        if let Some(before) = before.as_ref().filter(|b| b.origin == Origin::GoogleHealth) {
            snap.keep_marks(before);
        }
    });
    st.live_snap.set(Some(snap));
    st.status.update(|s| s.painted = true);
}

/// History from `from` on (a history view reached it), fetched unless already kept: a year a
/// round, newest first, its progress said in History; after a 429, resumed once Google's
/// minute is over.
async fn older(st: AppState, from: crate::date::Date, progress: RwSignal<Option<String>>) {
    use crate::google::older;
    // Ten years, each perhaps paused once or twice: never a loop without end.
    for _ in 0..40 {
        // After the refresh under way, if any (a view opened while the dashboard loads).
        super::refresh::idle(st).await;
        let Some((shown, out)) = run_with(st, Some(from), None).await else {
            break;
        };
        let Some(t) = page::current() else { break };
        let p = older::progress(
            &shown.rec,
            shown.snap.today,
            &page::dashboard_plan(&t.scopes),
        );
        let paused = out
            .rate_limited
            .then(|| here::clock_time(shown.rec.paused_until_ms));
        progress.set(words::google_older(&p, paused.as_deref(), out.more));
        if out.rate_limited {
            // In short steps against the clock: a device asleep meanwhile resumes on waking.
            for _ in 0..90 {
                if JsClock.now_ms() > shown.rec.paused_until_ms {
                    break;
                }
                crate::browser::sleep_ms(2_000).await;
            }
        } else if !out.more {
            break;
        }
    }
}

/// One refresh (of what is stale, or `only`), shown with what it revealed.
pub async fn run(st: AppState, only: Option<Vec<Call>>) {
    run_with(st, None, only).await;
}

/// One round; what it left in the store and what happened, unless it could not run.
async fn run_with(
    st: AppState,
    from: Option<crate::date::Date>,
    only: Option<Vec<Call>>,
) -> Option<(crate::google::record::Shown, crate::google::sync::Outcome)> {
    let AppState {
        google,
        notice,
        status,
        ..
    } = st;
    let t = page::current()?;
    if status.get_untracked().busy || !window().navigator().on_line() {
        return None;
    }
    if t.expired(JsClock.now_ms()) {
        google.update(|g| {
            if let Some(g) = g {
                g.expired = true;
            }
        });
        return None;
    }
    status.update(|s| s.busy = true);
    let want = match from {
        Some(d) => page::Want::Older(d),
        None => page::Want::Stale(only),
    };
    let result = page::fetch(t.clone(), want).await;
    status.update(|s| s.busy = false);
    // Signed out (or another account) meanwhile: show nothing of this one.
    if google.with_untracked(|g| g.as_ref().map(|g| g.account.clone())) != Some(t.account.clone()) {
        return None;
    }
    let mut round = None;
    let message = match result {
        Err(e) => Some(Notice::error(words::store_problem(&e))),
        Ok((shown, out)) => {
            status.update(|s| s.updated_at = shown.rec.newest());
            show(st, shown.snap.clone());
            round = Some((shown.clone(), out.clone()));
            if out.expired {
                google.update(|g| {
                    if let Some(g) = g {
                        g.expired = true;
                    }
                });
                None
            } else if out.rate_limited {
                Some(Notice::error(words::google_rate_limited(
                    &here::clock_time(shown.rec.paused_until_ms),
                )))
            } else {
                out.problem.map(|p| Notice::error(p.message()))
            }
        }
    };
    let message = message.map(|n| Notice {
        from_refresh: true,
        ..n
    });
    if message.is_some() || notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.from_refresh)) {
        notice.set(message);
    }
    status.update(|s| s.runs += 1);
    round
}
