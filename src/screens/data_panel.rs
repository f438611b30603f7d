//! "Your data and units": export what this browser keeps, delete it, and choose units.

use crate::browser;
use crate::env::KvStore;
use crate::export;
use crate::live;
use crate::model::{Metric, Snapshot};
use crate::units::System;
use leptos::prelude::*;

pub const UNITS_KEY: &str = "pulsedeck.units";

/// The units override chosen here, if any.
pub fn saved_system() -> Option<System> {
    live::local().get(UNITS_KEY).and_then(|s| System::parse(&s))
}

#[component]
pub fn DataPanel(
    snapshot: Signal<Snapshot>,
    /// The units override (None: from the Fitbit profile).
    system: RwSignal<Option<System>>,
    /// Deletes this browser's cached health data (absent in the demo).
    #[prop(optional)]
    on_clear: Option<Callback<()>>,
) -> impl IntoView {
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
        let metric = chosen_metric.get_untracked().or_else(|| export::metrics_with_data(&snap).first().copied());
        match metric.and_then(|m| Some((m, export::to_csv(&snap, m)?))) {
            Some((m, csv)) => {
                if let Err(e) = browser::download(&export::csv_file_name(m, &snap), "text/csv", &csv) {
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
                let value = serde_json::to_value(m).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                view! { <option value=value>{m.label()}</option> }
            })
            .collect_view()
    };
    let on_metric = move |ev| {
        let v = event_target_value(&ev);
        chosen_metric.set(serde_json::from_value(serde_json::Value::String(v)).ok());
    };
    let on_units = move |ev| {
        let v = event_target_value(&ev);
        let sys = System::parse(&v);
        match sys {
            Some(s) => {
                let _ = live::local().set(UNITS_KEY, &v);
                system.set(Some(s));
            }
            None => {
                live::local().remove(UNITS_KEY);
                system.set(None);
            }
        }
    };
    let selected = move |v: &'static str| move || system.get().map(|s| serde_json::to_value(s).ok().and_then(|x| x.as_str().map(String::from))).flatten().as_deref() == Some(v) || (v == "profile" && system.get().is_none());
    view! {
        <details class="panel data-panel">
            <summary>"Your data and units"</summary>
            <div class="field">
                <label for="units">"Units"</label>
                <select id="units" on:change=on_units>
                    <option value="profile" selected=selected("profile")>"As in my Fitbit profile"</option>
                    <option value="metric" selected=selected("metric")>"Metric (km, kg, ml, °C)"</option>
                    <option value="us" selected=selected("us")>"US (mi, lb, fl oz, °F)"</option>
                    <option value="uk" selected=selected("uk")>"UK (mi, st, ml, °C)"</option>
                </select>
            </div>
            <p>"Everything pulsedeck shows is kept only in this browser. Take a copy:"</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=download_json>"Download all data (JSON)"</button>
            </div>
            <div class="actions">
                <label for="csv-metric" class="sr-only">"Metric to export"</label>
                <select id="csv-metric" on:change=on_metric>{options}</select>
                <button type="button" class="secondary" on:click=download_csv>"Download CSV"</button>
            </div>
            {on_clear.map(|cb| view! {
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| cb.run(())>"Delete data cached in this browser"</button>
                </div>
            })}
            <p class="field-error" role="alert">{move || error.get()}</p>
        </details>
    }
}
