//! Overnight measurements and daily scores, one widget each: blood oxygen, breathing rate,
//! skin temperature, sleep score, readiness, stress score. They share a shape (the latest
//! value and a 30-day line), hence one view.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::Metric;
use leptos::prelude::*;

fn overnight(cx: &Ctx, metric: Metric, caption: &'static str, nothing: &'static str) -> AnyView {
    let snap = cx.snap;
    let Some(series) = cx.series(metric).filter(|s| !s.points.is_empty()) else {
        return slot_notice(snap.series(metric), nothing)
            .unwrap_or_else(|| view! { <p class="notice">{nothing}</p> }.into_any());
    };
    let latest = series.latest_until(snap.today);
    let when = latest.map(|p| {
        if p.date == snap.today {
            "last night".to_string()
        } else {
            p.date.short_label()
        }
    });
    let avg = series
        .mean(snap.today, 30)
        .map(|v| crate::units::show(v, metric.unit(), &cx.prefs).to_string());
    view! {
        <p class="headline">
            <span class="big">{cx.shown_latest(metric).unwrap_or_else(|| "—".into())}</span>
            {when}
        </p>
        {crate::screens::insights::usual::night(series, snap.today, &cx.prefs)}
        <dl class="stats">{stat("30-night average", avg)}</dl>
        {super::trend(cx, series, 30, ChartKind::Line, None, caption)}
    }
    .into_any()
}

pub fn spo2(cx: &Ctx) -> AnyView {
    overnight(
        cx,
        Metric::OxygenSaturation,
        "Blood oxygen, last 30 nights",
        "No blood oxygen data: your device may not measure it, or needs a few nights.",
    )
}

pub fn breathing(cx: &Ctx) -> AnyView {
    overnight(
        cx,
        Metric::BreathingRate,
        "Breathing rate, last 30 nights",
        "No breathing rate data: your device may not measure it.",
    )
}

/// The night's score, with its parts when the export has them.
pub fn sleep_score(cx: &Ctx) -> AnyView {
    let score = overnight(
        cx,
        Metric::SleepScore,
        "Sleep score, last 30 nights",
        "No sleep score: it comes with a Google Takeout export of a device that scores sleep.",
    );
    let day = cx
        .series(Metric::SleepScore)
        .and_then(|s| s.latest_until(cx.snap.today))
        .map(|p| p.date);
    let part = |m: Metric| {
        day.and_then(|d| cx.series(m)?.on(d))
            .zip(m.most())
            .map(|(v, of)| format!("{v:.0} of {of:.0}"))
    };
    let parts = [
        ("Duration", part(Metric::SleepScoreDuration)),
        ("Composition", part(Metric::SleepScoreComposition)),
        ("Revitalization", part(Metric::SleepScoreRevitalization)),
    ];
    let shown = parts.iter().any(|(_, v)| v.is_some());
    view! {
        {score}
        {shown.then(|| view! { <dl class="stats">{parts.into_iter().map(|(name, v)| stat(name, v)).collect_view()}</dl> })}
    }
    .into_any()
}

pub fn snore(cx: &Ctx) -> AnyView {
    overnight(cx, Metric::SnoreMinutes, "Minutes of snoring, last 30 nights", "No snoring data: it comes with a Google Takeout export of a device with Snore & Noise Detect turned on.")
}

pub fn readiness(cx: &Ctx) -> AnyView {
    overnight(
        cx,
        Metric::Readiness,
        "Daily readiness, last 30 days",
        "No readiness score: it comes with a Google Takeout export (Premium devices).",
    )
}

pub fn stress(cx: &Ctx) -> AnyView {
    overnight(
        cx,
        Metric::StressScore,
        "Stress management score, last 30 days",
        "No stress score: it comes with a Google Takeout export of a device that measures it.",
    )
}

pub fn skin_temperature(cx: &Ctx) -> AnyView {
    overnight(
        cx,
        Metric::SkinTemperatureDelta,
        "Skin temperature variation, last 30 nights",
        "No skin temperature data: it needs a device with the sensor and about three nights of sleep.",
    )
}
