//! The main area for each connection state: the demo, setup, connecting, the dashboard of a
//! connected account, or the saved data of an ended one.

use super::sources::{self, Live};
use super::AppState;
use crate::date::Date;
use crate::here;
use crate::layout::Layout;
use crate::model::Snapshot;
use crate::scope::Scope;
use crate::screens::dashboard::Dashboard;
use crate::screens::data_panel::DataPanel;
use crate::screens::history::History;
use crate::screens::insights::{Insights, InsightsLink};
use crate::screens::setup::SetupScreen;
use crate::shell::{DayPicker, StatusBar};
use crate::units::System;
use crate::units::UnitPrefs;
use crate::words;
use leptos::prelude::*;

/// What the screens show and the settings they change (all signals: `Copy`).
#[derive(Clone, Copy)]
pub struct Shown {
    /// The day viewed (None: today) and the person's today.
    pub day: RwSignal<Option<Date>>,
    pub today: Signal<Date>,
    /// The day viewed, and today's (the history section always reads today's).
    pub snapshot: Signal<Snapshot>,
    pub base: Signal<Snapshot>,
    pub granted: Signal<Vec<Scope>>,
    pub prefs: Signal<UnitPrefs>,
    pub layout: RwSignal<Layout>,
    pub theme: RwSignal<Option<String>>,
    pub system: RwSignal<Option<System>>,
}

#[component]
pub fn Screen(st: AppState, shown: Shown) -> impl IntoView {
    let AppState {
        demo_mode,
        status,
        archive,
        ..
    } = st;
    let Shown {
        day,
        today,
        snapshot,
        base,
        granted,
        prefs,
        layout,
        theme,
        system,
    } = shown;
    // The data every state with data shows: the dashboard of the day viewed, then History.
    // `now` is the day a widget calls "today": the source's today, except for an export, whose
    // last day is only today if it was exported today.
    // A live source's dashboard waits for its first paint from the store (widgets drawn while
    // loading would then jump, moving everything below them).
    let painted = Memo::new(move |_| status.with(|s| s.painted));
    // Insights (`#insights`) and the report (`#report`) take the dashboard's place.
    let place = crate::screens::insights::place();
    let data = move |can_ask: bool, now: Signal<Date>, live: bool| {
        move || {
            if live && !painted.get() {
                return view! { <p class="frame-status" role="status">"Opening your dashboard…"</p> }.into_any();
            }
            if let Some(report) = place.get() {
                return view! { <Insights base=base prefs=prefs report=report/> }.into_any();
            }
            if !demo_mode.get_untracked() {
                keep_glance(shown, now, status);
            }
            view! {
                <Dashboard snapshot=snapshot prefs=prefs granted=granted can_ask=can_ask layout=layout.into() today=now/>
                <Later><InsightsLink/><History snapshot=base prefs=prefs today=today/></Later>
            }
            .into_any()
        }
    };
    move || {
        // Tracked: a source connecting or signing out redraws the screen.
        let live = sources::live(st);
        if demo_mode.get() {
            return view! {
                <div class="banner demo-banner" role="region" aria-label="About the demo">
                    <p>
                        <strong>"This is a demo"</strong>
                        " of three years of a made-up person's data, so you can see what pulsedeck shows. "
                    </p>
                    <button type="button" class="primary" on:click=move |_| demo_mode.set(false)>
                        {if live == Live::None { "Leave the demo" } else { "Back to my data" }}
                    </button>
                </div>
                <h1 class="sr-only">"Demo dashboard"</h1>
                <div class="statusbar"><DayPicker day=day today=today needs_network=false/></div>
                {data(false, today, false)}
                <DataPanel snapshot=snapshot system=system layout=layout theme=theme/>
            }
            .into_any();
        }
        if let Some(last) = archive.with(|a| a.as_ref().map(|s| s.today)) {
            return stored_view(st, shown, last, &data).into_any();
        }
        live_view(st, shown, &data).into_any()
    }
}

/// The stored history without a live source (an export, or what a signed-out source left):
/// every day it holds can be viewed, and more files imported.
fn stored_view<V: IntoView>(
    st: AppState,
    shown: Shown,
    last: Date,
    data: &impl Fn(bool, Signal<Date>, bool) -> V,
) -> impl IntoView {
    let archive = st.archive;
    let import = expect_context::<crate::screens::import::ImportCtl>();
    let Shown {
        day,
        today,
        snapshot,
        layout,
        theme,
        system,
        ..
    } = shown;
    // Every day the export holds can be viewed.
    let first = Signal::derive(move || {
        archive
            .with(|a| {
                a.as_ref().and_then(|s| {
                    s.series
                        .values()
                        .filter_map(|sl| sl.ready()?.points.first().map(|p| p.date))
                        .min()
                })
            })
            .unwrap_or(last)
    });
    view! {
        <div class="banner" role="region" aria-label="About this data">
            <p>
                <strong>"Your imported export"</strong>
                {format!(", kept in this browser only (data up to {}).", last.short_label_y())}
            </p>
            <button type="button" class="secondary" on:click=move |_| {
                day.set(None);
                archive.set(None);
            }>"Close"</button>
        </div>
        <h1 class="sr-only">"Your imported data"</h1>
        <div class="statusbar"><DayPicker day=day today=today needs_network=false earliest=first back_label="Back to the last day"/></div>
        {data(false, Signal::derive(here::device_today), false)}
        <details class="import-more">
            <summary>"Import more files"</summary>
            <crate::screens::import::ImportStart ctl=import/>
        </details>
        <DataPanel snapshot=snapshot system=system layout=layout theme=theme/>
    }
}

/// The connected live source's screen, whichever it is: the setup screen when none is, its
/// banner when its sign-in is paused or ended, the status bar, the data and the data panel.
fn live_view<V: IntoView>(
    st: AppState,
    shown: Shown,
    data: &impl Fn(bool, Signal<Date>, bool) -> V,
) -> impl IntoView {
    let AppState {
        demo_mode, status, ..
    } = st;
    let Shown {
        day,
        today,
        snapshot,
        layout,
        theme,
        system,
        ..
    } = shown;
    let net = crate::pwa::NeedsNetwork::here();
    let panel =
        move || view! { <DataPanel snapshot=snapshot system=system layout=layout theme=theme/> };
    match sources::live(st) {
        Live::None => {
            let import = expect_context::<crate::screens::import::ImportCtl>();
            view! {
                <SetupScreen take=Callback::new(move |files| import.start(files)) on_demo=Callback::new(move |()| demo_mode.set(true))/>
            }
            .into_any()
        }
        Live::Connecting(src) => view! {
            <div class="banner" role="status" aria-live="polite"><p>{format!("Connecting to {}…", src.caps().name)}</p></div>
        }
        .into_any(),
        Live::Ready { src, paused } => view! {
            <h1 class="sr-only">"Your health dashboard"</h1>
            {paused.then(|| view! {
                <div class="banner warn" role="status">
                    <p>
                        {src.caps().paused}
                        {move || status.with(|s| s.updated_at).map(|t| format!(" Saved at {}.", here::clock_time(t)))}
                    </p>
                    <button type="button" class="primary" on:click=move |_| sources::resume(st, src)>"Continue"</button>
                </div>
            })}
            <StatusBar status=status day=day today=today needs_network=!src.caps().days_from_store
                on_refresh=move || sources::refresh_now(st)/>
            {data(!paused, today, true)}
            {panel()}
        }
        .into_any(),
        Live::Ended(src) => view! {
            <div class="banner warn" role="alert">
                <p>{move || words::source_ended(src.caps(), &st.display_name().map(|n| format!(" for {n}")).unwrap_or_default())}</p>
                <button type="button" class="primary" on:click=move |_| sources::resume(st, src)
                    disabled=move || net.offline() aria-describedby=move || net.why()>"Reconnect"</button>
            </div>
            <p class="hint">{words::ENDED_NOT_A_DEAD_END}</p>
            <h1 class="sr-only">"Your health dashboard (saved data)"</h1>
            {data(false, today, true)}
            {panel()}
        }
        .into_any(),
    }
}

/// The next visit's frame: the headlines of this dashboard once drawn (`glance.rs`), while
/// the default day is viewed (an earlier day's figures would greet the next visit).
fn keep_glance(shown: Shown, now: Signal<Date>, status: RwSignal<crate::app::Status>) {
    Effect::new(move |_| {
        // A refresh that ends (well or not) may have written the store: kept again after it,
        // with the store's new stamp (the frame shows only a record as new as the store).
        status.track();
        shown.layout.track();
        shown.prefs.track();
        let says_today = shown.snapshot.with(|s| s.today) == now.get();
        if shown.day.get().is_none() {
            // Once every row is drawn (a task each): nothing waits for it.
            set_timeout(
                move || crate::glance::keep(says_today),
                std::time::Duration::from_millis(300),
            );
        }
    });
}

/// Its children, drawn in the task after the one that drew what comes before: the dashboard
/// and History of three years drawn at once made one 60–70 ms task on a slow 2-core machine
/// (the goal: none over 50 ms). History sits below the dashboard, so nothing above it moves.
#[component]
fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::browser::next_task().await;
        let _ = ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
