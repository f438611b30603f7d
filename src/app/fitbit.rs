//! Where the person stands with Fitbit: read from storage, changed by the sign-in callback and
//! by other tabs.

use super::{AppState, Notice};
use crate::browser::{window, JsClock};
use crate::env::{Clock, KvStore};
use crate::fitbit::auth::flow;
use crate::fitbit::auth::tokens::{self, Stored};
use crate::fitbit::page;
use crate::here;
use crate::model::Slot;
use crate::prefs;
use crate::scope::Scope;
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Debug, PartialEq)]
pub enum FitbitConn {
    SignedOut,
    /// Exchanging the authorization code.
    Connecting,
    SignedIn {
        user_id: String,
        scopes: Vec<Scope>,
    },
    /// Fitbit rejected the refresh token: cached data stays, "Reconnect" is offered.
    Ended {
        user_id: String,
    },
}

/// The connection storage describes, and what to tell the person about the stored sign-in.
pub fn from_storage() -> (FitbitConn, Option<&'static str>) {
    let stored = tokens::load(&prefs::local());
    let note = match stored {
        Stored::Reset => Some(words::SIGN_IN_RESET),
        Stored::Newer => Some(words::SIGN_IN_NEWER),
        _ => None,
    };
    match stored {
        Stored::Tokens(t) => (
            FitbitConn::SignedIn {
                user_id: t.user_id,
                scopes: t.scopes,
            },
            None,
        ),
        _ => match prefs::local().get(tokens::ENDED_KEY) {
            Some(user_id) => (FitbitConn::Ended { user_id }, note),
            None => (FitbitConn::SignedOut, note),
        },
    }
}

/// The connection at start: a redirect back from Fitbit completes the sign-in, else storage
/// says. Then follows sign-ins, refreshes, ends and sign-outs of other tabs.
pub fn start(st: AppState) {
    let AppState {
        fitbit,
        notice,
        live_snap,
        ..
    } = st;
    let search = window().location().search().unwrap_or_default();
    if let Some(params) = flow::parse_callback(&search) {
        // No code or state stays in the address bar or the history.
        here::clean_callback_url();
        match flow::check_callback(&prefs::local(), params, JsClock.now_ms()) {
            Ok(grant) => {
                fitbit.set(FitbitConn::Connecting);
                spawn_local(async move {
                    match page::session().complete_sign_in(grant).await {
                        Ok(t) => fitbit.set(FitbitConn::SignedIn {
                            user_id: t.user_id,
                            scopes: t.scopes,
                        }),
                        Err(e) => {
                            notice.set(Some(Notice::error(e.message())));
                            fitbit.set(from_storage().0);
                        }
                    }
                });
            }
            Err(e) => {
                notice.set(Some(Notice::error(e.message())));
                fitbit.set(from_storage().0);
            }
        }
    } else {
        let (c, note) = from_storage();
        if let Some(text) = note {
            notice.set(Some(Notice::error(text)));
        }
        fitbit.set(c);
    }

    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key
            .as_deref()
            .is_some_and(|k| k != tokens::TOKENS_KEY && k != tokens::ENDED_KEY)
        {
            return;
        }
        let (now, note) = from_storage();
        let before = fitbit.get_untracked();
        if now != before && before != FitbitConn::Connecting {
            if matches!(before, FitbitConn::SignedIn { .. }) && now == FitbitConn::SignedOut {
                // Signed out there, or a newer version's tab took over the sign-in.
                notice
                    .set(Some(note.map(Notice::error).unwrap_or_else(|| {
                        Notice::info(words::SIGNED_OUT_ELSEWHERE)
                    })));
                live_snap.set(None);
            }
            fitbit.set(now);
        }
    });
    on_cleanup(move || handle.remove());
}

/// "Show route": one TCX request (activity + location), drawn in the exercises widget.
pub fn provide_route(st: AppState) {
    let AppState {
        fitbit, live_snap, ..
    } = st;
    provide_context(crate::widgets::ShowRoute(Callback::new(
        move |log_id: u64| {
            let FitbitConn::SignedIn { user_id, .. } = fitbit.get_untracked() else {
                return;
            };
            let set = move |slot: Slot<Vec<(f64, f64)>>| {
                live_snap.update(|s| {
                    if let Some(s) = s {
                        s.routes.insert(log_id, slot);
                    }
                });
            };
            set(Slot::Loading);
            spawn_local(async move {
                match crate::fitbit::page::route(&user_id, log_id).await {
                    Ok(points) => set(if points.is_empty() {
                        Slot::NoData
                    } else {
                        Slot::Ready(points)
                    }),
                    Err(e) => set(Slot::Failed(e.message(here::clock_time))),
                }
            });
        },
    )));
}
