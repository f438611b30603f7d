//! Browser implementations of the `env` traits (except HTTP, which lives in `net.rs`).

use crate::env::{Clock, KvStore, Locks};
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

pub fn window() -> web_sys::Window {
    web_sys::window().expect("running in a browser window")
}

/// localStorage: shared by every tab of the origin, survives restarts (tokens, settings, the
/// sign-in transaction, the cache). A browser that refuses storage (some private modes) reads
/// as empty and reports write failures, so the UI can say why a sign-in cannot be kept.
#[derive(Clone, Copy, Debug)]
pub struct WebStorage;

impl WebStorage {
    fn storage(&self) -> Option<web_sys::Storage> {
        window().local_storage().ok().flatten()
    }
}

impl KvStore for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.storage()?.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let s = self
            .storage()
            .ok_or("this browser does not allow the page to store data")?;
        s.set_item(key, value)
            .map_err(|_| "the browser refused to store data (storage full or disabled)".to_string())
    }
    fn remove(&self, key: &str) {
        if let Some(s) = self.storage() {
            let _ = s.remove_item(key);
        }
    }
    fn keys(&self) -> Vec<String> {
        let Some(s) = self.storage() else {
            return vec![];
        };
        (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub struct JsClock;

impl Clock for JsClock {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
}

/// The Web Locks API (`navigator.locks`), shared by every tab of the origin. Browsers without
/// it run the work unlocked; Fitbit's identical-request grace then covers most races.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebLocks;

impl Locks for WebLocks {
    async fn with_lock<T: 'static, F: Future<Output = T> + 'static>(&self, name: &str, f: F) -> T {
        // The page's navigator or a worker's (the import worker takes the same lock).
        let navigator =
            Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
        let locks = Reflect::get(&navigator, &"locks".into()).unwrap_or(JsValue::UNDEFINED);
        let request = Reflect::get(&locks, &"request".into())
            .ok()
            .and_then(|r| r.dyn_into::<Function>().ok());
        let Some(request) = request.filter(|_| !locks.is_undefined()) else {
            return f.await;
        };
        let work = Rc::new(RefCell::new(Some(f)));
        let (tx, rx) = futures::channel::oneshot::channel::<T>();
        let w = work.clone();
        // The lock is held until the promise returned by this callback settles: the work, then
        // a linger (see LOCK_LINGER_MS). The caller gets the result as soon as the work is done.
        let callback = Closure::once(move |_lock: JsValue| -> Promise {
            let f = w.borrow_mut().take();
            future_to_promise(async move {
                if let Some(f) = f {
                    let _ = tx.send(f.await);
                    sleep_ms(LOCK_LINGER_MS).await;
                }
                Ok(JsValue::UNDEFINED)
            })
        });
        let granted = request
            .call2(
                &locks,
                &JsValue::from_str(name),
                callback.as_ref().unchecked_ref(),
            )
            .ok()
            .and_then(|p| p.dyn_into::<Promise>().ok());
        if let Some(p) = granted {
            // The closure must outlive the lock request; it is freed when the lock is released.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(p).await;
                drop(callback);
            });
            if let Ok(v) = rx.await {
                return v;
            }
        }
        // The lock request failed before running the work: run it unlocked.
        let f = work.borrow_mut().take().expect("work runs at most once");
        f.await
    }
}

/// How long a Web Lock stays held after its work is done. Chromium propagates a localStorage
/// write to other tabs' processes asynchronously, so a tab granted the refresh lock right
/// after the holder stored the new token pair could still read the old one and spend the
/// (now used) refresh token a second time. Refreshes happen every few hours; a waiting tab
/// being a moment later then is cheaper than a duplicate, single-use token request.
const LOCK_LINGER_MS: i32 = 500;

/// Resolves after `ms` milliseconds (a `setTimeout` as a future).
pub async fn sleep_ms(ms: i32) {
    // `setTimeout` of the page or of a worker (the lock's linger runs in both).
    let promise = Promise::new(&mut |resolve, _reject| {
        let set_timeout = Reflect::get(&js_sys::global(), &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        if let Some(f) = set_timeout {
            let _ = f.call2(&JsValue::UNDEFINED, &resolve, &JsValue::from(ms));
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves in a task of its own, at once: a message posted to itself, which (unlike a chain
/// of `setTimeout(0)`, clamped to 4 ms from the fifth) costs nothing when repeated.
pub async fn next_task() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return sleep_ms(0).await;
    };
    let promise =
        Promise::new(&mut |resolve, _reject| channel.port1().set_onmessage(Some(&resolve)));
    let _ = channel.port2().post_message(&JsValue::NULL);
    let _ = JsFuture::from(promise).await;
}

/// Saves `content` as a file through the browser's download (nothing leaves the device).
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    save(
        file_name,
        mime,
        &js_sys::Array::of1(&JsValue::from_str(content)),
    )
}

/// Saves `bytes` as a file through the browser's download.
pub fn download_bytes(
    file_name: &str,
    mime: &str,
    bytes: &js_sys::Uint8Array,
) -> Result<(), String> {
    save(file_name, mime, &js_sys::Array::of1(bytes))
}

/// A file of `parts` (strings or bytes), saved through the browser's download.
fn save(file_name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &opts)
        .map_err(|_| "could not create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not create the file")?;
    let doc = window().document().ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // Revoke a little later: revoking at once can cancel the download in some browsers.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// `navigator.storage`, where the browser has it (a secure context).
fn storage_manager() -> Option<JsValue> {
    let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    js_sys::Reflect::get(&nav, &"storage".into())
        .ok()
        .filter(|s| s.is_object())
}

/// Calls `navigator.storage.<name>()` and awaits its promise.
async fn storage_call(name: &str) -> Option<JsValue> {
    let s = storage_manager()?;
    let f: js_sys::Function = js_sys::Reflect::get(&s, &name.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let p: Promise = f.call0(&s).ok()?.dyn_into().ok()?;
    JsFuture::from(p).await.ok()
}

/// Whether the browser keeps this origin's data for good (`storage.persisted()`); None: it
/// cannot say.
pub async fn persisted() -> Option<bool> {
    storage_call("persisted").await?.as_bool()
}

/// Asks the browser to keep this origin's data for good (`storage.persist()`: Firefox asks
/// the person, Chromium decides from how the site is used); the answer.
pub async fn persist() -> Option<bool> {
    storage_call("persist").await?.as_bool()
}

/// Bytes this origin uses and may use (`storage.estimate()`).
pub async fn estimate() -> Option<(f64, f64)> {
    let e = storage_call("estimate").await?;
    let num = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok()?.as_f64();
    Some((num("usage")?, num("quota")?))
}
