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
                <KeepPlace st=st ctl=import/>
            </Show>
        </details>
    }
}

/// "Your data in this browser", wired: the browser's answers read when shown (and after an
/// import), "Keep it for good", "Download a backup".
#[component]
fn KeepPlace(st: AppState, ctl: crate::screens::import::ImportCtl) -> impl IntoView {
    use crate::screens::keep::{Keep, Kept};
    let (kept, busy) = (RwSignal::new(Kept::default()), RwSignal::new(false));
    let read = move || {
        spawn_local(async move {
            let k = kept_now().await;
            let _ = kept.try_set(k);
        })
    };
    Effect::new(move |_| {
        ctl.imported.track();
        read();
    });
    let on_persist = Callback::new(move |()| {
        spawn_local(async move {
            if crate::browser::persist().await != Some(true) {
                st.notice.set(Some(Notice::info(words::PERSIST_REFUSED)));
            }
            read();
        })
    });
    let on_backup = Callback::new(move |()| {
        busy.set(true);
        spawn_local(async move {
            let notice = match crate::takeout::backup::download(crate::here::device_today()).await {
                Ok(parts) => Notice::info(words::backup_saved(parts)),
                Err(e) => Notice::error(e),
            };
            st.notice.set(Some(notice));
            let _ = busy.try_set(false);
            read();
        })
    });
    let on_tables = Callback::new(move |()| {
        busy.set(true);
        spawn_local(async move {
            let today = crate::here::device_today();
            let notice = match crate::takeout::backup::download_tables(today).await {
                Ok(files) => Notice::info(words::tables_saved(files)),
                Err(e) => Notice::error(e),
            };
            st.notice.set(Some(notice));
            let _ = busy.try_set(false);
        })
    });
    view! { <Keep kept=kept.into() busy=busy.into() on_persist=on_persist on_backup=on_backup on_tables=on_tables ctl=ctl/> }
}

/// What the browser says of pulsedeck's storage now, and the last backup.
pub async fn kept_now() -> crate::screens::keep::Kept {
    use crate::env::KvStore;
    crate::screens::keep::Kept {
        persisted: crate::browser::persisted().await,
        usage: crate::browser::estimate().await,
        backup_ms: crate::prefs::local()
            .get(crate::keys::BACKUP_AT)
            .and_then(|t| t.parse().ok()),
        clears_unused: !crate::pwa::standalone() && {
            let (ua, touch) = crate::pwa::user_agent();
            crate::install::is_webkit(&ua, touch)
        },
    }
}

/// Whether to remind the person to back up: the store holds days no source can give again
/// (`gives_again` in the row) and neither a backup nor a dismissed reminder in 30 days.
pub fn remind(
    held: &[(Origin, Held)],
    backup_ms: Option<i64>,
    dismissed_ms: Option<i64>,
    now_ms: i64,
) -> bool {
    const DAYS_30: i64 = 30 * 86_400_000;
    let only_here = held
        .iter()
        .any(|(o, h)| !o.caps().gives_again && h.days > 0);
    let last = backup_ms.max(dismissed_ms);
    only_here && last.is_none_or(|t| now_ms - t > DAYS_30)
}

/// Whether the browser's storage is nearly full (90% of what it allows): said before a write
/// fails.
pub fn nearly_full(usage: Option<(f64, f64)>) -> bool {
    usage.is_some_and(|(used, quota)| quota > 0.0 && used >= 0.9 * quota)
}

/// The backup reminder, once per 30 days at most, dismissable; "Download a backup" opens Sources.
/// Above it, when storage is nearly full, how full, with what to do.
#[component]
pub fn BackupReminder(st: AppState) -> impl IntoView {
    use crate::env::{Clock, KvStore};
    let show = RwSignal::new(false);
    let full = RwSignal::new(None::<(f64, f64)>);
    spawn_local(async move {
        // Once the dashboard is painted and settled: reading what each source holds decodes
        // the whole store, which must not compete with the first paint.
        crate::browser::sleep_ms(2_000).await;
        let usage = crate::browser::estimate().await;
        if nearly_full(usage) {
            let _ = full.try_set(usage);
        }
        let local = crate::prefs::local();
        let ms = |k: &str| local.get(k).and_then(|t| t.parse().ok());
        let list = held().await.map(|(l, _)| l).unwrap_or_default();
        let now = crate::browser::JsClock.now_ms();
        let _ = show.try_set(remind(
            &list,
            ms(crate::keys::BACKUP_AT),
            ms(crate::keys::BACKUP_REMINDED),
            now,
        ));
    });
    let dismiss = move || {
        let now = crate::browser::JsClock.now_ms().to_string();
        let _ = crate::prefs::local().set(crate::keys::BACKUP_REMINDED, &now);
        show.set(false);
    };
    let full_banner = move || {
        full.get().map(|(u, q)| {
            view! {
                <div class="banner warn" role="alert"><p>{words::nearly_full(u, q)}</p></div>
            }
        })
    };
    let reminder = move || {
        show.get().then(|| view! {
            <div class="banner warn" role="region" aria-label="Backup reminder">
                <p>{words::BACKUP_REMINDER}</p>
                <button type="button" class="primary" on:click=move |_| { dismiss(); st.sources_open.set(true); }>"Back up now"</button>
                <button type="button" class="link" on:click=move |_| dismiss()>"Not now"</button>
            </div>
        })
    };
    view! { {full_banner} {reminder} }
}

#[cfg(test)]
mod tests {
    use super::remind;
    use crate::history::layer::Held;
    use crate::model::Origin;

    const DAY: i64 = 86_400_000;

    #[test]
    fn the_reminder_stands_on_days_only_this_browser_has_and_waits_30_days() {
        let held = |o: Origin, days: usize| {
            vec![(
                o,
                Held {
                    days,
                    ..Held::default()
                },
            )]
        };
        let now = 100 * DAY;
        // Fitbit's days are kept only here: reminded, unless a backup or a "Not now" is recent.
        assert!(remind(&held(Origin::Fitbit, 400), None, None, now));
        assert!(!remind(
            &held(Origin::Fitbit, 400),
            Some(now - 29 * DAY),
            None,
            now
        ));
        assert!(!remind(
            &held(Origin::Fitbit, 400),
            None,
            Some(now - DAY),
            now
        ));
        assert!(remind(
            &held(Origin::Fitbit, 400),
            Some(now - 31 * DAY),
            None,
            now
        ));
        // An export can be asked for again; nothing held is nothing to lose.
        assert!(!remind(&held(Origin::Archive, 400), None, None, now));
        assert!(!remind(&held(Origin::Fitbit, 0), None, None, now));
    }

    #[test]
    fn storage_is_nearly_full_from_nine_tenths_of_what_the_browser_allows() {
        use super::nearly_full;
        assert!(nearly_full(Some((900.0, 1000.0))));
        assert!(!nearly_full(Some((899.0, 1000.0))));
        assert!(!nearly_full(Some((0.0, 0.0))));
        assert!(!nearly_full(None));
    }
}
