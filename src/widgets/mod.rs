//! Dashboard widgets: one file per widget, all listed in [`registry::WIDGETS`].
//!
//! A widget is a pure view of the provider-neutral [`Snapshot`]: it never fetches, never sees
//! a token, and renders API strings as text only.

pub mod activity;
pub mod body;
pub mod devices;
pub mod heart;
pub mod nutrition;
pub mod registry;
pub mod sleep;
pub mod vitals;

use crate::model::{Metric, Series, Slot, Snapshot};
use crate::units::UnitPrefs;
use leptos::prelude::*;

/// What a widget view gets to read.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub prefs: UnitPrefs,
}

impl Ctx<'_> {
    pub fn series(&self, m: Metric) -> Option<&Series> {
        self.snap.series(m).ready()
    }

    /// Today's (or the latest) value of a metric, shown in the person's units.
    pub fn shown_latest(&self, m: Metric) -> Option<String> {
        let p = self.series(m)?.latest_until(self.snap.today)?;
        Some(crate::units::show(p.value, m.unit(), &self.prefs).to_string())
    }
}

/// A labelled figure: "Distance  6.12 km".
pub fn stat(label: &'static str, value: Option<String>) -> impl IntoView {
    view! {
        <div class="stat">
            <dt>{label}</dt>
            <dd>{value.unwrap_or_else(|| "—".into())}</dd>
        </div>
    }
}

/// The body shown when a slot holds no data yet or has failed; `None` when it is ready.
pub fn slot_notice<T>(slot: &Slot<T>, nothing: &'static str) -> Option<AnyView> {
    match slot {
        Slot::Ready(_) => None,
        Slot::Loading => Some(view! { <p class="notice loading" aria-busy="true">"Loading…"</p> }.into_any()),
        Slot::NoData => Some(view! { <p class="notice">{nothing}</p> }.into_any()),
        Slot::NotShared => Some(view! { <p class="notice">"Not shared."</p> }.into_any()),
        Slot::Failed(msg) => Some(view! { <p class="notice error" role="status">{msg.clone()}</p> }.into_any()),
    }
}
