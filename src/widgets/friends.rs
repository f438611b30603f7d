//! Friends: the 7-day steps leaderboard.

use super::{slot_notice, Ctx};
use crate::units::grouped;
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(friends) = cx.snap.friends.ready().filter(|f| !f.is_empty()) else {
        return slot_notice(&cx.snap.friends, "No friends on the leaderboard yet.")
            .unwrap_or_else(|| ().into_any());
    };
    let mut sorted = friends.clone();
    crate::order::by_key(&mut sorted, |f| f.rank.unwrap_or(u32::MAX) as i64);
    let rows = sorted
        .into_iter()
        .take(8)
        .map(|f| {
            view! {
                <li class:me=f.is_me>
                    <span class="rank">{f.rank.map(|r| format!("{r}.")).unwrap_or_default()}</span>
                    <span class="what">{f.name}{f.is_me.then_some(" (you)")}</span>
                    <span class="hr">{f.steps.map(|s| format!("{} steps", grouped(s as i64)))}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="rows leaderboard" aria-label="Steps in the last 7 days">{rows}</ol> }
        .into_any()
}
