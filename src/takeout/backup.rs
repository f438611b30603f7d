//! "Download a backup", the page's side: the import worker (which has the zip writer; the app's
//! bundle does not) reads the store and writes the file off this thread; the page saves it
//! through the browser's download and remembers when.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Writes a backup of everything stored and saves it as `pulsedeck-backup-YYYY-MM-DD.zip`;
/// `Ok`: how many parts it holds.
pub async fn download(today: crate::date::Date) -> Result<usize, String> {
    let parts = save("backup", &format!("pulsedeck-backup-{today}.zip")).await?;
    use crate::env::{Clock, KvStore};
    let now = crate::browser::JsClock.now_ms().to_string();
    let _ = crate::browser::WebStorage.set(crate::keys::BACKUP_AT, &now);
    Ok(parts)
}

/// Saves everything stored as CSV and JSON files in `pulsedeck-history-YYYY-MM-DD.zip`;
/// `Ok`: how many files it holds.
pub async fn download_tables(today: crate::date::Date) -> Result<usize, String> {
    save("tables", &format!("pulsedeck-history-{today}.zip")).await
}

/// Asks a worker for the file `op` makes and saves it as `name`.
async fn save(op: &'static str, name: &str) -> Result<usize, String> {
    let worker = Worker::new("import_loader.js")
        .map_err(|_| "This browser could not start writing the file.".to_string())?;
    let (tx, rx) = futures::channel::oneshot::channel::<JsValue>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    // A worker that fails, or whose wasm never arrives (offline before it was ever kept), ends
    // the wait with a message: the button never stays disabled.
    let fail = {
        let tx = tx.clone();
        move || {
            if let Some(tx) = tx.borrow_mut().take() {
                let o = Object::new();
                let _ = Reflect::set(
                    &o,
                    &"message".into(),
                    &crate::words::FILE_NOT_WRITTEN.into(),
                );
                let _ = tx.send(o.into());
            }
        }
    };
    let on_failed = fail.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        // Handled here: Firefox would also report it as the page's uncaught error.
        ev.prevent_default();
        on_failed()
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let give_up = Closure::once_into_js(fail);
    let _ = web_sys::window().map(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(give_up.unchecked_ref(), 120_000)
    });
    let w = worker.clone();
    let on = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let d = ev.data();
        let kind = Reflect::get(&d, &"type".into())
            .ok()
            .and_then(|t| t.as_string());
        if kind.as_deref() == Some("ready") {
            let msg = Object::new();
            let _ = Reflect::set(&msg, &op.into(), &true.into());
            let _ = w.post_message(&msg);
        } else if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(d);
        }
    });
    worker.set_onmessage(Some(on.as_ref().unchecked_ref()));
    let answer = rx.await.unwrap_or(JsValue::NULL);
    worker.terminate();
    drop((on, on_error));
    let field = |k: &str| Reflect::get(&answer, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let Ok(bytes) = field("bytes").dyn_into::<js_sys::Uint8Array>() else {
        return Err(field("message")
            .as_string()
            .unwrap_or_else(|| crate::words::IMPORT_CRASHED.into()));
    };
    crate::browser::download_bytes(name, "application/zip", &bytes)?;
    Ok(field("parts").as_f64().unwrap_or(0.0) as usize)
}
