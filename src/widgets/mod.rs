//! Dashboard widgets: one file per widget, all listed in [`registry::WIDGETS`].
//!
//! A widget is a pure view of the provider-neutral [`Snapshot`]: it never fetches, never sees
//! a token, and renders API strings as text only.

pub mod activity;
pub mod body;
pub mod cardio;
pub mod devices;
pub mod ecg;
pub mod exercises;
pub mod friends;
pub mod heart;
pub mod nutrition;
pub mod overnight;
pub mod profile;
pub mod registry;
pub mod rhythm;
pub mod sleep;

use crate::components::chart::{ChartKind, TrendChart};
use crate::model::{Metric, Series, Slot, Snapshot};
use crate::units::UnitPrefs;
use leptos::prelude::*;

/// What a widget view gets to read.
pub struct Ctx<'a> {
    pub snap: &'a Snapshot,
    pub prefs: UnitPrefs,
    /// What the person shared (a widget may use an optional scope, like routes).
    pub granted: &'a [crate::scope::Scope],
    /// Whether the day viewed (`snap.today`) is the actual today.
    pub is_today: bool,
}

impl Ctx<'_> {
    /// "today", or "on Nov 21" for figures of another day.
    pub fn words_on(&self, day: crate::date::Date) -> String {
        if self.is_today && day == self.snap.today {
            "today".into()
        } else {
            format!("on {}", day.short_label())
        }
    }

    /// The day a metric's figures are shown for: the day viewed when it has a value; while
    /// viewing today, else the latest earlier day that has one (yesterday's steps while today's
    /// could not be fetched yet), so it is labelled with its date rather than shown as 0.
    pub fn data_day(&self, m: Metric) -> crate::date::Date {
        let today = self.snap.today;
        match self.series(m) {
            Some(s) if self.is_today && s.on(today).is_none() => {
                s.latest_until(today).map_or(today, |p| p.date)
            }
            _ => today,
        }
    }

    /// The day a day-bound part (food, zones) is of: earlier than the day viewed when nothing
    /// newer is stored.
    pub fn part_day(&self, need: crate::model::Need) -> crate::date::Date {
        self.snap
            .dated
            .get(&need)
            .copied()
            .unwrap_or(self.snap.today)
    }

    pub fn series(&self, m: Metric) -> Option<&Series> {
        self.snap.series(m).ready()
    }

    /// A metric's value on `day` (nothing if that day has none), in the person's units.
    pub fn shown_on(&self, m: Metric, day: crate::date::Date) -> Option<String> {
        let v = self.series(m)?.on(day)?;
        Some(crate::units::show(v, m.unit(), &self.prefs).to_string())
    }

    /// Today's (or the latest) value of a metric, shown in the person's units.
    pub fn shown_latest(&self, m: Metric) -> Option<String> {
        let p = self.series(m)?.latest_until(self.snap.today)?;
        Some(crate::units::show(p.value, m.unit(), &self.prefs).to_string())
    }
}

/// A metric's trend over the `days` ending on the day viewed.
pub fn trend(
    cx: &Ctx,
    series: &Series,
    days: u32,
    kind: ChartKind,
    goal: Option<f64>,
    caption: &str,
) -> AnyView {
    view! {
        <TrendChart
            points=series.window(cx.snap.today, days).to_vec()
            start=cx.snap.today.add_days(1 - days as i32)
            days=days
            metric=series.metric
            kind=kind
            goal=goal
            caption=caption.to_string()
            prefs=cx.prefs
        />
    }
    .into_any()
}

/// A labelled figure: "Distance  6.12 km".
pub fn stat(label: &'static str, value: Option<String>) -> impl IntoView {
    stat_view(label, value.map(IntoAny::into_any))
}

/// A labelled figure drawn by a view of its own (a time zone with break opportunities).
pub fn stat_view(label: &'static str, value: Option<AnyView>) -> impl IntoView {
    view! {
        <div class="stat">
            <dt>{label}</dt>
            <dd>{value.unwrap_or_else(|| "—".into_any())}</dd>
        </div>
    }
}

/// Loads the GPS route of an exercise (provided by the app for a connected account).
#[derive(Clone, Copy)]
pub struct ShowRoute(pub Callback<u64>);

/// Asks the person's source for access to more kinds of data (provided by the app for a
/// connected, scoped source); the error to show when it cannot start.
#[derive(Clone, Copy)]
pub struct AskScopes(pub Callback<Vec<crate::scope::Scope>, Result<(), String>>);

/// Fetches again what a widget needs (provided by the app for a connected account).
#[derive(Clone, Copy)]
pub struct Retry(pub Callback<Vec<crate::model::Need>>);

/// The needs of the widget being rendered (provided by its card), so "Try again" retries
/// just those.
#[derive(Clone, Copy)]
pub struct WidgetNeeds(pub &'static [crate::model::Need]);

/// The body shown when a slot holds no data yet or has failed; `None` when it is ready.
pub fn slot_notice<T>(slot: &Slot<T>, nothing: &'static str) -> Option<AnyView> {
    match slot {
        Slot::Ready(_) => None,
        // Placeholder blocks the size of the content, so nothing jumps when data arrives.
        Slot::Loading => Some(
            view! {
                <div class="skeleton" aria-busy="true">
                    <span class="sr-only">"Loading…"</span>
                    <div class="sk-line wide"></div>
                    <div class="sk-line"></div>
                    <div class="sk-chart"></div>
                </div>
            }
            .into_any(),
        ),
        Slot::NoData => Some(view! { <p class="notice">{nothing}</p> }.into_any()),
        Slot::NotShared => Some(view! { <p class="notice">"Not shared."</p> }.into_any()),
        Slot::Failed(msg) => {
            let net = crate::pwa::NeedsNetwork::here();
            let needs = use_context::<WidgetNeeds>()
                .map(|w| w.0)
                .unwrap_or_default();
            let retry = use_context::<Retry>().map(|Retry(cb)| {
                view! {
                    <button type="button" class="secondary" on:click=move |_| cb.run(needs.to_vec()) disabled=move || net.offline()
                        aria-describedby=move || net.why()>"Try again"</button>
                }
            });
            Some(
                view! { <p class="notice error" role="status">{msg.clone()}</p> {retry} }
                    .into_any(),
            )
        }
    }
}

/// Today's minute-by-minute curve, when the person turned curves on (a Personal app).
pub fn day_curve(cx: &Ctx, kind: crate::model::Intraday) -> Option<AnyView> {
    use crate::components::chart::{ChartKind, DayCurveChart};
    use crate::model::{Intraday, Unit};
    let slot = cx.snap.intraday.get(&kind)?;
    let (slots, unit, chart, caption) = match kind {
        Intraday::Steps => (
            96,
            Unit::Count,
            ChartKind::Bars,
            "Steps through the day, per 15 minutes",
        ),
        Intraday::HeartRate => (
            288,
            Unit::BeatsPerMinute,
            ChartKind::Line,
            "Heart rate through the day",
        ),
    };
    Some(match slot {
        Slot::Ready(points) => view! {
            <DayCurveChart points=points.clone() slots=slots unit=unit kind=chart caption=caption.to_string() prefs=cx.prefs/>
        }
        .into_any(),
        other => slot_notice(other, "No minute-by-minute data for this day.")?,
    })
}
