//! The last dashboard's headline figures, kept as text for the page's frame script: a returning
//! person sees their figures at once (on a phone the app's wasm takes most of a second to
//! arrive, compile and read the store), and the app replaces them, in the task it mounts, with
//! the same figures drawn live. index.html's second frame script reads this record and sets
//! each string as text (never as HTML); the record holds nothing the store does not.

use crate::browser::window;
use crate::env::KvStore;
use serde::Serialize;

/// The record's key (cleared with every other `pulsedeck.` key by "Delete everything").
pub const KEY: &str = "pulsedeck.glance";
/// How many cards the frame draws: the first screenful on a phone and on a big screen.
const CARDS: usize = 8;

/// One widget's card as the frame draws it: its id (`w-<id>`), title, the headline's big
/// figure, the words after it, and its height (CSS px: the frame's card holds the room the
/// app's will fill, so nothing below it moves when the app takes over).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card(pub String, pub String, pub String, pub String, pub u32);

#[derive(Serialize)]
struct Glance<'a> {
    v: u8,
    /// The device's date the figures are true for (they say "today"), or none: true until
    /// the store changes (an export's last day, a day viewed in the past).
    until: Option<String>,
    /// The store's last write (`keys::STORED`) the figures were read after: any later write
    /// (an import, a removal, another tab) makes them stale, and the frame stays plain.
    stored: Option<&'a str>,
    /// How far below the top of the main area the cards started (CSS px): the frame puts
    /// them there, so the app's own land where the frame's were.
    top: u32,
    cards: &'a [Card],
}

/// The record for `cards` (`None` when there is nothing to show: the frame stays plain).
pub fn encode(
    cards: &[Card],
    until: Option<crate::date::Date>,
    stored: Option<&str>,
    top: u32,
) -> Option<String> {
    let cards: Vec<Card> = cards
        .iter()
        .filter(|c| !c.0.is_empty() && c.0.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        .take(CARDS)
        .cloned()
        .collect();
    if cards.is_empty() {
        return None;
    }
    let until = until.map(|d| d.to_string());
    serde_json::to_string(&Glance {
        v: 1,
        until,
        stored,
        top,
        cards: &cards,
    })
    .ok()
}

thread_local! {
    /// What the last keep was told: a dashboard is shown, and whether it speaks of today.
    static SHOWN: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
}

/// This tab wrote the store (`history::idb::written`): the headlines on screen are kept again,
/// with the store's new stamp, once the dashboard has drawn whatever the write changed. (A
/// refresh that failed still writes its record; without this the next visit's frame stayed
/// plain.) Nothing is kept if no dashboard is on screen by then.
pub fn after_write() {
    if let Some(says_today) = SHOWN.with(|s| s.get()) {
        leptos::prelude::set_timeout(
            move || keep(says_today),
            std::time::Duration::from_millis(300),
        );
    }
}

/// Reads the dashboard as drawn and keeps its headlines; `says_today`: its words are about
/// the device's today (so the frame shows them only today).
pub fn keep(says_today: bool) {
    SHOWN.with(|s| s.set(Some(says_today)));
    let Some(doc) = window().document() else {
        return;
    };
    let (Some(main), Some(grid)) = (
        doc.query_selector("#main").ok().flatten(),
        doc.query_selector("#main .grid").ok().flatten(),
    ) else {
        return;
    };
    let top = grid.get_bounding_client_rect().top() - main.get_bounding_client_rect().top();
    let text = |el: &web_sys::Element, sel: &str| {
        el.query_selector(sel)
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    let mut cards = Vec::new();
    let mut next = grid.first_element_child();
    while let Some(el) = next {
        next = el.next_element_sibling();
        let headline = text(&el, ".headline");
        let big = text(&el, ".headline .big");
        if headline.trim().is_empty() || big.trim() == "—" {
            continue;
        }
        let rest = headline.strip_prefix(&big).unwrap_or(&headline).to_string();
        let id = el.id().trim_start_matches("w-").to_string();
        let height = el.get_bounding_client_rect().height().clamp(0.0, 2000.0) as u32;
        cards.push(Card(id, text(&el, "h2"), big, rest, height));
    }
    let store = crate::prefs::local();
    let until = says_today.then(crate::here::device_today);
    let stored = store.get(crate::keys::STORED);
    match encode(
        &cards,
        until,
        stored.as_deref(),
        top.clamp(0.0, 600.0) as u32,
    ) {
        Some(rec) => {
            let _ = store.set(KEY, &rec);
        }
        None => store.remove(KEY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;

    fn card(id: &str) -> Card {
        Card(
            id.into(),
            "Activity".into(),
            "8,234".into(),
            " steps today".into(),
            540,
        )
    }

    #[test]
    fn keeps_the_first_cards_with_their_day() {
        let cards: Vec<Card> = (0..10).map(|_| card("activity")).collect();
        let rec = encode(
            &cards,
            Some(Date::from_ymd(2026, 12, 7).unwrap()),
            Some("17"),
            130,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&rec).unwrap();
        assert_eq!(v["v"], 1);
        assert_eq!(v["until"], "2026-12-07");
        assert_eq!(v["stored"], "17");
        assert_eq!(v["top"], 130);
        assert_eq!(v["cards"].as_array().unwrap().len(), CARDS);
        assert_eq!(
            v["cards"][0],
            serde_json::json!(["activity", "Activity", "8,234", " steps today", 540])
        );
    }

    #[test]
    fn an_id_the_frame_could_not_trust_is_left_out() {
        // The frame sets `w-<id>` as an element id: only the registry's plain ids pass.
        assert_eq!(encode(&[card("x\" onload=\"")], None, None, 0), None);
        assert_eq!(encode(&[], None, None, 0), None);
        let rec = encode(&[card("sleep"), card("")], None, None, 0).unwrap();
        assert!(
            rec.contains("\"until\":null") && !rec.contains("\"\","),
            "{rec}"
        );
    }
}
