//! Overnight vitals: SpO2, breathing rate, skin temperature variation and cardio fitness.

use super::{stat, Ctx};
use crate::components::chart::{ChartKind, TrendChart};
use crate::model::{Metric, Unit};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let spo2 = cx.series(Metric::OxygenSaturation).map(|s| {
        view! {
            <TrendChart
                points=s.window(snap.today, 30).to_vec()
                start=snap.today.add_days(-29)
                days=30
                unit=Unit::Percent
                kind=ChartKind::Line
                caption="Blood oxygen, last 30 nights".to_string()
                prefs=cx.prefs
            />
        }
    });
    view! {
        <dl class="stats">
            {stat("Blood oxygen (SpO2)", cx.shown_latest(Metric::OxygenSaturation))}
            {stat("Breathing rate", cx.shown_latest(Metric::BreathingRate))}
            {stat("Skin temperature vs. baseline", cx.shown_latest(Metric::SkinTemperatureDelta))}
            {stat("Cardio fitness (VO2 max)", cx.shown_latest(Metric::Vo2Max))}
        </dl>
        {spo2}
    }
    .into_any()
}
