//! Profile: who this is, as text only (no image is loaded: no third request, no tracking).

use super::{slot_notice, stat, stat_view, Ctx};
use leptos::prelude::*;

pub fn view(cx: &Ctx) -> AnyView {
    let Some(p) = cx.snap.profile.ready() else {
        return slot_notice(&cx.snap.profile, "No profile.").unwrap_or_else(|| ().into_any());
    };
    let initials = initials(&p.display_name);
    view! {
        <div class="profile">
            <span class="avatar" aria-hidden="true">{initials}</span>
            <span class="big name">{p.display_name.clone()}</span>
        </div>
        <dl class="stats">
            {stat("Member since", p.member_since.map(|d| d.to_string()))}
            {stat_view("Time zone", p.time_zone.as_deref().map(|z| zone(z).into_any()))}
        </dl>
    }
    .into_any()
}

/// "Europe/London" (the zone's own name, as a person would look it up), breaking after a slash
/// on a narrow card, never inside "London".
fn zone(z: &str) -> impl IntoView {
    let last = z.split('/').count() - 1;
    z.split('/')
        .enumerate()
        .map(|(i, part)| view! { {part.to_string()} {(i < last).then(|| view! { "/" <wbr/> })} })
        .collect_view()
}

/// The avatar's letters, of the first two words that start with a letter: "Alex (demo)" is
/// "A", not "A(".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_alphabetic()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn initials_are_letters_of_words() {
        assert_eq!(super::initials("Alex (demo)"), "A");
        assert_eq!(super::initials("ada lovelace byron"), "AL");
        assert_eq!(super::initials("Émile Zola"), "ÉZ");
        assert_eq!(super::initials("(GH)"), "");
    }
}
