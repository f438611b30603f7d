//! Recent exercises: duration, calories and heart rate; routes need the location scope.

use super::{slot_notice, Ctx};
use crate::model::Unit;
use crate::scope::Scope;
use crate::units::{duration_minutes, show};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(list) = cx.snap.exercises.ready().filter(|l| !l.is_empty()) else {
        return slot_notice(&cx.snap.exercises, "No exercises recorded recently.").unwrap_or_else(|| ().into_any());
    };
    let location = cx.granted.contains(&Scope::Location);
    let rows = list
        .iter()
        .take(6)
        .map(|e| {
            let details = [
                Some(duration_minutes(e.duration_min)),
                e.distance.map(|d| show(d, Unit::Meters, &cx.prefs).to_string()),
                e.calories.map(|c| format!("{c:.0} kcal")),
                e.avg_heart_rate.map(|h| format!("avg {h} bpm")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            let route = (e.has_route && location).then_some(" · GPS route recorded");
            view! {
                <li>
                    <span class="when">{e.date.short_label()} {e.start.clone().map(|s| format!(" {s}"))}</span>
                    <span class="what">{e.name.clone()}</span>
                    <span class="detail">{details}{route}</span>
                </li>
            }
        })
        .collect_view();
    let no_routes = (!location).then(|| view! { <p class="hint">"Routes are not shared (location)."</p> });
    view! { <ul class="rows exercises">{rows}</ul> {no_routes} }.into_any()
}
