//! Recent exercises: duration, calories and heart rate; routes need the location scope.

use super::{slot_notice, Ctx};
use crate::model::Unit;
use crate::scope::Scope;
use crate::units::{duration_minutes, show};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(list) = cx.snap.exercises.ready().filter(|l| !l.is_empty()) else {
        return slot_notice(&cx.snap.exercises, "No exercises recorded recently.")
            .unwrap_or_else(|| ().into_any());
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
            let route = (e.has_route && location).then(|| route_view(cx, e.log_id, &e.name));
            view! {
                <li>
                    <span class="when">{e.date.short_label()} {e.start.clone().map(|s| format!(" {s}"))}</span>
                    <span class="what">{e.name.clone()}</span>
                    <span class="detail">{details}</span>
                    {route}
                </li>
            }
        })
        .collect_view();
    let no_routes =
        (!location).then(|| view! { <p class="hint">"Routes are not shared (location)."</p> });
    view! { <ul class="rows exercises">{rows}</ul> {no_routes} }.into_any()
}

/// The route of one exercise: a button until asked for, then the drawn track.
fn route_view(cx: &Ctx, log_id: u64, name: &str) -> AnyView {
    use crate::components::chart::route_path;
    use crate::model::Slot;
    match cx.snap.routes.get(&log_id) {
        Some(Slot::Ready(points)) if points.len() > 1 => view! {
            <svg class="route" viewBox="0 0 240 140" role="img" aria-label=format!("Route of the {name}, {} GPS points", points.len())>
                <path d=route_path(points, 240.0, 140.0)/>
            </svg>
        }
        .into_any(),
        Some(Slot::Ready(_)) | Some(Slot::NoData) => view! { <span class="detail">"This exercise has no GPS points."</span> }.into_any(),
        // A failed route retries the route, not the widget's list.
        Some(Slot::Failed(msg)) => {
            let retry = use_context::<super::ShowRoute>().map(|super::ShowRoute(cb)| {
                let net = crate::pwa::NeedsNetwork::here();
                view! {
                    <button type="button" class="secondary small" on:click=move |_| cb.run(log_id) disabled=move || net.offline()
                        aria-describedby=move || net.why()>"Try again"</button>
                }
            });
            view! { <span class="detail error" role="status">{msg.clone()}</span> {retry} }.into_any()
        }
        Some(other) => super::slot_notice(other, "").unwrap_or_else(|| ().into_any()),
        // The demo has no GPS tracks to load.
        None => match use_context::<super::ShowRoute>().filter(|_| cx.snap.origin.caps().live) {
            Some(super::ShowRoute(cb)) => {
                let net = crate::pwa::NeedsNetwork::here();
                view! {
                    <button type="button" class="secondary small" on:click=move |_| cb.run(log_id) disabled=move || net.offline()
                        aria-describedby=move || net.why()>"Show route"</button>
                }
                .into_any()
            }
            None => view! { <span class="detail">"GPS route recorded"</span> }.into_any(),
        },
    }
}
