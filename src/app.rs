//! The app shell: header, main area, footer, and the connection state every screen follows.

use crate::auth::flow;
use crate::auth::tokens::{self, Stored};
use crate::browser::{window, JsClock};
use crate::demo;
use crate::env::{Clock, KvStore};
use crate::fitbit::client::ApiError;
use crate::fitbit::sync::Want;
use crate::live;
use crate::model::{Origin, Snapshot};
use crate::scope::Scope;
use crate::screens::dashboard::Dashboard;
use crate::screens::history::History;
use crate::screens::data_panel::DataPanel;
use crate::screens::setup::Setup;
use crate::shell::{DayPicker, InstallButton, OfflineBanner, SignOut, StatusBar};
use crate::units::UnitPrefs;
use leptos::prelude::*;
use leptos::task::spawn_local;


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

/// The connection storage describes, and what to tell the person about the stored sign-in.
fn conn_from_storage() -> (Conn, Option<&'static str>) {
    let stored = tokens::load(&live::local());
    let note = match stored {
        Stored::Reset => Some(RESET_NOTICE),
        Stored::Newer => Some(NEWER_NOTICE),
        _ => None,
    };
    match stored {
        Stored::Tokens(t) => (Conn::SignedIn { user_id: t.user_id, scopes: t.scopes }, None),
        _ => match live::local().get(tokens::ENDED_KEY) {
            Some(user_id) => (Conn::Ended { user_id }, note),
            None => (Conn::SignedOut, note),
        },
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// Said by a data refresh: the next refresh replaces or clears it (sign-in messages stay).
    pub from_refresh: bool,
}

impl Notice {
    pub(crate) fn error(text: impl Into<String>) -> Notice {
        Notice { error: true, text: text.into(), from_refresh: false }
    }
    pub(crate) fn info(text: impl Into<String>) -> Notice {
        Notice { error: false, text: text.into(), from_refresh: false }
    }
}

const RESET_NOTICE: &str = "Your saved sign-in could not be read, so it was reset. Please connect again.";
const NEWER_NOTICE: &str = "A newer version of pulsedeck is signed in in this browser (in another tab). Reload this tab to use it; \
    your sign-in and data are kept.";

#[component]
pub fn App() -> impl IntoView {
    let notice = RwSignal::new(None::<Notice>);
    let demo_mode = RwSignal::new(false);
    let conn = RwSignal::new(Conn::SignedOut);
    let live_snap = RwSignal::new(None::<Snapshot>);
    let signing_out = RwSignal::new(false);
    let pwa = crate::pwa::init();
    provide_context(pwa);
    let net = crate::pwa::NeedsNetwork::here();

    // A redirect back from Fitbit?
    let search = window().location().search().unwrap_or_default();
    if let Some(params) = flow::parse_callback(&search) {
        // No code or state stays in the address bar or the history.
        live::clean_callback_url();
        match flow::check_callback(&live::local(), params, JsClock.now_ms()) {
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
        let (c, note) = conn_from_storage();
        if let Some(text) = note {
            notice.set(Some(Notice::error(text)));
        }
        conn.set(c);
    }

    // Other tabs: a sign-in, refresh, end or sign-out there shows here at once.
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let key = ev.key();
        if key.as_deref().is_some_and(|k| k != tokens::TOKENS_KEY && k != tokens::ENDED_KEY) {
            return;
        }
        let (now, note) = conn_from_storage();
        let before = conn.get_untracked();
        if now != before && before != Conn::Connecting {
            if matches!(before, Conn::SignedIn { .. }) && now == Conn::SignedOut {
                // Signed out there, or a newer version's tab took over the sign-in.
                notice.set(Some(note.map(Notice::error).unwrap_or_else(|| Notice::info("You signed out in another tab."))));
                live_snap.set(None);
            }
            conn.set(now);
        }
    });
    on_cleanup(move || handle.remove());

    // Live data for a connected (or ended) account: the cached snapshot first (painted before
    // any network reply), then whatever is stale from Fitbit.
    let status = RwSignal::new(Status::default());
    Effect::new(move |_| {
        let c = conn.get();
        let user_id = match &c {
            Conn::SignedIn { user_id, .. } | Conn::Ended { user_id } => user_id.clone(),
            _ => return,
        };
        // Painted as loading at once (never the demo), then from the store.
        live_snap.set(Some(Snapshot::loading(Origin::Fitbit, live::device_today())));
        spawn_local(async move {
            show_stored(&user_id, status, live_snap).await;
            if let Conn::SignedIn { scopes, .. } = c {
                spawn_local(run_refresh(user_id.clone(), scopes.clone(), Want::Stale, live_snap, conn, notice, status));
                spawn_local(poll(user_id, scopes, live_snap, conn, notice, status));
            }
        });
    });

    // Results fetched by another tab arrive through the shared cache.
    let cache_listener = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(key) = ev.key() else { return };
        let Conn::SignedIn { user_id, .. } = conn.get_untracked() else { return };
        if key == live::stored_key(&user_id) {
            spawn_local(async move {
                show_stored(&user_id, status, live_snap).await;
            });
        }
    });
    on_cleanup(move || cache_listener.remove());

    // Coming back to the tab: refresh what went stale meanwhile (fresh data costs nothing).
    let visibility = window_event_listener_untyped("visibilitychange", move |_| {
        if crate::browser::window().document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible) {
            if let Conn::SignedIn { user_id, scopes } = conn.get_untracked() {
                spawn_local(run_refresh(user_id, scopes, Want::Stale, live_snap, conn, notice, status));
            }
        }
    });
    on_cleanup(move || visibility.remove());

    // Back online: fetch what went stale while the network was away.
    Effect::new(move |was_online: Option<bool>| {
        let now_online = pwa.online.get();
        if now_online && was_online == Some(false) {
            if let Conn::SignedIn { user_id, scopes } = conn.get_untracked() {
                spawn_local(run_refresh(user_id, scopes, Want::Stale, live_snap, conn, notice, status));
            }
        }
        now_online
    });

    // "Share …" in a widget: ask the source for just that kind of data.
    provide_context(crate::widgets::AskScopes(Callback::new(|extra: Vec<Scope>| live::request_more(&extra))));

    // "Try again" in a failed widget refetches just what that widget needs.
    provide_context(crate::widgets::Retry(Callback::new(move |needs: Vec<crate::model::Need>| {
        if let Conn::SignedIn { user_id, scopes } = conn.get_untracked() {
            let only = crate::fitbit::endpoints::plan(&needs, &scopes);
            spawn_local(run_refresh(user_id, scopes, Want::Only(only), live_snap, conn, notice, status));
        }
    })));

    // The day viewed: None is today. A previous day in a connected account loads that day's
    // summary, food log and zones (day_snap); the demo derives it.
    let day = RwSignal::new(None::<crate::date::Date>);
    let day_snap = RwSignal::new(None::<Snapshot>);
    Effect::new(move |_| {
        let d = day.get();
        day_snap.set(None);
        let (Some(d), false, Conn::SignedIn { scopes, user_id }) = (d, demo_mode.get_untracked(), conn.get_untracked()) else { return };
        let Some(base) = live_snap.get_untracked() else { return };
        spawn_local(async move {
            let (snap, out) = live::load_day(&user_id, &base, &scopes, d).await;
            if day.get_untracked() == Some(d) {
                day_snap.set(Some(snap));
                if let Some(until) = out.rate_limited_until_ms {
                    notice.set(Some(rate_limited_notice(until)));
                }
            }
        });
    });
    let today_sig = Signal::derive(move || {
        if demo_mode.get() { live::device_today() } else { live_snap.with(|s| s.as_ref().map(|s| s.today)).unwrap_or_else(live::device_today) }
    });
    // "Show route": one TCX request (activity + location), drawn in the exercises widget.
    provide_context(crate::widgets::ShowRoute(Callback::new(move |log_id: u64| {
        let Conn::SignedIn { user_id, .. } = conn.get_untracked() else { return };
        let set = move |slot: crate::model::Slot<Vec<(f64, f64)>>| {
            live_snap.update(|s| {
                if let Some(s) = s {
                    s.routes.insert(log_id, slot);
                }
            });
        };
        set(crate::model::Slot::Loading);
        spawn_local(async move {
            match live::route(&user_id, log_id).await {
                Ok(points) => set(if points.is_empty() { crate::model::Slot::NoData } else { crate::model::Slot::Ready(points) }),
                Err(e) => set(crate::model::Slot::Failed(e.message(live::clock_time))),
            }
        });
    })));

    // Memoised: every widget reads the snapshot, and a change that leaves it equal (a refresh
    // that brought nothing new) must not redraw them.
    // (Compared by nothing: a deep `PartialEq` of the snapshot costs bundle bytes and time.)
    let base = Memo::new_with_compare(move |_| live_snap.get().filter(|_| !demo_mode.get()).unwrap_or_else(|| demo::snapshot(live::device_today())), |_, _| true);
    let snapshot: Signal<Snapshot> = Memo::new_with_compare(move |_| {
        let base = base.get();
        match day.get() {
            None => base,
            Some(d) if base.origin == Origin::Demo => demo::as_of(&base, d),
            Some(d) => day_snap.get().unwrap_or_else(|| {
                let mut s = base.clone();
                s.today = d;
                s.nutrition = crate::model::Slot::Loading;
                s.heart_zones = crate::model::Slot::Loading;
                s
            }),
        }
    }, |_, _| true)
    .into();
    let base: Signal<Snapshot> = base.into();
    let granted = Signal::derive(move || match conn.get() {
        Conn::SignedIn { scopes, .. } if !demo_mode.get() => scopes,
        Conn::Ended { .. } if !demo_mode.get() => live::saved_scopes(),
        _ => Scope::ALL.to_vec(),
    });
    // Layout and theme, as chosen in settings.
    let layout = RwSignal::new(live::saved_layout());
    let theme = RwSignal::new(live::local().get(live::THEME_KEY));
    Effect::new(move |_| {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            match theme.get() {
                Some(t) => {
                    let _ = root.set_attribute("data-theme", &t);
                }
                None => {
                    let _ = root.remove_attribute("data-theme");
                }
            }
        }
    });

    // Units: the override chosen in settings, else the person's Fitbit profile; the demo is metric.
    let system = RwSignal::new(crate::screens::data_panel::saved_system());
    let prefs = Signal::derive(move || {
        if let Some(s) = system.get() {
            return s.prefs();
        }
        if demo_mode.get() {
            UnitPrefs::default()
        } else {
            live_snap.with(|s| s.as_ref().and_then(|s| s.units)).unwrap_or_default()
        }
    });
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
                <div class="statusbar"><DayPicker day=day today=today_sig needs_network=false/></div>
                <Dashboard snapshot=snapshot prefs=prefs granted=granted can_ask=false layout=layout.into() today=today_sig/>
                <History snapshot=base prefs=prefs today=today_sig/>
                <DataPanel snapshot=snapshot system=system layout=layout theme=theme/>
            }
            .into_any();
        }
        match c {
            Conn::SignedOut => view! { <Setup on_demo=move || demo_mode.set(true)/> }.into_any(),
            Conn::Connecting => view! {
                <div class="banner" role="status" aria-live="polite"><p>"Connecting to Fitbit…"</p></div>
            }
            .into_any(),
            Conn::SignedIn { user_id, scopes } => view! {
                <h1 class="sr-only">"Your health dashboard"</h1>
                <StatusBar status=status day=day today=today_sig on_refresh=move || {
                    spawn_local(run_refresh(user_id.clone(), scopes.clone(), Want::Manual, live_snap, conn, notice, status));
                }/>
                <Dashboard snapshot=snapshot prefs=prefs granted=granted can_ask=true layout=layout.into() today=today_sig/>
                <History snapshot=base prefs=prefs today=today_sig/>
                <DataPanel snapshot=snapshot system=system layout=layout theme=theme on_clear=Callback::new(move |_| {
                    spawn_local(async move {
                        live::clear_cached_data().await;
                        live_snap.set(Some(Snapshot::loading(Origin::Fitbit, live::device_today())));
                        notice.set(Some(Notice::info("The data cached in this browser was deleted. It will load again from Fitbit.")));
                    });
                })/>
            }
            .into_any(),
            Conn::Ended { .. } => view! {
                <div class="banner warn" role="alert">
                    <p>
                        "Fitbit no longer accepts pulsedeck's connection (access may have been removed, or the "
                        "app's settings changed). The data below is what this browser kept"
                        {move || display_name().map(|n| format!(" for {n}"))} "."
                    </p>
                    <button type="button" class="primary" on:click=move |_| reconnect(notice)
                        disabled=move || net.offline() aria-describedby=move || net.why()>"Reconnect"</button>
                </div>
                <h1 class="sr-only">"Your health dashboard (saved data)"</h1>
                <Dashboard snapshot=snapshot prefs=prefs granted=granted can_ask=false layout=layout.into() today=today_sig/>
                <History snapshot=base prefs=prefs today=today_sig/>
            }
            .into_any(),
        }
    };

    // Tells tests and tools that the app is mounted and every window listener (install
    // prompt, storage, online/offline) is registered: effects run after the first render.
    Effect::new(move |_| {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-app", "ready");
        }
    });

    view! {
        <a class="skip-link" href="#main">"Skip to the main content"</a>
        <header class="topbar">
            <div class="brand">
                <img src="icon.svg" alt="" width="28" height="28"/>
                <span class="brand-name">"pulsedeck"</span>
            </div>
            <Show when=move || demo_mode.get()>
                <span class="badge demo" role="note">"Demo data"</span>
            </Show>
            <InstallButton pwa=pwa/>
            <div class="account">
                <Show when=move || matches!(conn.get(), Conn::SignedIn { .. }) && !demo_mode.get()>
                    <span class="who">{display_name}</span>
                    <button type="button" class="secondary" id="signout-open" on:click=move |_| signing_out.set(true)>"Sign out"</button>
                </Show>
            </div>
        </header>
        <Show when=move || signing_out.get()>
            <SignOut conn=conn notice=notice live_snap=live_snap open=signing_out/>
        </Show>
        <main id="main" tabindex="-1">
            <Show when=move || pwa.update_ready.get()>
                <div class="banner update" role="status">
                    <p>"A new version is available."</p>
                    <button type="button" class="primary" on:click=move |_| crate::pwa::apply_update()>"Reload"</button>
                </div>
            </Show>
            <Show when=move || !pwa.online.get()>
                <OfflineBanner conn=conn demo_mode=demo_mode status=status/>
            </Show>
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

/// Shows what the store keeps for `user_id` (on load, and when another tab saved).
async fn show_stored(user_id: &str, status: RwSignal<Status>, live_snap: RwSignal<Option<Snapshot>>) {
    let kept = live::load_kept(user_id).await;
    status.update(|s| s.updated_at = kept.rec.fetched.values().max().copied());
    live_snap.set(Some(kept.shown()));
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

fn rate_limited_notice(until_ms: i64) -> Notice {
    Notice::error(format!(
        "Fitbit's hourly request limit is reached. pulsedeck will try again after {}.",
        live::clock_time(until_ms)
    ))
}

/// What the status bar shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    pub busy: bool,
    pub updated_at: Option<i64>,
    pub budget_left: Option<u32>,
    /// Refreshes finished in this tab (shown as `data-refreshes`: tests wait for it).
    pub runs: u32,
}

/// One refresh: fetch what `want` asks for, show it, explain failures.
async fn run_refresh(
    user_id: String,
    scopes: Vec<Scope>,
    want: Want,
    live_snap: RwSignal<Option<Snapshot>>,
    conn: RwSignal<Conn>,
    notice: RwSignal<Option<Notice>>,
    status: RwSignal<Status>,
) {
    // Offline, a request can only fail: the saved data stays, and coming back online refreshes.
    if status.get_untracked().busy || !window().navigator().on_line() {
        return;
    }
    status.update(|s| s.busy = true);
    let (kept, out) = live::refresh(&user_id, &scopes, want).await;
    status.update(|s| {
        s.busy = false;
        s.updated_at = kept.rec.fetched.values().max().copied();
        s.budget_left = Some(out.budget_left);
    });
    show_refresh(kept, out, user_id, scopes, live_snap, conn, notice);
    // Counted once everything above is on screen.
    status.update(|s| s.runs += 1);
}

/// Shows what one refresh brought: the data, the connection it revealed, and a notice.
fn show_refresh(
    kept: live::Kept,
    out: crate::fitbit::sync::Outcome,
    user_id: String,
    scopes: Vec<Scope>,
    live_snap: RwSignal<Option<Snapshot>>,
    conn: RwSignal<Conn>,
    notice: RwSignal<Option<Notice>>,
) {
    if out.session_ended {
        conn.set(Conn::Ended { user_id });
        return;
    }
    if out.signed_out {
        // Signed out in another tab, or another account signed in meanwhile: follow storage.
        conn.set(conn_from_storage().0);
        return;
    }
    // Another sign-in or sign-out may have happened meanwhile.
    if !matches!(conn.get_untracked(), Conn::SignedIn { user_id: ref u, .. } if *u == user_id) {
        return;
    }
    live_snap.set(Some(kept.shown()));
    let plan = live::dashboard_plan(&scopes, &live::saved_layout());
    let data_from = kept.rec.oldest_fetch(&plan).map(live::clock_time);
    let message = if out.retired {
        Some(Notice::error(ApiError::Retired.message()))
    } else if let Some(until) = out.rate_limited_until_ms {
        Some(rate_limited_notice(until))
    } else if let Some(problem) = &out.auth_problem {
        Some(Notice::error(problem.message()))
    } else if out.refused {
        Some(Notice::error(ApiError::Unauthorized.message()))
    } else if out.unreachable {
        Some(Notice::error(match data_from {
            Some(t) => format!("Could not reach Fitbit. Showing the data saved at {t}."),
            None => "Could not reach Fitbit. Check your connection and try again.".to_string(),
        }))
    } else { out.deferred_until_ms.map(|until| Notice::info(format!(
            "Saving Fitbit's hourly request budget: some data will update after {}.",
            live::clock_time(until)
        ))) };
    // Clear an earlier data notice once things work again; leave sign-in messages alone.
    let message = message.map(|n| Notice { from_refresh: true, ..n });
    if message.is_some() || notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.from_refresh)) {
        notice.set(message);
    }
}

/// Refreshes on a schedule (settings: every 15, 30 or 60 minutes, or never) in exactly one tab: the holder of a Web Lock. When that tab closes,
/// another waiting tab takes over. Other tabs get the results through the shared cache.
async fn poll(
    user_id: String,
    scopes: Vec<Scope>,
    live_snap: RwSignal<Option<Snapshot>>,
    conn: RwSignal<Conn>,
    notice: RwSignal<Option<Notice>>,
    status: RwSignal<Status>,
) {
    use crate::env::Locks;
    crate::browser::WebLocks
        .with_lock("pulsedeck-poller", async move {
            loop {
                // The interval is read each time, so a change in settings applies at once.
                let minutes = live::refresh_minutes();
                crate::browser::sleep_ms(if minutes == 0 { 60_000 } else { minutes as i32 * 60_000 }).await;
                if live::refresh_minutes() == 0 {
                    continue;
                }
                let still = matches!(conn.get_untracked(), Conn::SignedIn { user_id: ref u, .. } if *u == user_id);
                if !still {
                    break;
                }
                run_refresh(user_id.clone(), scopes.clone(), Want::Stale, live_snap, conn, notice, status).await;
            }
        })
        .await;
}
