//! The dashboard screen: a grid of widgets driven by the registry.

use crate::layout::Layout;
use crate::model::Snapshot;
use crate::scope::Scope;
use crate::units::UnitPrefs;
use crate::widgets::registry::WidgetSpec;
use crate::widgets::{AskScopes, Ctx};
use leptos::prelude::*;

#[component]
pub fn Dashboard(
    snapshot: Signal<Snapshot>,
    prefs: Signal<UnitPrefs>,
    /// Scopes the person shared; widgets needing others say "not shared".
    granted: Signal<Vec<Scope>>,
    /// Whether a "not shared" widget may offer to ask the source again (with [`AskScopes`]).
    can_ask: bool,
    /// Which widgets, in which order.
    layout: Signal<Layout>,
    /// The actual today (the snapshot's `today` is the day viewed).
    #[prop(optional, into)]
    today: Option<Signal<crate::date::Date>>,
) -> impl IntoView {
    // Drawn a row at a time, each in a task of its own: years of data made the whole grid one
    // main-thread task of 40–60 ms (the goal: none over 50). Later rows come after earlier
    // ones, so nothing drawn moves.
    let drawn = RwSignal::new(1usize);
    let batches = Memo::new(move |_| layout.with(|l| l.shown().len().div_ceil(ROW)));
    let rows = move || {
        let shown = layout.get().shown();
        let batches = batches.get_untracked();
        leptos::task::spawn_local(async move {
            for n in 2..=batches {
                crate::browser::next_task().await;
                // Only ever more (a layout change redraws with what was drawn already).
                if drawn.try_update(|d| *d = (*d).max(n)).is_none() {
                    return; // unmounted
                }
            }
        });
        shown
            .chunks(ROW)
            .enumerate()
            .map(|(i, row)| {
                let row = row.to_vec();
                let here = Memo::new(move |_| drawn.get() > i);
                move || {
                    here.get().then(|| {
                        row.iter()
                            .map(|&spec| view! { <WidgetCard spec=spec snapshot=snapshot prefs=prefs granted=granted can_ask=can_ask today=today/> })
                            .collect_view()
                    })
                }
            })
            .collect_view()
    };
    // Busy while rows are still to come: what is below the grid is not yet where it will stay.
    let busy = move || (drawn.get() < batches.get()).then_some("true");
    view! { <div class="grid" aria-busy=busy>{rows}</div> }
}

/// Cards drawn per task: a row on a big screen, the first screenful on a phone.
const ROW: usize = 3;

#[component]
fn WidgetCard(
    spec: &'static WidgetSpec,
    snapshot: Signal<Snapshot>,
    prefs: Signal<UnitPrefs>,
    granted: Signal<Vec<Scope>>,
    can_ask: bool,
    today: Option<Signal<crate::date::Date>>,
) -> impl IntoView {
    let ask_error = RwSignal::new(None::<String>);
    let net = crate::pwa::NeedsNetwork::here();
    let title_id = format!("w-{}-title", spec.id);
    let labelled_by = title_id.clone();
    let body = move || {
        let snap = snapshot.read();
        let caps = snap.origin.caps();
        if !caps.serves(spec.needs, spec.scopes) {
            return view! { <p class="notice not-available">{format!("Not available from {}.", caps.name)}</p> }.into_any();
        }
        let granted = granted.read();
        let missing: Vec<Scope> = spec
            .scopes
            .iter()
            .copied()
            .filter(|s| !granted.contains(s))
            .collect();
        if missing.len() == spec.scopes.len() {
            let what = missing
                .iter()
                .map(|s| s.unlocks())
                .collect::<Vec<_>>()
                .join(" ");
            let ask = can_ask
                .then(use_context::<AskScopes>)
                .flatten()
                .map(|AskScopes(ask)| {
                    let missing = missing.clone();
                    view! {
                        <button type="button" class="secondary" disabled=move || net.offline()
                            aria-describedby=move || net.why() on:click=move |_| {
                            if let Err(e) = ask.run(missing.clone()) {
                                ask_error.set(Some(e));
                            }
                        }>{format!("Share {} with pulsedeck", spec.title.to_lowercase())}</button>
                        <p class="field-error" role="alert">{move || ask_error.get()}</p>
                    }
                });
            return view! {
                <p class="notice not-shared">"Not shared. " {what}</p>
                {ask}
            }
            .into_any();
        }
        let is_today = today.is_none_or(|t| t.get() == snap.today);
        (spec.view)(&Ctx {
            snap: &snap,
            prefs: prefs.get(),
            granted: &granted,
            is_today,
        })
    };
    view! {
        <section class="widget" id=format!("w-{}", spec.id) aria-labelledby=labelled_by>
            <h2 id=title_id>{spec.title}</h2>
            // Components share their parent's owner, so the needs are provided to this card's
            // body alone through a Provider (its own owner).
            <leptos::context::Provider value=crate::widgets::WidgetNeeds(spec.needs)>{body}</leptos::context::Provider>
        </section>
    }
}
