//! Browser tests: real components mounted in headless Chromium (wasm-bindgen-test).
//! Run with `cargo xtask test` (or `cargo test --target wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use pulsedeck::date::Date;
use pulsedeck::demo;
use pulsedeck::scope::Scope;
use pulsedeck::screens::dashboard::Dashboard;
use pulsedeck::units::{UnitPrefs, WeightUnit};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn today() -> Date {
    Date::from_ymd(2026, 11, 21).unwrap()
}

/// Mounts the dashboard into a fresh element and returns that element.
fn mount(granted: Vec<Scope>, prefs: UnitPrefs) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let snapshot = RwSignal::new(demo::snapshot(today()));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Dashboard snapshot=snapshot.into() prefs=Signal::derive(move || prefs) granted=Signal::derive(move || granted.clone()) can_ask=false layout=Signal::derive(pulsedeck::layout::Layout::default)/> }
    });
    handle.forget();
    root
}

/// Waits until every row of cards is drawn (a row per task: screens/dashboard.rs).
async fn drawn(root: &web_sys::HtmlElement) -> usize {
    leptos::task::tick().await;
    let first = root.query_selector_all("section.widget").unwrap().length() as usize;
    for _ in 0..pulsedeck::widgets::registry::WIDGETS.len() {
        pulsedeck::browser::next_task().await;
        leptos::task::tick().await;
    }
    first
}

fn text_of(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn every_widget_is_a_named_region() {
    let root = mount(Scope::ALL.to_vec(), UnitPrefs::default());
    // The first row comes in the mounting task, the others in tasks of their own.
    let first = drawn(&root).await;
    assert!(
        first > 0 && first < pulsedeck::widgets::registry::WIDGETS.len(),
        "{first}"
    );
    let sections = root.query_selector_all("section.widget").unwrap();
    assert_eq!(
        sections.length() as usize,
        pulsedeck::widgets::registry::WIDGETS.len()
    );
    for w in pulsedeck::widgets::registry::WIDGETS {
        let section = root
            .query_selector(&format!("#w-{}", w.id))
            .unwrap()
            .expect("widget present");
        let label_id = section.get_attribute("aria-labelledby").unwrap();
        let heading = root
            .query_selector(&format!("#{label_id}"))
            .unwrap()
            .expect("heading present");
        assert_eq!(heading.text_content().unwrap(), w.title);
    }
}

#[wasm_bindgen_test]
async fn shows_todays_demo_steps_from_the_model() {
    let root = mount(Scope::ALL.to_vec(), UnitPrefs::default());
    drawn(&root).await;
    let snap = demo::snapshot(today());
    let steps = snap
        .series(pulsedeck::model::Metric::Steps)
        .ready()
        .unwrap()
        .on(today())
        .unwrap();
    assert_eq!(
        text_of(&root, "#w-activity .headline .big"),
        pulsedeck::units::grouped(steps as i64)
    );
    // 30 bars for the 30-day trend.
    assert_eq!(
        root.query_selector_all("#w-activity svg rect.bar")
            .unwrap()
            .length(),
        30
    );
}

#[wasm_bindgen_test]
async fn a_scope_not_granted_says_not_shared_and_renders_no_data() {
    let granted: Vec<Scope> = Scope::ALL
        .into_iter()
        .filter(|s| *s != Scope::Sleep)
        .collect();
    let root = mount(granted, UnitPrefs::default());
    drawn(&root).await;
    let sleep = text_of(&root, "#w-sleep");
    assert!(sleep.contains("Not shared."), "{sleep}");
    assert!(sleep.contains(Scope::Sleep.unlocks()), "{sleep}");
    assert!(
        root.query_selector("#w-sleep svg").unwrap().is_none(),
        "no chart for unshared data"
    );
    assert!(!text_of(&root, "#w-activity").contains("Not shared"));
}

#[wasm_bindgen_test]
async fn weight_is_shown_in_the_preferred_unit() {
    let prefs = UnitPrefs {
        weight: WeightUnit::Stone,
        ..UnitPrefs::default()
    };
    let root = mount(Scope::ALL.to_vec(), prefs);
    drawn(&root).await;
    let headline = text_of(&root, "#w-body .headline");
    assert!(
        headline.contains(" st ") && headline.ends_with("lb"),
        "{headline}"
    );
}

#[wasm_bindgen_test]
fn the_persons_date_follows_their_zone_across_a_dst_change() {
    use pulsedeck::here::zone_date;
    // 2026-03-29T22:30Z: in Berlin it is already 00:30 on the 30th (summer time, UTC+2); the
    // winter offset the profile gave in February (UTC+1) would still say the 29th.
    let t = 1_774_823_400_000;
    assert_eq!(
        zone_date("Europe/Berlin", t).unwrap().to_string(),
        "2026-03-30"
    );
    assert_eq!(
        Date::from_unix_millis(t, 3_600_000).to_string(),
        "2026-03-29"
    );
    // West of UTC, the same instant is still the 29th.
    assert_eq!(
        zone_date("America/Los_Angeles", t).unwrap().to_string(),
        "2026-03-29"
    );
    // A zone the browser does not know falls back instead of failing.
    assert_eq!(zone_date("Mars/Olympus_Mons", t), None);
}
