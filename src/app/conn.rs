//! Where the person stands with Fitbit: read from storage, changed by the sign-in callback and
//! by other tabs.

use super::{AppState, Notice};
use crate::auth::flow;
use crate::auth::tokens::{self, Stored};
use crate::browser::{window, JsClock};
use crate::env::{Clock, KvStore};
use crate::live;
use crate::scope::Scope;
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Debug, PartialEq)]
pub enum Conn {
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
pub fn from_storage() -> (Conn, Option<&'static str>) {
    let stored = tokens::load(&live::local());
    let note = match stored {
        Stored::Reset => Some(words::SIGN_IN_RESET),
        Stored::Newer => Some(words::SIGN_IN_NEWER),
        _ => None,
    };
    match stored {
        Stored::Tokens(t) => (
            Conn::SignedIn {
                user_id: t.user_id,
                scopes: t.scopes,
            },
            None,
        ),
        _ => match live::local().get(tokens::ENDED_KEY) {
            Some(user_id) => (Conn::Ended { user_id }, note),
            None => (Conn::SignedOut, note),
        },
    }
}

/// The connection at start: a redirect back from Fitbit completes the sign-in, else storage
/// says. Then follows sign-ins, refreshes, ends and sign-outs of other tabs.
pub fn start(st: AppState) {
    let AppState {
        conn,
        notice,
        live_snap,
        ..
    } = st;
    let search = window().location().search().unwrap_or_default();
    if let Some(params) = flow::parse_callback(&search) {
        // No code or state stays in the address bar or the history.
        live::clean_callback_url();
        match flow::check_callback(&live::local(), params, JsClock.now_ms()) {
            Ok(grant) => {
                conn.set(Conn::Connecting);
                spawn_local(async move {
                    match live::session().complete_sign_in(grant).await {
                        Ok(t) => conn.set(Conn::SignedIn {
                            user_id: t.user_id,
                            scopes: t.scopes,
                        }),
                        Err(e) => {
                            notice.set(Some(Notice::error(e.message())));
                            conn.set(from_storage().0);
                        }
                    }
                });
            }
            Err(e) => {
                notice.set(Some(Notice::error(e.message())));
                conn.set(from_storage().0);
            }
        }
    } else {
        let (c, note) = from_storage();
        if let Some(text) = note {
            notice.set(Some(Notice::error(text)));
        }
        conn.set(c);
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
        let before = conn.get_untracked();
        if now != before && before != Conn::Connecting {
            if matches!(before, Conn::SignedIn { .. }) && now == Conn::SignedOut {
                // Signed out there, or a newer version's tab took over the sign-in.
                notice
                    .set(Some(note.map(Notice::error).unwrap_or_else(|| {
                        Notice::info(words::SIGNED_OUT_ELSEWHERE)
                    })));
                live_snap.set(None);
            }
            conn.set(now);
        }
    });
    on_cleanup(move || handle.remove());
}

/// "Reconnect": sign in again with the saved client ID and scopes.
pub fn reconnect(notice: RwSignal<Option<Notice>>) {
    let Some(id) = live::saved_client_id() else {
        notice.set(Some(Notice::error(words::NO_CLIENT_ID)));
        return;
    };
    if let Err(e) = live::start_sign_in(&id, &live::saved_scopes(), false) {
        notice.set(Some(Notice::error(e)));
    }
}
