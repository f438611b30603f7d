//! [`Parts`] in IndexedDB, bound by hand: three calls (`getAll`, `put` in one transaction,
//! `delete` of a key range) wrapped into promises. The crates that wrap all of IndexedDB
//! (`rexie`, `indexed_db_futures`) cost more bundle bytes than this file's glue; strings in,
//! strings out, so no `serde-wasm-bindgen` either.

use super::store::{Parts, StoreError};
use js_sys::{Array, Promise};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransactionMode};

const DB: &str = "pulsedeck";
const STORE: &str = "parts";

/// The database, opened once per tab.
#[derive(Clone)]
pub struct IdbParts {
    db: IdbDatabase,
}

fn err(e: JsValue) -> StoreError {
    let name = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.name())
        .or_else(|| {
            e.dyn_ref::<web_sys::Event>()
                .and_then(|ev| ev.target())
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.error().ok().flatten())
                .map(|d| d.name())
        })
        .unwrap_or_default();
    if name == "QuotaExceededError" {
        StoreError::Quota
    } else {
        StoreError::Other(if name.is_empty() {
            "IndexedDB refused".into()
        } else {
            name
        })
    }
}

/// Resolves when `req` succeeds, with its result.
async fn done(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let p = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(p).await.map_err(err)?;
    req.result().map_err(err)
}

fn prefix_range(prefix: &str) -> Result<IdbKeyRange, StoreError> {
    IdbKeyRange::bound(&prefix.into(), &format!("{prefix}\u{ffff}").into()).map_err(err)
}

impl IdbParts {
    pub async fn open() -> Result<IdbParts, StoreError> {
        // The page's or a worker's: the import worker writes the history too.
        let factory: web_sys::IdbFactory =
            js_sys::Reflect::get(&js_sys::global(), &"indexedDB".into())
                .ok()
                .filter(|f| f.is_object())
                .ok_or(StoreError::Unavailable)?
                .unchecked_into();
        let req = factory
            .open_with_u32(DB, 1)
            .map_err(|_| StoreError::Unavailable)?;
        // Version 1 of the database: one key-value object store. The data's own shape is
        // versioned inside it (see `store::VERSION`), so this rarely changes.
        let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
            if let Some(db) = ev
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
            {
                let db: IdbDatabase = db.unchecked_into();
                // Only reached from version 0 (no store yet).
                let _ = db.create_object_store(STORE);
            }
        });
        req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        // Another tab keeps the database open and does not let go (`versionchange` unheard):
        // said at once, rather than an open that waits for ever.
        let blocked = std::rc::Rc::new(std::cell::Cell::new(false));
        let was_blocked = blocked.clone();
        let p = Promise::new(&mut |resolve, reject| {
            let (b, reject_blocked) = (blocked.clone(), reject.clone());
            let on_blocked = Closure::once_into_js(move || {
                b.set(true);
                let _ = reject_blocked.call0(&JsValue::NULL);
            });
            req.set_onblocked(Some(on_blocked.unchecked_ref()));
            req.set_onsuccess(Some(&resolve));
            req.set_onerror(Some(&reject));
        });
        let opened = JsFuture::from(p).await;
        if was_blocked.get() {
            // The open still succeeds once the other tab lets go: that connection is closed at
            // once, never left to block the next upgrade.
            let late = req.clone();
            let close = Closure::once_into_js(move || {
                if let Ok(db) = late.result() {
                    db.unchecked_into::<IdbDatabase>().close();
                }
            });
            req.set_onsuccess(Some(close.unchecked_ref()));
            return Err(StoreError::Blocked);
        }
        let db: IdbDatabase = match opened.map_err(err).and_then(|_| req.result().map_err(err)) {
            Ok(db) => db.unchecked_into(),
            // A newer pulsedeck raised the database's version: this one cannot open it.
            Err(_)
                if req
                    .error()
                    .ok()
                    .flatten()
                    .is_some_and(|e| e.name() == "VersionError") =>
            {
                return Err(StoreError::Newer)
            }
            Err(_) => return Err(StoreError::Unavailable),
        };
        // A newer pulsedeck in another tab asks to raise the version: this tab lets go (its
        // next use reopens and is told `Newer`) instead of blocking that tab's upgrade.
        let closing = db.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            closing.close();
            OPEN.with(|o| *o.borrow_mut() = None);
        });
        db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();
        Ok(IdbParts { db })
    }

    fn store(
        &self,
        mode: IdbTransactionMode,
    ) -> Result<(web_sys::IdbTransaction, web_sys::IdbObjectStore), StoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(err)?;
        let store = tx.object_store(STORE).map_err(err)?;
        Ok((tx, store))
    }
}

/// Resolves when the transaction has committed; fails if it aborted (quota, a failed put).
async fn committed(tx: &web_sys::IdbTransaction) -> Result<(), StoreError> {
    let p = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(p)
        .await
        .map(|_| ())
        .map_err(|e| tx.error().map(|d| err(d.into())).unwrap_or_else(|| err(e)))
}

thread_local! {
    // The store, opened once per tab or worker (None: not yet, or let go for a newer version).
    static OPEN: std::cell::RefCell<Option<IdbParts>> = const { std::cell::RefCell::new(None) };
}

/// The store, opened once per tab or worker, the per-source stores of version 1 adopted into
/// the person's first (under the writers' lock, once: later opens find none). Never call it
/// while holding that lock: use [`locked`].
pub async fn shared() -> Result<IdbParts, StoreError> {
    use super::person::{self, ME};
    use crate::env::Locks;
    if let Some(p) = OPEN.with(|p| p.borrow().clone()) {
        return Ok(p);
    }
    let p = IdbParts::open().await?;
    if !person::legacy(&p).await?.is_empty() {
        let q = p.clone();
        crate::browser::WebLocks
            .with_lock(ME.lock, async move {
                // Another tab may have adopted them meanwhile.
                let names = person::legacy(&q).await?;
                person::adopt(&q, &names).await
            })
            .await?;
    }
    OPEN.with(|o| *o.borrow_mut() = Some(p.clone()));
    Ok(p)
}

/// Tells other tabs the one history changed (its key's `storage` event makes them re-read it;
/// IndexedDB has no event of its own). Every writer calls it after a write that took.
pub fn written() {
    use crate::env::{Clock, KvStore};
    let now = crate::browser::JsClock.now_ms().to_string();
    let _ = crate::browser::WebStorage.set(super::person::ME.stored_key, &now);
    crate::glance::after_write();
}

/// Runs `f` on the store holding the writers' lock (every refresh, import and removal does),
/// so no write of another tab or worker falls in between its read and its write.
pub async fn locked<T: 'static>(
    f: impl AsyncFnOnce(IdbParts) -> Result<T, StoreError> + 'static,
) -> Result<T, StoreError> {
    use crate::env::Locks;
    let p = shared().await?;
    crate::browser::WebLocks
        .with_lock(super::person::ME.lock, async move { f(p).await })
        .await
}

impl Parts for IdbParts {
    async fn read(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        let (_tx, store) = self.store(IdbTransactionMode::Readonly)?;
        let range = prefix_range(prefix)?;
        // Keys and values come back in the same (key) order.
        let keys = store.get_all_keys_with_key(&range).map_err(err)?;
        let values = store.get_all_with_key(&range).map_err(err)?;
        let keys: Array = done(&keys).await?.unchecked_into();
        let values: Array = done(&values).await?.unchecked_into();
        // Copied into wasm a slice at a time, breathing between: years of parts (10 MB of
        // text) copied at once were one task of 70–100 ms.
        let mut out = Vec::with_capacity(keys.length() as usize);
        let mut since = 0;
        for (k, v) in keys.iter().zip(values.iter()) {
            if let (Some(k), Some(v)) = (k.as_string(), v.as_string()) {
                since += v.len();
                out.push((k, v));
            }
            if since > super::store::BREATH_BYTES {
                since = 0;
                crate::browser::next_task().await;
            }
        }
        Ok(out)
    }

    async fn write(&self, puts: Vec<(String, String)>) -> Result<(), StoreError> {
        let (tx, store) = self.store(IdbTransactionMode::Readwrite)?;
        for (k, v) in &puts {
            if let Err(e) = store.put_with_key(&v.into(), &k.into()) {
                // The puts before it would otherwise commit on their own: all or nothing.
                let _ = tx.abort();
                return Err(err(e));
            }
        }
        committed(&tx).await
    }

    async fn delete(&self, prefix: &str) -> Result<(), StoreError> {
        let (tx, store) = self.store(IdbTransactionMode::Readwrite)?;
        store.delete(prefix_range(prefix)?.as_ref()).map_err(err)?;
        committed(&tx).await
    }

    async fn breathe(&self) {
        crate::browser::next_task().await
    }
}
