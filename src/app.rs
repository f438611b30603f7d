//! The app shell: header, main area, footer, and the connection state every screen follows.

use crate::auth::flow;
use crate::auth::tokens::{self, Stored};
use crate::browser::{window, Area, JsClock, WebStorage};
use crate::date::Date;
use crate::demo;
use crate::env::{Clock, KvStore};
use crate::fitbit::{client::ApiError, map};
use crate::live;
use crate::model::{Origin, Slot, Snapshot};
use crate::scope::Scope;
use crate::screens::dashboard::Dashboard;
use crate::screens::setup::Setup;
use crate::units::UnitPrefs;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Today's date on this device's clock, in its local time zone.
fn device_today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid"))
}

/// Where the person stands with Fitbit.
#[derive(Clone, Debug, PartialEq)]
pub enum Conn {
    SignedOut,
    /// Exchanging the authorization code.
    Connecting,
    SignedIn { user_id: String, scopes: Vec<Scope> },
    /// Fitbit rejected the refresh token: cached data stays, "Reconnect" is offered.
    Ended { user_id: String },
}

fn conn_from_storage() -> (Conn, bool) {
    match tokens::load(&live::local()) {
        Stored::Tokens(t) => (Conn::SignedIn { user_id: t.user_id, scopes: t.scopes }, false),
        other => {
            let reset = other == Stored::Reset;
            match live::local().get(tokens::ENDED_KEY) {
                Some(user_id) => (Conn::Ended { user_id }, reset),
                None => (Conn::SignedOut, reset),
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    fn error(text: impl Into<String>) -> Notice {
        Notice { error: true, text: text.into() }
    }
    fn info(text: impl Into<String>) -> Notice {
        Notice { error: false, text: text.into() }
    }
}

const RESET_NOTICE: &str = "Your saved sign-in could not be read (it may be from another version), so it was reset. Please connect again.";

#[component]
pub fn App() -> impl IntoView {
    let notice = RwSignal::new(None::<Notice>);
    let demo_mode = RwSignal::new(false);
    let conn = RwSignal::new(Conn::SignedOut);
    let live_snap = RwSignal::new(None::<Snapshot>);
    let signing_out = RwSignal::new(false);

    // A redirect back from Fitbit?
    let search = window().location().search().unwrap_or_default();
    if let Some(params) = flow::parse_callback(&search) {
        // No code or state stays in the address bar or the history.
        live::clean_callback_url();
        match flow::check_callback(&WebStorage(Area::Session), params, JsClock.now_ms()) {
            Ok(grant) => {
                conn.set(Conn::Connecting);
                spawn_local(async move {
                    match live::session().complete_sign_in(grant).await {
                        Ok(t) => conn.set(Conn::SignedIn { user_id: t.user_id, scopes: t.scopes }),
                        Err(e) => {
                            notice.set(Some(Notice::error(e.message())));
                            conn.set(conn_from_storage().0);
                        }
                    }
                });
            }
            Err(e) => {
                notice.set(Some(Notice::error(e.message())));
                conn.set(conn_from_storage().0);
            }
        }
    } else {
        let (c, reset) = conn_from_storage();
        if reset {
            notice.set(Some(Notice::error(RESET_NOTICE)));
        }
        conn.set(c);
    }

    // Other tabs: a sign-in, refresh, end or sign-out there shows here at once.
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key.as_deref().is_some_and(|k| k != tokens::TOKENS_KEY && k != tokens::ENDED_KEY) {
            return;
        }
        let (now, _) = conn_from_storage();
        let before = conn.get_untracked();
        if now != before && before != Conn::Connecting {
            if matches!(before, Conn::SignedIn { .. }) && now == Conn::SignedOut {
                notice.set(Some(Notice::info("You signed out in another tab.")));
                live_snap.set(None);
            }
            conn.set(now);
        }
    });
    on_cleanup(move || handle.remove());

    // Live data for a connected (or ended) account: the cached snapshot first, then Fitbit.
    Effect::new(move |_| {
        let c = conn.get();
        let user_id = match &c {
            Conn::SignedIn { user_id, .. } | Conn::Ended { user_id } => user_id.clone(),
            _ => return,
        };
        let today = device_today();
        let cached = live::cached_snapshot(&user_id);
        let mut snap = cached.unwrap_or_else(|| Snapshot::loading(Origin::Fitbit, today));
        snap.today = today;
        live_snap.set(Some(snap));
        if let Conn::SignedIn { scopes, .. } = c {
            spawn_local(load_live(user_id, scopes, live_snap, conn, notice));
        }
    });

    let snapshot = Signal::derive(move || {
        live_snap.get().filter(|_| !demo_mode.get()).unwrap_or_else(|| demo::snapshot(device_today()))
    });
    let granted = Signal::derive(move || match conn.get() {
        Conn::SignedIn { scopes, .. } if !demo_mode.get() => scopes,
        Conn::Ended { .. } if !demo_mode.get() => live::saved_scopes(),
        _ => Scope::ALL.to_vec(),
    });
    let prefs = RwSignal::new(UnitPrefs::default());
    let showing_demo = move || demo_mode.get() || conn.with(|c| *c == Conn::SignedOut) && demo_mode.get();
    let display_name = move || {
        live_snap.with(|s| s.as_ref().and_then(|s| s.profile.ready().map(|p| p.display_name.clone())))
    };

    let main = move || {
        let c = conn.get();
        if demo_mode.get() {
            return view! {
                <div class="banner demo-banner" role="region" aria-label="About the demo">
                    <p>
                        <strong>"This is a demo"</strong>
                        " of a made-up person's month, so you can see what pulsedeck shows. "
                    </p>
                    <button type="button" class="primary" on:click=move |_| demo_mode.set(false)>
                        {if matches!(c, Conn::SignedOut) { "Connect your Fitbit" } else { "Back to my data" }}
                    </button>
                </div>
                <h1 class="sr-only">"Demo dashboard"</h1>
                <Dashboard snapshot=snapshot prefs=prefs.into() granted=granted can_ask=false/>
            }
            .into_any();
        }
        match c {
            Conn::SignedOut => view! { <Setup on_demo=move || demo_mode.set(true)/> }.into_any(),
            Conn::Connecting => view! {
                <div class="banner" role="status" aria-live="polite"><p>"Connecting to Fitbit…"</p></div>
            }
            .into_any(),
            Conn::SignedIn { .. } => view! {
                <h1 class="sr-only">"Your health dashboard"</h1>
                <Dashboard snapshot=snapshot prefs=prefs.into() granted=granted can_ask=true/>
            }
            .into_any(),
            Conn::Ended { .. } => view! {
                <div class="banner warn" role="alert">
                    <p>
                        "Fitbit no longer accepts pulsedeck's connection (access may have been removed, or the "
                        "app's settings changed). The data below is what this browser kept"
                        {move || display_name().map(|n| format!(" for {n}"))} "."
                    </p>
                    <button type="button" class="primary" on:click=move |_| reconnect(notice)>"Reconnect"</button>
                </div>
                <h1 class="sr-only">"Your health dashboard (saved data)"</h1>
                <Dashboard snapshot=snapshot prefs=prefs.into() granted=granted can_ask=false/>
            }
            .into_any(),
        }
    };

    view! {
        <a class="skip-link" href="#main">"Skip to the main content"</a>
        <header class="topbar">
            <div class="brand">
                <img src="icon.svg" alt="" width="28" height="28"/>
                <span class="brand-name">"pulsedeck"</span>
            </div>
            <Show when=showing_demo>
                <span class="badge demo" role="note">"Demo data"</span>
            </Show>
            <div class="account">
                <Show when=move || matches!(conn.get(), Conn::SignedIn { .. }) && !demo_mode.get()>
                    <span class="who">{display_name}</span>
                    <button type="button" class="secondary" on:click=move |_| signing_out.set(true)>"Sign out"</button>
                </Show>
            </div>
        </header>
        <Show when=move || signing_out.get()>
            <SignOut conn=conn notice=notice live_snap=live_snap open=signing_out/>
        </Show>
        <main id="main" tabindex="-1">
            {move || notice.get().map(|n| view! {
                <div class="banner" class:error=n.error role=if n.error { "alert" } else { "status" }>
                    <p>{n.text}</p>
                    <button type="button" class="link" on:click=move |_| notice.set(None)>"Dismiss"</button>
                </div>
            })}
            {main}
        </main>
        <footer class="footer">
            <p>"Your data goes only from Fitbit to this browser. No server, no tracking, no third parties."</p>
        </footer>
    }
}

fn reconnect(notice: RwSignal<Option<Notice>>) {
    let Some(id) = live::saved_client_id() else {
        notice.set(Some(Notice::error("Set your Fitbit client ID first.")));
        return;
    };
    if let Err(e) = live::start_sign_in(&id, &live::saved_scopes(), false) {
        notice.set(Some(Notice::error(e)));
    }
}

/// Fetches what the signed-in dashboard shows and keeps a copy for the next visit.
async fn load_live(
    user_id: String,
    scopes: Vec<Scope>,
    live_snap: RwSignal<Option<Snapshot>>,
    conn: RwSignal<Conn>,
    notice: RwSignal<Option<Notice>>,
) {
    let client = live::client();
    let profile = if scopes.contains(&Scope::Profile) {
        match client.get("/1/user/-/profile.json", &[Scope::Profile]).await {
            Ok(r) => map::profile(&r.body).map(Slot::Ready).unwrap_or_else(Slot::Failed),
            Err(ApiError::Auth(crate::auth::session::AuthError::Ended)) => {
                conn.set(Conn::Ended { user_id: user_id.clone() });
                return;
            }
            Err(ApiError::Auth(crate::auth::session::AuthError::SignedOut)) => {
                conn.set(Conn::SignedOut);
                return;
            }
            Err(e) => {
                notice.set(Some(Notice::error(api_message(&e))));
                return;
            }
        }
    } else {
        Slot::NotShared
    };
    live_snap.update(|s| {
        if let Some(s) = s {
            s.profile = profile;
            live::cache_snapshot(&user_id, s);
        }
    });
}

pub fn api_message(e: &ApiError) -> String {
    match e {
        ApiError::Auth(crate::auth::session::AuthError::Temporary(t)) => t.message(),
        ApiError::Auth(_) => "Your Fitbit connection has ended. Please reconnect.".into(),
        ApiError::NotShared(s) => format!("You did not share {} with pulsedeck.", s.label()),
        ApiError::Permission(m) => format!("Fitbit does not allow this app to read that data: {m}"),
        ApiError::RateLimited { reset_secs: Some(s) } => {
            format!("Fitbit's hourly request limit is reached. pulsedeck will try again in about {} minutes.", s.div_ceil(60))
        }
        ApiError::RateLimited { reset_secs: None } => {
            "Fitbit's hourly request limit is reached. pulsedeck will try again at the top of the hour.".into()
        }
        ApiError::Retired => "Fitbit has switched off its legacy Web API (410 Gone), so pulsedeck cannot load new data.".into(),
        ApiError::Server(s) => format!("Fitbit is having trouble (error {s}). Showing what this browser kept; try again later."),
        ApiError::NotFound => "Fitbit did not find that data.".into(),
        ApiError::Network(_) => "Could not reach Fitbit. Check your connection; showing what this browser kept.".into(),
        ApiError::Undecodable(_) => "Fitbit sent data pulsedeck could not read.".into(),
        ApiError::Other { status, message, .. } => format!("Fitbit answered with an error ({status}): {message}"),
    }
}

/// "Sign out" confirmation, with the choice to also delete the data cached here.
#[component]
fn SignOut(
    conn: RwSignal<Conn>,
    notice: RwSignal<Option<Notice>>,
    live_snap: RwSignal<Option<Snapshot>>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let also_clear = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = live::session().sign_out().await;
            if also_clear.get_untracked() {
                live::clear_cached_data();
            }
            live_snap.set(None);
            open.set(false);
            busy.set(false);
            conn.set(Conn::SignedOut);
            notice.set(Some(match result {
                Ok(()) => Notice::info("Signed out. pulsedeck no longer has access to your Fitbit data."),
                Err(_) => Notice::error(
                    "Signed out in this browser, but Fitbit could not be reached to revoke access. You can remove \
                     pulsedeck's access in your Fitbit account settings (Apps).",
                ),
            }));
        });
    };
    view! {
        <div class="panel signout" role="dialog" aria-labelledby="signout-title">
            <h2 id="signout-title">"Sign out of Fitbit?"</h2>
            <p>"pulsedeck will ask Fitbit to revoke its access and forget the sign-in in every tab."</p>
            <label class="check">
                <input type="checkbox" prop:checked=move || also_clear.get() on:change=move |_| also_clear.update(|v| *v = !*v)/>
                " Also delete the health data cached in this browser"
            </label>
            <div class="actions">
                <button type="button" class="primary" on:click=confirm disabled=move || busy.get()>"Sign out"</button>
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </div>
    }
}
