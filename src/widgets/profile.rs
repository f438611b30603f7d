//! Profile: who this is, as text only (no image is loaded: no third request, no tracking).

use super::{slot_notice, stat, Ctx};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(p) = cx.snap.profile.ready() else {
        return slot_notice(&cx.snap.profile, "No profile.").unwrap_or_else(|| ().into_any());
    };
    let initials: String = p.display_name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    view! {
        <div class="profile">
            <span class="avatar" aria-hidden="true">{initials}</span>
            <span class="big name">{p.display_name.clone()}</span>
        </div>
        <dl class="stats">
            {stat("Member since", p.member_since.map(|d| d.to_string()))}
            {stat("Time zone", p.time_zone.clone())}
        </dl>
    }
    .into_any()
}
