//! The app shell: header, main area and footer. The connections (`fitbit`, `google`), live
//! data (`refresh`) and the screen of each state (`screen`) are wired here and nowhere else.

mod fitbit;
mod google;
mod place;
mod refresh;
mod screen;
mod signout;
pub mod sources;

pub use crate::shell::Status;
pub use fitbit::FitbitConn;
pub use google::GoogleConn;

use crate::browser::window;
use crate::date::Date;
use crate::demo;
use crate::env::KvStore;
use crate::here;
use crate::model::{Origin, Slot, Snapshot};
use crate::prefs;
use crate::scope::Scope;
use crate::shell::{Brand, Footer, InstallButton, OfflineBanner, UpdateBanner};
use crate::units::{System, UnitPrefs};
use leptos::prelude::*;
use leptos::task::spawn_local;
use screen::{Screen, Shown};

#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
    /// Said by a data refresh: the next refresh replaces or clears it (sign-in messages stay).
    pub from_refresh: bool,
}

impl Notice {
    pub(crate) fn error(text: impl Into<String>) -> Notice {
        Notice {
            error: true,
            text: text.into(),
            from_refresh: false,
        }
    }
    pub(crate) fn info(text: impl Into<String>) -> Notice {
        Notice {
            error: false,
            text: text.into(),
            from_refresh: false,
        }
    }
}

/// The app's state every part reads or changes (signals: `Copy`).
#[derive(Clone, Copy)]
pub struct AppState {
    /// Where the person stands with Fitbit.
    pub fitbit: RwSignal<FitbitConn>,
    pub demo_mode: RwSignal<bool>,
    pub notice: RwSignal<Option<Notice>>,
    /// What the connected account's store keeps (None: nothing shown for an account).
    pub live_snap: RwSignal<Option<Snapshot>>,
    pub status: RwSignal<Status>,
    /// The imported export, while the person looks at it (None: not shown).
    pub archive: RwSignal<Option<Snapshot>>,
    /// The Google Health API, when connected (its data is shown in `live_snap`).
    pub google: RwSignal<Option<GoogleConn>>,
    /// The "Sources" place is open.
    pub sources_open: RwSignal<bool>,
}

impl AppState {
    /// The connected person's name, once their profile is known.
    pub fn display_name(self) -> Option<String> {
        self.live_snap.with(|s| {
            s.as_ref()
                .and_then(|s| s.profile.ready().map(|p| p.display_name.clone()))
        })
    }
}

#[component]
pub fn App() -> impl IntoView {
    let st = AppState {
        fitbit: RwSignal::new(FitbitConn::SignedOut),
        demo_mode: RwSignal::new(false),
        notice: RwSignal::new(None),
        live_snap: RwSignal::new(None),
        status: RwSignal::new(Status::default()),
        archive: RwSignal::new(None),
        google: RwSignal::new(None),
        sources_open: RwSignal::new(false),
    };
    let AppState {
        demo_mode,
        notice,
        status,
        ..
    } = st;
    let signing_out = RwSignal::new(false);
    let has_data = move || has_data(st);
    let signed_in = move || signed_in(st);
    let pwa = crate::pwa::init();
    // The person opened the app: it is kept offline from now on.
    crate::pwa::keep_app();
    provide_context(pwa);

    let import = wire(st, pwa);
    let shown = shown(st);

    crate::shell::announce_ready();

    view! {
        <a class="skip-link" href="#main">"Skip to the main content"</a>
        <Header st=st pwa=pwa signing_out=signing_out/>
        {move || signed_in().filter(|_| signing_out.get()).map(|src| view! { <signout::SignOut st=st src=src open=signing_out/> })}
        <main id="main" tabindex="-1">
            <UpdateBanner pwa=pwa/>
            <Show when=move || !pwa.online.get()>
                <OfflineBanner connected=Signal::derive(move || sources::connected(st)) demo_mode=demo_mode status=status/>
            </Show>
            // Over the page's foot, not above the dashboard: a refresh that fails after the
            // dashboard is painted must not push it down (a layout shift under the reader).
            {move || notice.get().map(|n| view! {
                <div class="banner toast" class:error=n.error role=if n.error { "alert" } else { "status" }>
                    <p>{n.text}</p>
                    <button type="button" class="link" on:click=move |_| notice.set(None)>"Dismiss"</button>
                </div>
            })}
            <crate::screens::import::ImportStatus ctl=import/>
            <Screen st=st shown=shown/>
            // Below the dashboard: they appear after it is painted, and must not move it.
            <Show when=move || has_data() && !demo_mode.get()>
                <place::BackupReminder st=st/>
            </Show>
            <Show when=move || has_data() && !demo_mode.get()>
                <place::SourcesPlace st=st open=st.sources_open/>
            </Show>
        </main>
        <Footer/>
    }
}

/// Wires the connections, the refreshes, the import and what widgets ask of the source.
fn wire(st: AppState, pwa: crate::pwa::Pwa) -> crate::screens::import::ImportCtl {
    let AppState {
        demo_mode, archive, ..
    } = st;
    // Versions before the one history kept an "export imported" flag beside the store: the
    // store's own key says so now (and other tabs hear of it).
    if prefs::local().get(crate::keys::LEGACY_ARCHIVE).is_some() {
        prefs::local().remove(crate::keys::LEGACY_ARCHIVE);
        crate::history::idb::written();
    }
    fitbit::start(st);
    refresh::wire(st, pwa);
    spawn_local(sources::poll(st));
    sources::listen(st);
    google::start(st);
    let import = crate::screens::import::ImportCtl::new();
    provide_context(import);
    crate::screens::import::listen_for_drops(import);
    // Opened from the welcome page for the demo or an export.
    match crate::welcome::take_handover() {
        Some(crate::welcome::Handover::Demo) => demo_mode.set(true),
        Some(crate::welcome::Handover::Files(files)) => import.start(files),
        None => {}
    }
    // An import that wrote the history shows it: in the connected source's dashboard (one
    // history), else as the stored history's own. Without a live source, whatever the store
    // holds is shown (the store says, never a flag kept beside it).
    Effect::new(move |_| {
        let imported = import.imported.get();
        // Tracked: a source signed out (here or in another tab) shows what the others keep.
        if sources::connected(st).is_some() {
            archive.set(None);
            if imported > 0 {
                sources::show_stored(st);
            }
            return;
        }
        if imported > 0 {
            demo_mode.set(false);
        }
        sources::show_stored(st);
    });
    // "Try again" in a failed widget refetches just what that widget needs, from the source.
    provide_context(crate::widgets::Retry(Callback::new(
        move |needs: Vec<crate::model::Need>| sources::retry(st, &needs),
    )));
    // "Share …" in a widget: ask the source for just that kind of data.
    provide_context(crate::widgets::AskScopes(Callback::new(
        move |extra: Vec<Scope>| sources::ask_more(st, &extra),
    )));
    fitbit::provide_route(st);
    import
}

/// Whether a source is attached (connected, or data of one shown): "Sources" is offered.
fn has_data(st: AppState) -> bool {
    sources::connected(st).is_some() || st.archive.with(|a| a.is_some())
}

/// The live source one can sign out of (an ended session is signed out already).
fn signed_in(st: AppState) -> Option<Origin> {
    match sources::live(st) {
        sources::Live::Ready { src, .. } => Some(src),
        _ => None,
    }
}

/// The header: what is shown (demo, export), "Sources", install, and who is signed in.
#[component]
fn Header(st: AppState, pwa: crate::pwa::Pwa, signing_out: RwSignal<bool>) -> impl IntoView {
    let AppState {
        demo_mode, archive, ..
    } = st;
    let has_data = move || has_data(st);
    let signed_in = move || signed_in(st);
    view! {
    <header class="topbar">
                <Brand/>
                <Show when=move || demo_mode.get()>
                    <span class="badge demo" role="note">"Demo data"</span>
                </Show>
                <Show when=move || archive.with(|a| a.is_some()) && !demo_mode.get()>
                    <span class="badge" role="note">"Your export"</span>
                </Show>
                <Show when=move || has_data() && !demo_mode.get()>
                    <button type="button" class="secondary" aria-controls=crate::screens::sources::ID on:click=move |_| st.sources_open.set(true)>"Sources"</button>
                </Show>
                <InstallButton pwa=pwa/>
                <div class="account">
                    {move || signed_in().filter(|_| !demo_mode.get()).map(|src| view! {
                        <span class="who">{move || st.display_name().unwrap_or_else(|| src.caps().title.to_string())}</span>
                        <button type="button" class="secondary" id="signout-open" on:click=move |_| signing_out.set(true)>"Sign out"</button>
                    })}
                </div>
            </header>
        }
}

/// Another day than today, loaded as the shown source gives it while that day is viewed
/// (None: today, the demo, or still loading).
fn day_loader(st: AppState, day: RwSignal<Option<Date>>) -> RwSignal<Option<Snapshot>> {
    let day_snap = RwSignal::new(None::<Snapshot>);
    Effect::new(move |_| {
        let d = day.get();
        day_snap.set(None);
        let Some(d) = d.filter(|_| !st.demo_mode.get_untracked()) else {
            return;
        };
        spawn_local(async move {
            if let Some(s) = sources::day(st, d).await {
                if day.get_untracked() == Some(d) {
                    day_snap.set(Some(s));
                }
            }
        });
    });
    day_snap
}

/// The units shown: the override chosen in settings, else the source's (the demo's: metric).
fn unit_prefs(st: AppState, system: RwSignal<Option<System>>) -> Signal<UnitPrefs> {
    Signal::derive(move || {
        if let Some(s) = system.get() {
            return s.prefs();
        }
        if st.demo_mode.get() {
            UnitPrefs::default()
        } else {
            st.live_snap
                .with(|s| s.as_ref().and_then(|s| s.units))
                .unwrap_or_default()
        }
    })
}

/// The theme chosen in settings (None: the system's), set on the page's root as it changes.
fn themed() -> RwSignal<Option<String>> {
    let theme = RwSignal::new(prefs::local().get(prefs::THEME_KEY));
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
    theme
}

/// The day viewed and what it shows. None is today; a previous day of a connected account
/// loads that day's summary, food log and zones (painted with what history keeps of it); the
/// demo derives it.
fn shown(st: AppState) -> Shown {
    let AppState {
        demo_mode,
        live_snap,
        archive,
        ..
    } = st;
    let day = RwSignal::new(None::<Date>);
    let day_snap = day_loader(st, day);
    // Memoised: every widget reads the snapshot, and a change that leaves it equal (a refresh
    // that brought nothing new) must not redraw them.
    // (Compared by nothing: a deep `PartialEq` of the snapshot costs bundle bytes and time.)
    let base = Memo::new_with_compare(
        move |_| {
            if demo_mode.get() {
                return demo::snapshot(here::device_today());
            }
            archive
                .get()
                .or_else(|| live_snap.get())
                .unwrap_or_else(|| demo::snapshot(here::device_today()))
        },
        |_, _| true,
    );
    // The person's today is the shown source's (the demo's and a new account's: this device's).
    let today = Signal::derive(move || base.with(|s| s.today));
    let snapshot: Signal<Snapshot> = Memo::new_with_compare(
        move |_| {
            let base = base.get();
            match day.get() {
                None => base,
                Some(d) if base.origin == Origin::Demo => demo::as_of(&base, d),
                Some(d) => day_snap.get().unwrap_or_else(|| {
                    let mut s = base.clone();
                    s.today = d;
                    // A source whose days come from the store has no food log or zones to load.
                    let stored = base.origin.caps().days_from_store;
                    s.nutrition = if stored { Slot::NoData } else { Slot::Loading };
                    s.heart_zones = if stored { Slot::NoData } else { Slot::Loading };
                    s
                }),
            }
        },
        |_, _| true,
    )
    .into();
    // What the shown source was given (an export and the demo hold whatever they hold).
    let granted = Signal::derive(move || {
        if archive.with(|a| a.is_some()) || demo_mode.get() {
            return Scope::ALL.to_vec();
        }
        sources::granted(st).unwrap_or_else(|| Scope::ALL.to_vec())
    });

    // Layout and theme, as chosen in settings.
    let layout = RwSignal::new(prefs::saved_layout());
    let theme = themed();
    // Units: the override chosen in settings, else the person's Fitbit profile; the demo is metric.
    let system = RwSignal::new(crate::screens::data_panel::saved_system());
    let prefs = unit_prefs(st, system);
    Shown {
        day,
        today,
        snapshot,
        base: base.into(),
        granted,
        prefs,
        layout,
        theme,
        system,
    }
}
