//! The first visit's page (its own wasm, `src/bin/welcome.rs`): the setup screen of the app,
//! without the dashboard, the sources' clients or the history store. What a person does there
//! hands over to the app, loaded then by the page's loader (`pulsedeckApp()`, see
//! xtask/src/loader.rs): the demo, export files (chosen or dropped), or a sign-in or an import
//! made in another tab. Connecting needs no app: it leaves for the provider's page, and the
//! answer comes back to the app.

use crate::browser::window;
use crate::pwa::Pwa;
use crate::screens::setup::SetupScreen;
use crate::shell::{Brand, Footer, InstallButton, OfflineBanner, UpdateBanner};
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::File;

/// Where the welcome page leaves what the person chose, for the app to take at its start.
const HANDOVER: &str = "pulsedeckHandover";

/// What the app is opened for.
pub enum Handover {
    Demo,
    Files(Vec<File>),
}

/// Mounts the welcome page in a container the app removes when it mounts (`shell::drop_frame`).
pub fn mount() {
    let Some(doc) = window().document() else {
        return;
    };
    let (Ok(host), Some(body)) = (doc.create_element("div"), doc.body()) else {
        return;
    };
    let _ = host.set_attribute("data-frame", "welcome");
    let _ = body.append_child(&host);
    if let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() {
        leptos::mount::mount_to(host, Welcome).forget();
    }
}

/// The app's side: what the welcome page handed over, taken once.
pub fn take_handover() -> Option<Handover> {
    let w = window();
    let h = Reflect::get(&w, &HANDOVER.into())
        .ok()
        .filter(|h| h.is_object())?;
    let _ = Reflect::delete_property(&w, &HANDOVER.into());
    if Reflect::get(&h, &"demo".into()).ok()?.is_truthy() {
        return Some(Handover::Demo);
    }
    let files: Array = Reflect::get(&h, &"files".into()).ok()?.dyn_into().ok()?;
    Some(Handover::Files(
        files.iter().filter_map(|f| f.dyn_into().ok()).collect(),
    ))
}

#[component]
fn Welcome() -> impl IntoView {
    let pwa: Pwa = crate::pwa::init();
    provide_context(pwa);
    // What is being opened ("Opening the demo…"), or why it could not be.
    let opening = RwSignal::new(None::<(&'static str, bool)>);
    // Opens the app for `what` (nothing: for what another tab stored).
    let open = move |what: Option<Handover>| {
        if opening.with_untracked(|o| o.is_some_and(|(_, failed)| !failed)) {
            return;
        }
        let h = Object::new();
        let text = match what {
            Some(Handover::Demo) => {
                let _ = Reflect::set(&h, &"demo".into(), &true.into());
                "Opening the demo\u{2026}"
            }
            Some(Handover::Files(files)) => {
                let _ = Reflect::set(&h, &"files".into(), &files.into_iter().collect::<Array>());
                "Opening your export\u{2026}"
            }
            None => "Opening your dashboard\u{2026}",
        };
        let _ = Reflect::set(&window(), &HANDOVER.into(), &h);
        opening.set(Some((text, false)));
        spawn_local(async move {
            if start_app().await.is_err() {
                opening.set(Some((
                    "pulsedeck could not be loaded. Check the connection, then try again.",
                    true,
                )));
            }
        });
    };
    let take = Callback::new(move |files| open(Some(Handover::Files(files))));
    crate::screens::import::listen_for_files(take);
    // Signed in, or an export imported, in another tab: this tab opens the app too.
    let storage = window_event_listener(leptos::ev::storage, move |ev| {
        let kept = [
            crate::keys::TOKENS,
            crate::keys::GOOGLE_TOKENS,
            crate::keys::STORED,
        ];
        if ev.key().is_some_and(|k| kept.contains(&k.as_str())) && ev.new_value().is_some() {
            open(None);
        }
    });
    on_cleanup(move || storage.remove());
    crate::shell::announce_ready();
    let (demo_mode, status) = (RwSignal::new(false), RwSignal::new(Default::default()));
    let app_kept = app_kept_offline(pwa);
    view! {
        <a class="skip-link" href="#main">"Skip to the main content"</a>
        <header class="topbar">
            <Brand/>
            <InstallButton pwa=pwa/>
            <div class="account"></div>
        </header>
        <main id="main" tabindex="-1">
            <UpdateBanner pwa=pwa/>
            <Show when=move || !pwa.online.get()>
                {move || if app_kept.get() == Some(false) {
                    view! { <div class="banner offline" role="status"><p id=crate::pwa::OFFLINE_NOTE_ID>{crate::words::APP_NEEDS_ONE_VISIT}</p></div> }.into_any()
                } else {
                    view! { <OfflineBanner connected=Signal::derive(|| None) demo_mode=demo_mode status=status/> }.into_any()
                }}
            </Show>
            {move || opening.get().map(|(text, failed)| view! {
                <div class="banner" class:error=failed role=if failed { "alert" } else { "status" }><p>{text}</p></div>
            })}
            <SetupScreen take=take on_demo=Callback::new(move |()| open(Some(Handover::Demo)))/>
        </main>
        <Footer/>
    }
}

/// Whether the app can open offline here (a first look keeps only this page): asked of the
/// service worker's cache each time the browser goes offline.
fn app_kept_offline(pwa: Pwa) -> RwSignal<Option<bool>> {
    let app_kept = RwSignal::new(None::<bool>);
    Effect::new(move |_| {
        if !pwa.online.get() {
            spawn_local(async move {
                let _ = app_kept.try_set(Some(crate::pwa::app_kept().await));
            });
        }
    });
    app_kept
}

/// Loads and starts the app (the page's `pulsedeckApp()`); it takes over the page as it mounts.
async fn start_app() -> Result<(), JsValue> {
    let start: Function = Reflect::get(&window(), &"pulsedeckApp".into())?.dyn_into()?;
    let started: Promise = start.call0(&JsValue::UNDEFINED)?.dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(started)
        .await
        .map(|_| ())
}
