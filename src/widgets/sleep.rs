//! Sleep: last night (duration, stages, efficiency), naps, and the 30-day trend.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::{Metric, SleepStages};
use crate::units::duration_minutes;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(logs) = snap.sleep.ready() else {
        return slot_notice(&snap.sleep, "No sleep recorded.").unwrap_or_else(|| ().into_any());
    };
    let last = snap.main_sleep_on(snap.today);
    let naps = logs
        .iter()
        .filter(|l| !l.is_main && l.date == snap.today)
        .count();
    let headline = match last {
        Some(l) => view! {
            <p class="headline">
                <span class="big">{duration_minutes(l.minutes_asleep)}</span>
                {if cx.is_today { " asleep last night".to_string() } else { format!(" asleep the night to {}", snap.today.short_label()) }}
            </p>
        }
        .into_any(),
        None => view! { <p class="notice">"No sleep recorded for that night (yet)."</p> }.into_any(),
    };
    let stages = last.and_then(|l| l.stages.clone()).map(|s| {
        let parts: Vec<(&'static str, &'static str, u32)> = match s {
            SleepStages::Stages { deep, light, rem, wake } => {
                vec![("Deep", "deep", deep), ("Light", "light", light), ("REM", "rem", rem), ("Awake", "wake", wake)]
            }
            SleepStages::Classic { asleep, restless, awake } => {
                vec![("Asleep", "light", asleep), ("Restless", "rem", restless), ("Awake", "wake", awake)]
            }
        };
        let total: u32 = parts.iter().map(|p| p.2).sum::<u32>().max(1);
        let bar = parts
            .iter()
            .map(|&(_, class, m)| {
                let pct = format!("{:.2}%", m as f64 * 100.0 / total as f64);
                view! { <span class=format!("stage {class}") style:width=pct></span> }
            })
            .collect_view();
        let legend = parts
            .iter()
            .map(|&(name, class, m)| {
                view! { <div class="stat"><dt><span class=format!("swatch {class}")></span>{name}</dt><dd>{duration_minutes(m)}</dd></div> }
            })
            .collect_view();
        view! {
            <div class="stages" aria-hidden="true">{bar}</div>
            <dl class="stats">{legend}</dl>
        }
    });
    let details = last.map(|l| {
        view! {
            <dl class="stats">
                {stat("Fell asleep", Some(l.start.clone()))}
                {stat("Time to fall asleep", Some(duration_minutes(l.minutes_to_fall_asleep)))}
                {stat("Efficiency", l.efficiency.map(|e| format!("{e}%")))}
                {stat("Naps today", Some(naps.to_string()))}
                {stat("7-night average", cx.series(Metric::MinutesAsleep).and_then(|s| s.mean(snap.today, 7)).map(|m| duration_minutes(m.round() as u32)))}
            </dl>
        }
    });
    let trend = cx.series(Metric::MinutesAsleep).map(|s| {
        view! {
            {super::trend(cx, s, 30, ChartKind::Bars, None, "Time asleep, last 30 days")}
        }
    });
    view! { {headline} {stages} {details} {trend} }.into_any()
}
