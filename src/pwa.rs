//! The installed-app side of pulsedeck: the service worker (registration and updates), the
//! browser's install prompt, and whether the network is there at all.
//!
//! The worker itself is generated at build time (`cargo xtask post-build`, from
//! `xtask/assets/sw.js`) and exists only in release builds, so only they register it. Each page
//! tells it which version (build) it runs, from `<meta name=pulsedeck-version>`: after a newer
//! version takes over, it keeps this page's files (the app the welcome page loads, the import
//! worker) until no page of this version is open.

use crate::browser::window;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState,
};

/// Shared through context; components without it (tests) behave as online.
#[derive(Clone, Copy, Debug)]
pub struct Pwa {
    pub online: RwSignal<bool>,
    /// A new version is installed and waiting (or already took over another tab).
    pub update_ready: RwSignal<bool>,
    /// The browser offered installation (`beforeinstallprompt`) and it has not been used.
    pub can_install: RwSignal<bool>,
    /// Instructions where the browser has no install dialog (Safari, Firefox, GNOME Web), in a
    /// tab (not in the installed app).
    pub install_help: Option<crate::install::InstallHelp>,
}

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    /// Set when the person chose "Reload": only then may a worker change reload the page.
    static RELOAD_ON_CHANGE: Cell<bool> = const { Cell::new(false) };
    static LAST_UPDATE_CHECK: Cell<f64> = const { Cell::new(0.0) };
}

/// Where the browser's install offer is kept: on the page's `window`, not in this module, as the
/// first visit's welcome page may catch it (the browser fires it once) and the app it hands
/// over to offers it.
const INSTALL_PROMPT: &str = "pulsedeckInstallPrompt";

fn kept_prompt() -> Option<JsValue> {
    Reflect::get(&window(), &INSTALL_PROMPT.into())
        .ok()
        .filter(|p| p.is_object())
}

fn keep_prompt(ev: &JsValue) {
    let _ = Reflect::set(&window(), &INSTALL_PROMPT.into(), ev);
}

/// How often a long-open tab (or installed app) asks the server for a new version.
const UPDATE_CHECK_MS: f64 = 30.0 * 60_000.0;

/// The id of the offline banner's text, which says why network actions are disabled.
pub const OFFLINE_NOTE_ID: &str = "offline-note";

/// For a control that needs the network: disabled while offline, and then described by the
/// offline banner. Always online where no `Pwa` is provided (tests).
#[derive(Clone, Copy)]
pub struct NeedsNetwork(Signal<bool>);

impl NeedsNetwork {
    /// Call while building a component (it reads the context once).
    pub fn here() -> Self {
        let pwa = use_context::<Pwa>();
        NeedsNetwork(Signal::derive(move || pwa.is_some_and(|p| !p.online.get())))
    }
    /// For `disabled=`.
    pub fn offline(self) -> bool {
        self.0.get()
    }
    /// For `aria-describedby=`: the banner's text while offline, nothing otherwise.
    pub fn why(self) -> Option<&'static str> {
        self.offline().then_some(OFFLINE_NOTE_ID)
    }
}

pub fn init() -> Pwa {
    let w = window();
    let online = RwSignal::new(w.navigator().on_line());
    let update_ready = RwSignal::new(false);
    let can_install = RwSignal::new(kept_prompt().is_some());
    // These listeners live as long as the page: the app is never unmounted.
    std::mem::forget(window_event_listener_untyped("online", move |_| {
        online.set(true)
    }));
    std::mem::forget(window_event_listener_untyped("offline", move |_| {
        online.set(false)
    }));
    std::mem::forget(window_event_listener_untyped(
        "beforeinstallprompt",
        move |ev| {
            // Keep the browser's own mini-infobar away; the header's "Install" button offers it.
            ev.prevent_default();
            keep_prompt(&ev);
            can_install.set(true);
        },
    ));
    std::mem::forget(window_event_listener_untyped("appinstalled", move |_| {
        keep_prompt(&JsValue::UNDEFINED);
        can_install.set(false);
        // An installed app opens offline, even if only its welcome page was seen.
        keep_app();
    }));
    if cfg!(not(debug_assertions)) {
        register(update_ready);
    }
    Pwa {
        online,
        update_ready,
        can_install,
        install_help: (!standalone())
            .then(user_agent)
            .and_then(|(ua, touch)| crate::install::install_help(&ua, touch)),
    }
}

/// Running as an installed app (home screen or app window) rather than in a browser tab.
pub fn standalone() -> bool {
    let w = window();
    let media = w
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let ios = Reflect::get(&w.navigator(), &"standalone".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    media || ios
}

/// The user agent and the number of touch points (iPadOS tells itself from a Mac by touch).
pub fn user_agent() -> (String, i32) {
    let nav = window().navigator();
    (nav.user_agent().unwrap_or_default(), nav.max_touch_points())
}

/// The version this page runs (the build's cache name, stamped into index.html), if any.
fn page_version() -> Option<String> {
    let meta = window()
        .document()?
        .query_selector("meta[name=pulsedeck-version]")
        .ok()??;
    meta.get_attribute("content").filter(|v| !v.is_empty())
}

/// Tells `worker` which version this page runs.
fn tell_version(worker: Option<ServiceWorker>) {
    let (Some(worker), Some(version)) = (worker, page_version()) else {
        return;
    };
    let msg = js_sys::Object::new();
    let _ = Reflect::set(&msg, &"type".into(), &"version".into());
    let _ = Reflect::set(&msg, &"version".into(), &version.into());
    let _ = worker.post_message(&msg);
}

/// The worker hears this page's version as it starts and when a new worker takes over, and
/// asks again after a restart (it keeps what it heard only in memory).
fn answer_version_questions(container: &ServiceWorkerContainer) {
    tell_version(container.controller());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let asked = Reflect::get(&data, &"type".into())
            .ok()
            .and_then(|t| t.as_string())
            .is_some_and(|t| t == "version?");
        let source = Reflect::get(&ev, &"source".into())
            .ok()
            .filter(|s| s.is_object());
        if asked {
            tell_version(source.map(|s| s.unchecked_into::<ServiceWorker>()));
        }
    });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

fn register(update_ready: RwSignal<bool>) {
    let nav = window().navigator();
    // Absent on plain http (other than localhost) and in some private modes: the app still works.
    if !Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = nav.service_worker();
    answer_version_questions(&container);
    spawn_local(async move {
        // Relative to the page's <base>: /<base>/sw.js, so its scope is the app's path.
        let Ok(reg) = JsFuture::from(container.register("sw.js")).await else {
            return;
        };
        // Some environments (service workers blocked by policy or automation) resolve with nothing.
        if !reg.is_object() {
            return;
        }
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let controller = container.controller();
        if reg.waiting().is_some() && controller.is_some() {
            update_ready.set(true);
        }
        on_update_found(&reg, &container, update_ready);
        on_takeover(&container, controller, update_ready);
        LAST_UPDATE_CHECK.with(|t| t.set(js_sys::Date::now()));
        REGISTRATION.with(|r| *r.borrow_mut() = Some(reg));
        check_when_visible();
    });
}

/// A new worker found later: ready once installed, if an older one controls this page (on the
/// very first visit there is nothing to update).
fn on_update_found(
    reg: &ServiceWorkerRegistration,
    container: &ServiceWorkerContainer,
    update_ready: RwSignal<bool>,
) {
    let reg_for_found = reg.clone();
    let container_for_found = container.clone();
    let on_found = Closure::<dyn Fn()>::new(move || {
        let Some(installing) = reg_for_found.installing() else {
            return;
        };
        let worker = installing.clone();
        let c = container_for_found.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && c.controller().is_some() {
                update_ready.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
}

/// The new version took over: reload if the person asked for it here; another tab's "Reload"
/// only tells this one (never reload under the person). `first` is the worker that controlled
/// the page when it registered, and each change is against the one seen before: WebKit can announce the first visit's worker claiming the page
/// after the page already sees it as its controller, and that is no new version.
fn on_takeover(
    container: &ServiceWorkerContainer,
    first: Option<ServiceWorker>,
    update_ready: RwSignal<bool>,
) {
    let container_for_change = container.clone();
    let seen = RefCell::new(first);
    let on_change = Closure::<dyn Fn()>::new(move || {
        let now = container_for_change.controller();
        // The new worker keeps this page's version's files only once it knows of the page.
        tell_version(now.clone());
        let was = seen.replace(now.clone());
        let another = match (&was, &now) {
            (Some(was), Some(now)) => !js_sys::Object::is(was, now),
            _ => false,
        };
        if RELOAD_ON_CHANGE.with(Cell::get) {
            let _ = window().location().reload();
        } else if another {
            update_ready.set(true);
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
}

/// Installed apps stay open for days: look for a new version when they come back (at most
/// every [`UPDATE_CHECK_MS`]).
fn check_when_visible() {
    std::mem::forget(window_event_listener_untyped(
        "visibilitychange",
        move |_| {
            let visible = window()
                .document()
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            let due = LAST_UPDATE_CHECK.with(|t| js_sys::Date::now() - t.get() > UPDATE_CHECK_MS);
            if visible && due {
                LAST_UPDATE_CHECK.with(|t| t.set(js_sys::Date::now()));
                REGISTRATION.with(|r| {
                    if let Some(reg) = r.borrow().as_ref() {
                        if let Ok(p) = reg.update() {
                            // A failed check (offline) is retried next time; nothing to report.
                            spawn_local(async move {
                                let _ = JsFuture::from(p).await;
                            });
                        }
                    }
                });
            }
        },
    ));
}

/// "Reload": let the waiting version take over, then reload into it.
pub fn apply_update() {
    RELOAD_ON_CHANGE.with(|r| r.set(true));
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|reg| reg.waiting()));
    match waiting {
        Some(worker) => {
            let msg = js_sys::Object::new();
            let _ = Reflect::set(&msg, &"type".into(), &"skip-waiting".into());
            if worker.post_message(&msg).is_err() {
                let _ = window().location().reload();
            }
        }
        // Another tab already activated it: this page only needs to load the new files.
        None => {
            let _ = window().location().reload();
        }
    }
}

/// Shows the browser's install dialog; false if it is no longer available.
pub async fn prompt_install() -> bool {
    let Some(event) = kept_prompt() else {
        return false;
    };
    keep_prompt(&JsValue::UNDEFINED);
    let Some(prompt) = Reflect::get(&event, &"prompt".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    // The event can be used once; its `userChoice` settles when the person decides.
    if let Ok(p) = prompt.call0(&event).and_then(|p| p.dyn_into::<Promise>()) {
        let _ = JsFuture::from(p).await;
    }
    true
}

/// Asks the service worker to keep the app's own files offline: called when the person opens
/// the app and when they install pulsedeck, never on a first look (the welcome page exists so
/// that a first visit does not fetch the app). The worker takes them from the HTTP cache when
/// the page has just loaded them, so nothing is downloaded twice.
pub fn keep_app() {
    if cfg!(debug_assertions) {
        return;
    }
    let nav = window().navigator();
    if !Reflect::has(&nav, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let Ok(ready) = nav.service_worker().ready() else {
        return;
    };
    spawn_local(async move {
        let Ok(reg) = JsFuture::from(ready).await else {
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        if let Some(worker) = reg.active() {
            let msg = js_sys::Object::new();
            let _ = Reflect::set(&msg, &"type".into(), &"keep-app".into());
            let _ = worker.post_message(&msg);
        }
    });
}

/// Whether this browser keeps the app offline (the worker marks its cache once it does).
pub async fn app_kept() -> bool {
    let Ok(caches) = Reflect::get(&window(), &"caches".into()) else {
        return false;
    };
    let find = Reflect::get(&caches, &"match".into()).and_then(|f| f.dyn_into::<Function>());
    let base = window()
        .document()
        .and_then(|d| d.base_uri().ok().flatten());
    let (Ok(find), Some(base)) = (find, base) else {
        return false;
    };
    let Ok(url) = web_sys::Url::new_with_base(".app-kept", &base) else {
        return false;
    };
    let Ok(found) = find.call1(&caches, &url.href().into()) else {
        return false;
    };
    match found.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await.is_ok_and(|r| r.is_object()),
        Err(_) => false,
    }
}
