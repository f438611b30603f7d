//! "Settings and your data": appearance, refresh interval, units, widgets shown and their
//! order; export what this browser keeps, or delete it.

use crate::browser;
use crate::env::KvStore;
use crate::export;
use crate::layout::Layout;
use crate::model::{Metric, Snapshot};
use crate::prefs;
use crate::units::System;
use leptos::prelude::*;

pub const UNITS_KEY: &str = crate::keys::UNITS;

/// The units override chosen here, if any.
pub fn saved_system() -> Option<System> {
    prefs::local()
        .get(UNITS_KEY)
        .and_then(|s| System::parse(&s))
}

#[component]
pub fn DataPanel(
    snapshot: Signal<Snapshot>,
    /// The units override (None: from the Fitbit profile).
    system: RwSignal<Option<System>>,
    /// Which widgets show, in which order.
    layout: RwSignal<Layout>,
    /// "light", "dark", or None to follow the system.
    theme: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <details class="panel data-panel">
            <summary>"Settings and your data"</summary>
            <div class="settings-grid">
            {theme_field(theme)}
            {refresh_field()}
            {units_field(system)}
            </div>
            {intraday_check()}
            {widget_list(layout)}
            {export(snapshot)}
        </details>
    }
}

/// Light, dark or the system's appearance, kept in this browser.
fn theme_field(theme: RwSignal<Option<String>>) -> impl IntoView {
    let on_theme = move |ev| {
        let v = event_target_value(&ev);
        if v == "system" {
            prefs::local().remove(prefs::THEME_KEY);
            theme.set(None);
        } else {
            let _ = prefs::local().set(prefs::THEME_KEY, &v);
            theme.set(Some(v));
        }
    };
    let theme_is = move |v: &'static str| move || theme.get().as_deref().unwrap_or("system") == v;
    view! {
            <div class="field">
                <label for="theme">"Appearance"</label>
                <select id="theme" on:change=on_theme>
                    <option value="system" selected=theme_is("system")>"Follow the system"</option>
                    <option value="light" selected=theme_is("light")>"Light"</option>
                    <option value="dark" selected=theme_is("dark")>"Dark"</option>
                </select>
            </div>
    }
}

/// How often the dashboard refreshes itself (0: never).
fn refresh_field() -> impl IntoView {
    let minutes = RwSignal::new(prefs::refresh_minutes());
    let on_minutes = move |ev| {
        let v = event_target_value(&ev);
        let _ = prefs::local().set(prefs::REFRESH_MINUTES_KEY, &v);
        minutes.set(v.parse().unwrap_or(15));
    };
    let minutes_is = move |m: u32| move || minutes.get() == m;
    view! {
            <div class="field">
                <label for="refresh-every">"Refresh automatically"</label>
                <select id="refresh-every" on:change=on_minutes>
                    <option value="15" selected=minutes_is(15)>"Every 15 minutes"</option>
                    <option value="30" selected=minutes_is(30)>"Every 30 minutes"</option>
                    <option value="60" selected=minutes_is(60)>"Every hour"</option>
                    <option value="0" selected=minutes_is(0)>"Never"</option>
                </select>
            </div>
    }
}

/// The units override, or the profile's units.
fn units_field(system: RwSignal<Option<System>>) -> impl IntoView {
    let on_units = move |ev| {
        let v = event_target_value(&ev);
        let sys = System::parse(&v);
        match sys {
            Some(s) => {
                let _ = prefs::local().set(UNITS_KEY, &v);
                system.set(Some(s));
            }
            None => {
                prefs::local().remove(UNITS_KEY);
                system.set(None);
            }
        }
    };
    let selected =
        move |v: &'static str| move || system.get().map_or("profile", System::as_str) == v;
    view! {
            <div class="field">
                <label for="units">"Units"</label>
                <select id="units" on:change=on_units>
                    <option value="profile" selected=selected("profile")>"As in my Fitbit profile"</option>
                    <option value="metric" selected=selected("metric")>"Metric (km, kg, ml, °C)"</option>
                    <option value="us" selected=selected("us")>"US (mi, lb, fl oz, °F)"</option>
                    <option value="uk" selected=selected("uk")>"UK (mi, st, ml, °C)"</option>
                </select>
            </div>
    }
}

/// Whether today's minute-by-minute curves are fetched.
fn intraday_check() -> impl IntoView {
    let intraday = RwSignal::new(prefs::intraday_on());
    let on_intraday = move |_| {
        let on = !intraday.get_untracked();
        if on {
            let _ = prefs::local().set(prefs::INTRADAY_KEY, "on");
        } else {
            prefs::local().remove(prefs::INTRADAY_KEY);
        }
        intraday.set(on);
    };
    view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || intraday.get() on:change=on_intraday/>
                " Show today's minute-by-minute steps and heart rate (needs a \"Personal\" Fitbit app; 2 more requests per refresh)"
            </label>
    }
}

/// Each widget: shown or hidden, moved up or down; every change is kept at once.
fn widget_list(layout: RwSignal<Layout>) -> impl IntoView {
    let save_layout = move |l: &Layout| {
        let _ = prefs::local().set(
            crate::layout::KEY,
            &serde_json::to_string(l).expect("serialisable"),
        );
    };
    let widget_rows = move || {
        layout
            .get()
            .ordered()
            .into_iter()
            .map(|w| {
                let id = w.id;
                let cb_id = format!("show-{id}");
                view! {
                    <li>
                        <input type="checkbox" id=cb_id.clone() prop:checked=move || !layout.with(|l| l.is_hidden(id))
                            on:change=move |_| layout.update(|l| { l.toggle(id); save_layout(l); })/>
                        <label for=cb_id>{w.title}</label>
                        <button type="button" class="secondary small" aria-label=format!("Move {} up", w.title)
                            on:click=move |_| layout.update(|l| { l.shift(id, -1); save_layout(l); })>"↑"</button>
                        <button type="button" class="secondary small" aria-label=format!("Move {} down", w.title)
                            on:click=move |_| layout.update(|l| { l.shift(id, 1); save_layout(l); })>"↓"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
            <fieldset class="widget-list">
                <legend>"Widgets shown, in order"</legend>
                <p class="hint">"Hidden widgets are not loaded from Fitbit at all."</p>
                <ul>{widget_rows}</ul>
            </fieldset>
    }
}

/// A copy of what this browser keeps: everything as JSON, or one metric as CSV.
fn export(snapshot: Signal<Snapshot>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let chosen_metric = RwSignal::new(None::<Metric>);
    let download_json = move |_| {
        let snap = snapshot.get_untracked();
        let name = format!("pulsedeck-{}.json", snap.today);
        if let Err(e) = browser::download(&name, "application/json", &export::to_json(&snap)) {
            error.set(Some(e));
        }
    };
    let download_csv = move |_| {
        let snap = snapshot.get_untracked();
        let metric = chosen_metric
            .get_untracked()
            .or_else(|| export::metrics_with_data(&snap).first().copied());
        match metric.and_then(|m| Some((m, export::to_csv(&snap, m)?))) {
            Some((m, csv)) => {
                if let Err(e) =
                    browser::download(&export::csv_file_name(m, &snap), "text/csv", &csv)
                {
                    error.set(Some(e));
                }
            }
            None => error.set(Some("There is no data to export yet.".into())),
        }
    };
    let options = move || {
        export::metrics_with_data(&snapshot.get())
            .into_iter()
            .map(|m| {
                view! { <option value=m.key()>{m.label()}</option> }
            })
            .collect_view()
    };
    let on_metric = move |ev| {
        let v = event_target_value(&ev);
        chosen_metric.set(Metric::from_key(&v));
    };
    view! {
            <p>"Everything pulsedeck shows is kept only in this browser. Take a copy:"</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=download_json>"Download all data (JSON)"</button>
            </div>
            <div class="actions">
                <label for="csv-metric" class="sr-only">"Metric to export"</label>
                <select id="csv-metric" on:change=on_metric>{options}</select>
                <button type="button" class="secondary" on:click=download_csv>"Download CSV"</button>
            </div>
            <p class="hint">"To remove a source's data, or everything pulsedeck keeps here, open Sources."</p>
            <p class="field-error" role="alert">{move || error.get()}</p>
    }
}
