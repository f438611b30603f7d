//! Heart rate: resting heart rate and its trend, today's time in zones, HRV.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::Metric;
use crate::units::duration_minutes;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(rhr) = cx.series(Metric::RestingHeartRate) else {
        return slot_notice(
            snap.series(Metric::RestingHeartRate),
            "No heart-rate data: this device may not measure it.",
        )
        .unwrap_or_else(|| ().into_any());
    };
    let latest = rhr.latest_until(snap.today);
    let zones_day = cx.part_day(crate::model::Need::HeartZones);
    let zones_note = (zones_day != snap.today).then(
        || view! { <p class="hint">{format!("Time in zones {}", cx.words_on(zones_day))}</p> },
    );
    let zones = snap.heart_zones.ready().map(|zones| {
        zones
            .iter()
            .filter(|z| z.minutes > 0)
            .map(|z| {
                let label = format!("{} ({}–{} bpm)", z.name, z.min_bpm, z.max_bpm);
                view! { <div class="stat"><dt>{label}</dt><dd>{duration_minutes(z.minutes)}</dd></div> }
            })
            .collect_view()
    });
    let avg30 = rhr.mean(snap.today, 30).map(|v| format!("{v:.0} bpm"));
    view! {
        <p class="headline">
            <span class="big">{latest.map(|p| format!("{:.0}", p.value)).unwrap_or_else(|| "—".into())}</span>
            " bpm resting"
        </p>
        {crate::screens::insights::usual::night(rhr, snap.today, &cx.prefs)}
        <dl class="stats">
            {stat("30-day average", avg30)}
            {stat("HRV", cx.shown_latest(Metric::HeartRateVariability))}
            {zones}
        </dl>
        {zones_note}
        {super::day_curve(cx, crate::model::Intraday::HeartRate)}
        {super::trend(cx, rhr, 30, ChartKind::Line, None, "Resting heart rate, last 30 days")}
    }
    .into_any()
}
