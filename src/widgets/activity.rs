//! Activity: today's steps against the goal, the day's other totals, and a 30-day trend.

use super::{slot_notice, stat, Ctx};
use crate::components::chart::ChartKind;
use crate::model::Metric;
use crate::units::grouped;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let snap = cx.snap;
    let Some(steps) = cx.series(Metric::Steps) else {
        return slot_notice(snap.series(Metric::Steps), "No activity recorded yet.")
            .unwrap_or_else(|| ().into_any());
    };
    // Today's figures, or (while today's could not be fetched) the latest day's, dated.
    let day = cx.data_day(Metric::Steps);
    let today_steps = steps.on(day).unwrap_or(0.0);
    let goal = snap.goals.get(&Metric::Steps).copied();
    let progress = goal.map(|g| {
        let pct = (today_steps / g * 100.0).round() as i64;
        view! {
            <div class="goal-progress">
                <progress max=g.to_string() value=today_steps.min(g).to_string() aria-label="Steps goal progress"></progress>
                <span>{format!("{pct}% of {} steps", grouped(g as i64))}</span>
            </div>
        }
    });
    view! {
        <p class="headline"><span class="big">{grouped(today_steps as i64)}</span>{format!(" steps {}", cx.words_on(day))}</p>
        {progress}
        <dl class="stats">
            {stat("Distance", cx.shown_on(Metric::Distance, day))}
            {stat("Floors", cx.shown_on(Metric::Floors, day))}
            {stat("Calories burned", cx.shown_on(Metric::CaloriesOut, day))}
            {stat("Active zone minutes", cx.series(Metric::ActiveZoneMinutes).and_then(|s| s.on(day)).map(|v| format!("{v:.0} min")))}
            {stat("Active minutes", cx.series(Metric::ActiveMinutes).and_then(|s| s.on(day)).map(|v| format!("{v:.0} min")))}
            {stat("7-day average", steps.mean(snap.today.add_days(-1), 7).map(|v| format!("{} steps", grouped(v.round() as i64))))}
        </dl>
        {super::day_curve(cx, crate::model::Intraday::Steps)}
        {super::trend(cx, steps, 30, ChartKind::Bars, goal, "Steps, last 30 days")}
    }
    .into_any()
}
