//! A night's value against its usual range, where the night is shown: in its widget, and the
//! nights outside it in History's view. The only insights computed on the page: one night's
//! range is thirty values (see `insights::ranges`).

use crate::date::Date;
use crate::insights::ranges;
use crate::insights::write_ranges::band_text;
use crate::model::Series;
use crate::units::UnitPrefs;
use leptos::prelude::*;

/// "Within your usual range (52 to 58 bpm)" for the latest night up to `today`, for a metric
/// with a usual range and enough nights before it.
pub fn night(s: &Series, today: Date, prefs: &UnitPrefs) -> Option<AnyView> {
    if !ranges::METRICS.contains(&s.metric) {
        return None;
    }
    let p = s.latest_until(today)?;
    let b = ranges::usual(s, p.date)?;
    let range = band_text(&b, s.metric, prefs);
    let out = b.side(p.value) != 0;
    let text = if out {
        format!("Outside your usual range ({range})")
    } else {
        format!("Within your usual range ({range})")
    };
    Some(view! { <p class="usual" class:outside=out>{text}</p> }.into_any())
}

/// The nights of `[start, end]` outside their usual range, for History.
pub fn in_view(s: &Series, start: Date, end: Date, prefs: &UnitPrefs) -> Option<AnyView> {
    if !ranges::METRICS.contains(&s.metric) {
        return None;
    }
    let m = s.metric;
    let shown: Vec<String> = ranges::nights(s)
        .into_iter()
        .filter(|(p, _)| p.date >= start && p.date <= end)
        .filter(|(p, b)| b.side(p.value) != 0)
        .map(|(p, b)| {
            format!(
                "{} ({}, usual {})",
                p.date,
                crate::insights::charts::fmt(p.value, m, prefs),
                band_text(&b, m, prefs)
            )
        })
        .collect();
    let text = if shown.is_empty() {
        "No night in this view was outside your usual range.".to_string()
    } else {
        format!(
            "Outside your usual range in this view: {}.",
            shown.join("; ")
        )
    };
    Some(view! { <p class="usual" class:outside=!shown.is_empty()>{text}</p> }.into_any())
}
