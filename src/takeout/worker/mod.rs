//! The import worker: off the page's thread, it reads the person's zip files in slices
//! (`FileReaderSync` over `File.slice`, so never a whole archive in memory), runs the import,
//! then writes the history once, in one transaction, under the same lock a refresh takes. It
//! talks to the page with plain objects:
//!
//! - page → worker: `{files: [File…], today: "YYYY-MM-DD"}` once the worker said `ready`;
//! - worker → page: `{type: "ready"}`, `{type: "progress", bytes, total, files, of, family}`,
//!   `{type: "done", lines: [...]}` or `{type: "failed", message}`.
//!
//! Cancel is the page terminating the worker: nothing was written before the last step, and
//! an unfinished IndexedDB transaction is aborted with the worker.
//!
//! With more cores the page starts helpers (one per core beyond the first, three at most) and
//! joins each to the importer with a `MessageChannel`: helper `k` of `n` workers (`{files,
//! today, help: port, part: k, of: n}`) reads its share of the heart-rate files (see
//! [`super::split`]: most of an export's bytes, and the only files whose sums do not depend on
//! the order they are read in) into an import of its own, posts its progress to the page
//! (`{type: "progress", bytes, files}`), then hands what it found to the importer over its port
//! (`{curves: Float64Array, dropped, files_read, problems, files}`, see [`super::Share`], or
//! `{error}`). The importer (`{files, today, helped_by: [port…]}`) reads everything else
//! meanwhile, adds each share in, and alone decides, merges and writes, as with one worker.
//!
//! For `cargo xtask bench`: `{files, inflate_only: true}` only inflates every entry (the
//! floor an import is compared with; with `part: k, of: n`, every n-th from the k-th, for n
//! workers at once), and `self.pulsedeckImportStats` holds the timings and the peak of the
//! worker's wasm memory.

mod backup;
mod files;
mod run;
mod share;

use crate::date::Date;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent, MessagePort};

pub(super) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

pub(crate) fn post(kind: &str, fields: &[(&str, JsValue)]) {
    let o = Object::new();
    let _ = Reflect::set(&o, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    let _ = scope().post_message(&o);
}

pub fn start() {
    // How long the worker took to load and compile its wasm (its clock starts with it).
    let perf = Reflect::get(&js_sys::global(), &"performance".into()).unwrap_or(JsValue::NULL);
    if let Some(now) = Reflect::get(&perf, &"now".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        stat(
            "boot_ms",
            now.call0(&perf)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(f64::NAN),
        );
    }
    let on_message =
        Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| on_message(ev.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post("ready", &[]);
}

thread_local! {
    // Where the person's answer to the import's question goes (see [`answer`]).
    static ANSWER: std::cell::RefCell<Option<futures::channel::oneshot::Sender<bool>>> =
        const { std::cell::RefCell::new(None) };
}

/// The person's answer to the question the import posted (`{type: "ask", …}`): the page
/// sends `{answer: true | false}`; Cancel ends the worker instead.
pub(super) async fn answer() -> bool {
    let (tx, rx) = futures::channel::oneshot::channel();
    ANSWER.with(|a| *a.borrow_mut() = Some(tx));
    rx.await.unwrap_or(false)
}

/// The page's message: a helper's part, the benchmark's inflate-only run, the import, or the
/// person's answer to the import's question.
fn on_message(data: JsValue) {
    if let Some(yes) = Reflect::get(&data, &"answer".into())
        .ok()
        .and_then(|v| v.as_bool())
    {
        if let Some(tx) = ANSWER.with(|a| a.borrow_mut().take()) {
            let _ = tx.send(yes);
        }
        return;
    }
    // The insights screen's questions (see `insights::worker`).
    if let Some(q) = Reflect::get(&data, &"insights".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        return crate::insights::worker::answer(q, &data);
    }
    for (op, tables) in [("backup", false), ("tables", true)] {
        if Reflect::get(&data, &op.into())
            .ok()
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            return wasm_bindgen_futures::spawn_local(backup::send(tables));
        }
    }
    let files: Vec<File> = list(&data, "files");
    let today = Reflect::get(&data, &"today".into())
        .ok()
        .and_then(|t| t.as_string())
        .and_then(|t| Date::parse(&t).ok());
    let today = today.unwrap_or_else(|| Date::from_days_since_epoch(0));
    // The zone the person chose for the export's UTC stamps (empty: this browser's).
    let zone = Reflect::get(&data, &"zone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_default();
    let n = |k: &str| {
        Reflect::get(&data, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v as usize)
    };
    if let Some(port) = Reflect::get(&data, &"help".into())
        .ok()
        .and_then(|p| p.dyn_into::<MessagePort>().ok())
    {
        return share::help(
            files,
            today,
            &zone,
            port,
            n("part").unwrap_or(1),
            n("of").unwrap_or(2),
        );
    }
    let helpers: Vec<MessagePort> = list(&data, "helped_by");
    if Reflect::get(&data, &"inflate_only".into())
        .ok()
        .and_then(|v| v.as_bool())
        == Some(true)
    {
        inflate_only(files, n("part").unwrap_or(0), n("of").unwrap_or(1).max(1));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match run::run(files, today, zone, helpers).await {
            Ok((lines, restored)) => done(&lines, restored),
            Err(message) => post(
                "failed",
                &[("message", crate::words::failed(&message).into())],
            ),
        }
    });
}

/// The objects of kind `T` in the list `key` of a message (none when it has no such list:
/// `Array::from` would throw on a missing field).
fn list<T: JsCast>(data: &JsValue, key: &str) -> Vec<T> {
    Reflect::get(data, &key.into())
        .ok()
        .filter(Array::is_array)
        .map(|a| {
            Array::from(&a)
                .iter()
                .filter_map(|x| x.dyn_into().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The benchmark's floor: every entry inflated and dropped.
fn inflate_only(files: Vec<File>, part: usize, of: usize) {
    let started = js_sys::Date::now();
    match files::inflate_all(files, part, of) {
        Ok(bytes) => {
            stat("inflate_ms", js_sys::Date::now() - started);
            post(
                "done",
                &[(
                    "lines",
                    Array::of1(&format!("inflated {bytes} bytes").into()).into(),
                )],
            );
        }
        Err(message) => post("failed", &[("message", message.into())]),
    }
}

/// "done", with the summary's lines and, for the benchmark, the figures (the page ends the
/// worker on "done").
fn done(lines: &[String], restored: bool) {
    let lines: Array = lines.iter().map(|l| JsValue::from_str(l)).collect();
    let stats =
        Reflect::get(&js_sys::global(), &"pulsedeckImportStats".into()).unwrap_or(JsValue::NULL);
    let fields = [
        ("lines", lines.into()),
        ("stats", stats),
        ("restored", restored.into()),
    ];
    post("done", &fields);
}

/// Records a figure for the benchmark in `self.pulsedeckImportStats`, and the wasm memory's
/// size (its peak: wasm memory only grows).
pub(super) fn stat(name: &str, value: f64) {
    let global = js_sys::global();
    let key = JsValue::from_str("pulsedeckImportStats");
    let stats = Reflect::get(&global, &key)
        .ok()
        .filter(|s| s.is_object())
        .unwrap_or_else(|| Object::new().into());
    let _ = Reflect::set(&stats, &name.into(), &value.into());
    let _ = Reflect::set(
        &stats,
        &"wasm_memory_bytes".into(),
        &wasm_memory_bytes().into(),
    );
    let _ = Reflect::set(&global, &key, &stats);
}

/// The size of this worker's wasm memory: its peak, as it only grows.
pub(super) fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Posts a progress report at most every 100 ms (`fields` made only then).
pub(super) struct Every100ms(f64);

impl Every100ms {
    pub(super) fn post(&mut self, fields: impl FnOnce() -> Vec<(&'static str, JsValue)>) {
        let now = js_sys::Date::now();
        if now - self.0 > 100.0 {
            self.0 = now;
            post("progress", &fields());
        }
    }
}
