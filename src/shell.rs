//! The parts of the page around the dashboard: the status bar and day picker, the offline
//! banner, the sign-out dialog, the install button, and what a framed copy shows instead of
//! the app. `app.rs` owns the state they show.

use crate::browser::{window, JsClock};
use crate::env::Clock;
use crate::here;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the status bar shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    pub busy: bool,
    pub updated_at: Option<i64>,
    pub budget_left: Option<u32>,
    /// Refreshes finished in this tab (shown as `data-refreshes`: tests wait for it).
    pub runs: u32,
    /// The live source's dashboard has been painted from the store (or a refresh). Until then
    /// it says it is opening instead of drawing widgets that would jump from "Loading…".
    pub painted: bool,
}

/// Whether this page runs inside a frame (of any origin).
pub fn framed() -> bool {
    match window().top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window()),
        // The top window cannot even be named: certainly framed.
        _ => true,
    }
}

/// Removes the static frame index.html draws before the wasm has run (see index.html): called
/// in the task that mounts the app, so no frame is painted between the two.
pub fn drop_frame() {
    let Some(doc) = window().document() else {
        return;
    };
    while let Ok(Some(el)) = doc.query_selector("[data-frame]") {
        el.remove();
    }
}

/// Resolves once the frame of index.html has been presented (the browser reports its first
/// contentful paint, and with it the frame's largest paint: the app's identical text drawn over
/// it is no larger, so the page is not measured by the wasm's arrival), then one more frame; or
/// after 500 ms at most (a hidden tab gets no animation frames, and the app must start there too).
pub async fn frame_shown() {
    use js_sys::{Array, Promise};
    let visible = window()
        .document()
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
    let Some(perf) = window().performance() else {
        return;
    };
    if !visible {
        return;
    }
    let next_frame = || {
        let frame = Promise::new(&mut |resolve, _| {
            let _ = window().request_animation_frame(&resolve);
        });
        let limit = Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        });
        wasm_bindgen_futures::JsFuture::from(Promise::race(&Array::of2(&frame, &limit)))
    };
    let start = perf.now();
    while perf.get_entries_by_name("first-contentful-paint").length() == 0
        && perf.now() - start < 500.0
    {
        let _ = next_frame().await;
    }
    let _ = next_frame().await;
}

/// A page's start (the app's, the welcome page's): once the static frame has been presented,
/// removes it and mounts the page (`mount`), or the notice of a framed copy: a `<meta>` CSP
/// cannot carry `frame-ancestors` and GitHub Pages sends no headers, so the page itself refuses
/// to run inside another page's frame (clickjacking).
pub fn start(mount: impl FnOnce() + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        frame_shown().await;
        drop_frame();
        if framed() {
            leptos::mount::mount_to_body(Framed);
        } else {
            mount();
        }
    });
}

/// Tells tests and tools that the page is mounted and every window listener (install prompt,
/// storage, online/offline) is registered (`<html data-app="ready">`): effects run after the
/// first render.
pub(crate) fn announce_ready() {
    Effect::new(move |_| {
        if let Some(root) = window().document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-app", "ready");
        }
    });
}

/// The header's name (the frame of index.html draws the same).
#[component]
pub(crate) fn Brand() -> impl IntoView {
    view! {
        <div class="brand">
            <img src="icon.svg" alt="" width="28" height="28"/>
            <span class="brand-name">"pulsedeck"</span>
        </div>
    }
}

/// "A new version is available": shown once a new deployment's worker waits.
#[component]
pub(crate) fn UpdateBanner(pwa: crate::pwa::Pwa) -> impl IntoView {
    view! {
        <Show when=move || pwa.update_ready.get()>
            <div class="banner update" role="status">
                <p>"A new version is available."</p>
                <button type="button" class="primary" on:click=move |_| crate::pwa::apply_update()>"Reload"</button>
            </div>
        </Show>
    }
}

/// The promise at the foot of every page.
#[component]
pub(crate) fn Footer() -> impl IntoView {
    view! {
        <footer class="footer">
            <p>"Your data comes only from Fitbit, Google or your own export, and stays in this browser. No server, no tracking, no third parties."</p>
        </footer>
    }
}

/// What a framed copy shows instead of the app: nothing of the person's data, and a way out.
#[component]
pub fn Framed() -> impl IntoView {
    view! {
        <main class="framed">
            <h1>"pulsedeck opens in its own window"</h1>
            <p>"To keep your health data safe, pulsedeck does not run inside another page."</p>
            <p><a href="./" target="_blank" rel="noopener">"Open pulsedeck"</a></p>
        </main>
    }
}

/// The line above the dashboard: when the data is from, the budget left, and "Refresh".
#[component]
pub(crate) fn StatusBar(
    status: RwSignal<Status>,
    day: RwSignal<Option<crate::date::Date>>,
    today: Signal<crate::date::Date>,
    /// Whether another day is fetched (Fitbit) or read from the store (Google).
    #[prop(default = true)]
    needs_network: bool,
    on_refresh: impl Fn() + 'static,
) -> impl IntoView {
    let updated = move || {
        status.with(|s| match (s.busy, s.updated_at) {
            (true, _) => "Updating…".to_string(),
            (false, Some(t)) => format!("Updated {}", here::clock_time(t)),
            (false, None) => "Not updated yet".to_string(),
        })
    };
    let budget = move || {
        status.with(|s| {
            s.budget_left
                .map(|b| format!("{b} of 150 Fitbit requests left this hour"))
        })
    };
    let net = crate::pwa::NeedsNetwork::here();
    view! {
        <div class="statusbar" data-refreshes=move || status.with(|s| s.runs)>
            <DayPicker day=day today=today needs_network=needs_network/>
            <span class="updated" role="status" aria-live="polite">{updated}</span>
            <span class="budget">{budget}</span>
            <button type="button" class="secondary" on:click=move |_| on_refresh()
                disabled=move || status.with(|s| s.busy) || net.offline() aria-describedby=move || net.why()>
                "Refresh"
            </button>
        </div>
    }
}

/// Picks the day the day-based widgets show: today or one of the previous 29 days (an
/// imported export: any day it holds, from `earliest`).
#[component]
pub(crate) fn DayPicker(
    day: RwSignal<Option<crate::date::Date>>,
    today: Signal<crate::date::Date>,
    needs_network: bool,
    #[prop(optional, into)] earliest: Option<Signal<crate::date::Date>>,
    /// The button back to the newest day ("Back to today" unless that day is not today).
    #[prop(default = "Back to today")]
    back_label: &'static str,
) -> impl IntoView {
    let earliest = move || {
        earliest
            .map(|e| e.get())
            .unwrap_or_else(|| today.get().add_days(-29))
    };
    // Another day of a live account comes from Fitbit; the demo's days are made up here.
    let net = crate::pwa::NeedsNetwork::here();
    let offline = move || needs_network && net.offline();
    let value = move || day.get().unwrap_or_else(|| today.get()).to_string();
    let on_change = move |ev| {
        let picked = crate::date::Date::parse(&event_target_value(&ev)).ok();
        let t = today.get_untracked();
        day.set(picked.filter(|d| *d < t && *d >= earliest()));
    };
    view! {
        <span class="day-picker">
            <label for="day">"Day"</label>
            <input type="date" id="day" prop:value=value on:change=on_change disabled=offline
                aria-describedby=move || if needs_network { net.why() } else { None }
                min=move || earliest().to_string() max=move || today.get().to_string()/>
            <Show when=move || day.get().is_some()>
                <button type="button" class="secondary small" on:click=move |_| day.set(None)>{back_label}</button>
            </Show>
        </span>
    }
}

/// Shown while the browser is offline: what is on screen and what cannot work until it is back.
#[component]
pub(crate) fn OfflineBanner(
    /// The live source connected (None: none; an export and the demo need no connection).
    connected: Signal<Option<crate::model::Origin>>,
    demo_mode: RwSignal<bool>,
    status: RwSignal<Status>,
) -> impl IntoView {
    let text = move || {
        if demo_mode.get() {
            return "You are offline. The demo works without a connection.".to_string();
        }
        match connected.get() {
            None => "You are offline. Connecting a live source needs a connection; what this browser keeps, \
                     importing your export and the demo work without one."
                .to_string(),
            Some(src) => {
                let saved = status.with(|s| s.updated_at).map(|t| {
                    format!(" Showing the data saved at {} ({}).", here::clock_time(t), crate::date::age_text(JsClock.now_ms(), t))
                });
                format!(
                    "You are offline.{} Refreshing from {}, other days, routes and sharing more data need a connection.",
                    saved.unwrap_or_else(|| " No data has been saved in this browser yet.".into()),
                    src.caps().name
                )
            }
        }
    };
    view! {
        <div class="banner offline" role="status">
            <p id=crate::pwa::OFFLINE_NOTE_ID>{text}</p>
        </div>
    }
}

/// "Install app": the browser's own dialog where it offers one, instructions elsewhere.
#[component]
pub(crate) fn InstallButton(pwa: crate::pwa::Pwa) -> impl IntoView {
    let show_help = RwSignal::new(false);
    let click = move |_| {
        if pwa.can_install.get_untracked() {
            spawn_local(async move {
                crate::pwa::prompt_install().await;
                pwa.can_install.set(false);
            });
        } else {
            show_help.update(|v| *v = !*v);
        }
    };
    let help = move || {
        let (lead, steps, tail) = pwa.install_help?.text();
        let steps = steps
            .iter()
            .enumerate()
            .map(|(i, s)| view! { {(i > 0).then_some(", then ")} <strong>{*s}</strong> })
            .collect_view();
        Some(view! { <p>{lead} {steps} {tail}</p> })
    };
    view! {
        <Show when=move || pwa.can_install.get() || pwa.install_help.is_some()>
            <button type="button" class="secondary install" on:click=click aria-expanded=move || {
                (!pwa.can_install.get()).then(|| show_help.get().to_string())
            }>"Install app"</button>
        </Show>
        <Show when=move || show_help.get()>
            <div class="panel install-help" role="note">
                {help}
                <button type="button" class="link" on:click=move |_| show_help.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
