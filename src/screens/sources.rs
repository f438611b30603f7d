//! "Sources": where the one history comes from. Each source with what it holds (days, span)
//! and whether it is connected; removing one takes exactly its data (saying what stays); the
//! entries to add the others (an export, the Google Health API); and, apart, deleting
//! everything pulsedeck keeps in this browser. Its words come from each source's capability
//! row; the app supplies the figures and the actions.

use crate::history::layer::Held;
use crate::model::Origin;
use leptos::prelude::*;

/// The id of the place the header's "Sources" opens.
pub const ID: &str = "sources";

#[component]
pub fn Sources(
    /// What each source holds (None: still being read).
    held: Signal<Option<Vec<(Origin, Held)>>>,
    /// The live source signed in here, if any.
    connected: Signal<Option<Origin>>,
    /// Removes one source's data.
    on_remove: Callback<Origin>,
    /// Deletes everything pulsedeck keeps here.
    on_delete_all: Callback<()>,
    ctl: crate::screens::import::ImportCtl,
    /// A live source's own set-up (its folder's screen), for "Connect …".
    setup: Callback<Origin, AnyView>,
) -> impl IntoView {
    // The source whose removal waits for a second click ("Remove … ?").
    let confirming = RwSignal::new(None::<Origin>);
    let rows = move || {
        let list = held.get().unwrap_or_default();
        let live = connected.get();
        let mut origins: Vec<Origin> = list.iter().map(|(o, _)| *o).collect();
        if let Some(o) = live.filter(|o| !origins.contains(o)) {
            origins.insert(0, o);
        }
        origins
            .into_iter()
            .map(|o| {
                let h = list.iter().find(|(x, _)| *x == o).map(|(_, h)| h.clone()).unwrap_or_default();
                let stays = crate::words::what_stays(&list, o);
                view! { <SourceRow src=o held=h connected=live == Some(o) stays=stays confirming=confirming on_remove=on_remove ctl=ctl/> }
            })
            .collect_view()
    };
    view! {
        <section class="panel sources" aria-labelledby="sources-title">
            <h2 id="sources-title">"Sources"</h2>
            <p class="hint">
                "Everything below is one history of yours, kept in this browser only. Where two sources give the same "
                "day, a live source's value is shown over an export's; removing a source deletes exactly what it gave."
            </p>
            <ul class="source-list">
                {rows}
                {move || held.with(|h| h.is_none()).then(|| view! { <li class="hint">"Reading what is kept…"</li> })}
            </ul>
            <div class="source-add">
                <h3>"Your Google Takeout export"</h3>
                <p class="hint">"More parts, a newer export, or your first: the days it covers are added to this history (the same days again replace, never add)."</p>
                <crate::screens::import::ImportPick ctl=ctl id="sources-import-files"/>
            </div>
            // The live sources one can still connect, each with its own set-up.
            {move || Origin::ALL.into_iter()
                .filter(|o| o.caps().can_add && connected.get() != Some(*o))
                .map(|o| view! {
                    <details class="source-connect" data-source=o.key()>
                        <summary>{format!("Connect {}", o.caps().name)}</summary>
                        {setup.run(o)}
                    </details>
                })
                .collect_view()}
            <DeleteAll on_delete_all=on_delete_all/>
        </section>
    }
}

/// "Delete everything pulsedeck keeps in this browser…", confirmed by a second click.
#[component]
fn DeleteAll(on_delete_all: Callback<()>) -> impl IntoView {
    let confirm_all = RwSignal::new(false);
    view! {
        <div class="actions">
            {move || if confirm_all.get() {
                view! {
                    <span class="confirm" role="group" aria-label="Delete everything">
                        <span>"Every source's data, sessions and settings of pulsedeck in this browser will be deleted."</span>
                        <button type="button" class="primary" on:click=move |_| {
                            confirm_all.set(false);
                            on_delete_all.run(());
                        }>"Delete everything"</button>
                        <button type="button" class="secondary" on:click=move |_| confirm_all.set(false)>"Keep it"</button>
                    </span>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="secondary" on:click=move |_| confirm_all.set(true)>
                        "Delete everything pulsedeck keeps in this browser…"
                    </button>
                }
                .into_any()
            }}
        </div>
    }
}

/// One source: its name, what it holds, whether it is connected, and "Remove…" (confirmed,
/// saying what stays).
#[component]
fn SourceRow(
    src: Origin,
    held: Held,
    connected: bool,
    stays: String,
    confirming: RwSignal<Option<Origin>>,
    on_remove: Callback<Origin>,
    ctl: crate::screens::import::ImportCtl,
) -> impl IntoView {
    let caps = src.caps();
    let state = if connected {
        "connected"
    } else if caps.live {
        "not connected: its data is kept"
    } else {
        "imported"
    };
    let ask = format!("Remove the data {} gave", caps.name);
    view! {
        <li class="source" data-source=src.key()>
            <strong>{caps.title}</strong>
            <span class="held">{crate::words::held(&held)}</span>
            <span class="hint">{state}</span>
            {(!caps.whose.is_empty()).then(|| view! { <span class="hint whose">{caps.whose}</span> })}
            {caps.placed_in_zone.then(|| view! {
                <span class="held">{held.placed_in.as_ref().map(|z| format!("UTC times placed in {z}"))}</span>
                <crate::screens::zone_pick::ZonePick ctl=ctl id="sources-zone"/>
            })}
            {move || if confirming.get() == Some(src) {
                view! {
                    <span class="confirm" role="group" aria-label=ask.clone()>
                        <span>{stays.clone()}</span>
                        <button type="button" class="primary" on:click=move |_| {
                            confirming.set(None);
                            on_remove.run(src);
                        }>{format!("Remove {}'s data", caps.title)}</button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(None)>"Keep it"</button>
                    </span>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="secondary small" aria-label=ask.clone() on:click=move |_| confirming.set(Some(src))>"Remove…"</button>
                }
                .into_any()
            }}
        </li>
    }
}
