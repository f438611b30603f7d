//! The "Sources" place as the app wires it: what each source holds (read from the store),
//! removing exactly one source's data under the writers' lock, and deleting everything.

use super::sources::{connected, connected_now, show_stored, sign_out};
use super::{AppState, Notice};
use crate::history::layer::Held;
use crate::history::store::{self, StoreError};
use crate::model::Origin;
use crate::words;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Removes exactly what `src` gave from this browser (under the writers' lock).
pub async fn remove(src: Origin) -> Result<(), StoreError> {
    match src {
        Origin::Fitbit => {
            // The localStorage cache of versions before the store is Fitbit's too.
            crate::env::remove_prefixed(&crate::prefs::local(), crate::keys::CACHE_PREFIX);
            removed(Origin::Fitbit).await
        }
        Origin::GoogleHealth => removed(Origin::GoogleHealth).await,
        Origin::Archive => removed(Origin::Archive).await,
        Origin::Demo => Ok(()),
    }
}

/// `src`'s data out of the store under the writers' lock; other tabs are told.
async fn removed(src: Origin) -> Result<(), StoreError> {
    use crate::history::{idb, person};
    idb::locked(async move |p| person::remove(&p, src).await).await?;
    idb::written();
    Ok(())
}

/// What every source holds in this browser, and the store's own state (None: unreadable).
pub async fn held() -> Option<(Vec<(Origin, Held)>, bool)> {
    let p = crate::history::idb::shared().await.ok()?;
    let l = store::load_parts(&p, crate::history::person::ME.prefix)
        .await
        .ok()?;
    let list = l
        .history
        .sources()
        .into_iter()
        .map(|o| {
            let updated_ms = l.live(o).and_then(|text| updated(o, text));
            let placed_in = o
                .caps()
                .placed_in_zone
                .then(|| crate::takeout::record::zone(l.live(o)))
                .flatten();
            (
                o,
                Held {
                    updated_ms,
                    placed_in,
                    ..l.history.held(o)
                },
            )
        })
        .collect();
    Some((list, l.newer))
}

/// When a source's own record says it last gave data.
fn updated(src: Origin, record: &str) -> Option<i64> {
    match src {
        Origin::Fitbit => crate::fitbit::sync::CacheRecord::from_json(record)?
            .fetched
            .values()
            .max()
            .copied(),
        Origin::GoogleHealth => crate::google::record::Record::parse(record)?.newest(),
        Origin::Archive => crate::jsontext::Members::new(record)?.get("imported_ms"),
        Origin::Demo => None,
    }
}

/// Everything pulsedeck keeps here goes: a connected source is signed out first (its access
/// revoked), then every source's data, the sign-ins and the settings.
pub async fn delete_everything(st: AppState) -> Notice {
    if let Some(src) = connected_now(st) {
        let _ = sign_out(st, src, false).await;
    }
    let result =
        crate::history::idb::locked(async |p| crate::history::person::delete_everything(&p).await)
            .await;
    // The sign-ins, settings and flags too (other tabs hear of it by those keys).
    crate::env::remove_prefixed(&crate::prefs::local(), "pulsedeck.");
    st.archive.set(None);
    st.live_snap.set(None);
    match result {
        Ok(()) => Notice::info(words::EVERYTHING_DELETED),
        Err(e) => Notice::error(words::not_removed(&e)),
    }
}

/// The "Sources" place below every screen with data: closed until asked for (the header's
/// "Sources", or opened here), what each source holds read from the store when open.
#[component]
pub fn SourcesPlace(st: AppState, open: RwSignal<bool>) -> impl IntoView {
    let list = RwSignal::new(None::<Vec<(Origin, Held)>>);
    let import = expect_context::<crate::screens::import::ImportCtl>();
    Effect::new(move |_| {
        // Read again whenever what is shown changed (a refresh, an import, a removal).
        st.live_snap.track();
        st.archive.track();
        import.imported.track();
        if open.get() {
            spawn_local(async move {
                let got = held().await.map(|(l, _)| l).unwrap_or_default();
                let _ = list.try_set(Some(got));
            });
        }
    });
    let on_remove = Callback::new(move |src: Origin| {
        spawn_local(async move {
            let notice = match remove(src).await {
                Ok(()) => Notice::info(words::removed(src.caps())),
                Err(e) => Notice::error(words::not_removed(&e)),
            };
            st.notice.set(Some(notice));
            show_stored(st);
        });
    });
    let on_delete_all = Callback::new(move |()| {
        spawn_local(async move {
            let notice = delete_everything(st).await;
            st.notice.set(Some(notice));
        });
    });
    let connected = Signal::derive(move || connected(st));
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if let (true, Some(d)) = (open.get(), details.get()) {
            d.set_open(true);
            d.scroll_into_view();
        }
    });
    view! {
        <details class="sources-place" id=crate::screens::sources::ID node_ref=details prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>"Sources: where your history comes from"</summary>
            <Show when=move || open.get()>
                <crate::screens::sources::Sources held=list.into() connected=connected on_remove=on_remove on_delete_all=on_delete_all ctl=import
                    setup=Callback::new(super::sources::setup)/>
            </Show>
        </details>
    }
}
