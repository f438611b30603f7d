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
//! With two cores the page starts a second worker and joins the two with a `MessageChannel`:
//! the helper (`{files, inflate_for: port}`) unpacks three entries in four, in the plan's order, and
//! transfers each one's bytes; the importer (`{files, today, inflated_by: port}`) reads them
//! while the next is being unpacked, and acknowledges each, so no more than a few wait in
//! memory. The importer alone decides, merges and writes, as with one worker.
//!
//! For `cargo xtask bench`: `{files, inflate_only: true}` only inflates every entry (the
//! floor an import is compared with), and `self.pulsedeckImportStats` holds the timings and
//! the peak of the worker's wasm memory.

use super::clock::Zone;
use super::zip::{self, Blob};
use super::{plan, Import};
use crate::date::Date;
use crate::env::Locks;
use crate::history::store::{self, StoreError};
use crate::history::History;
use crate::model::Origin;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use futures::channel::mpsc;
use futures::StreamExt;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent, MessagePort};

/// Entries unpacked ahead of the importer, at most (a few megabytes at a time).
const AHEAD: usize = 6;

/// Which entries the helper unpacks: three in four. The importer unpacks the fourth itself, as
/// reading takes it about as long as unpacking (measured: the two then finish together).
fn helper_takes(i: usize) -> bool {
    !i.is_multiple_of(4)
}

/// The store's name for the imported export (one per browser).
pub fn person() -> String {
    store::person(Origin::Archive, "export")
}

struct FileBlob {
    file: File,
    reader: FileReaderSync,
}

impl Blob for FileBlob {
    fn len(&self) -> u64 {
        self.file.size() as u64
    }
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let part = self.file.slice_with_f64_and_f64(at as f64, (at + len as u64) as f64).map_err(|_| "slice refused".to_string())?;
        let buf = self.reader.read_as_array_buffer(&part).map_err(|e| e.dyn_ref::<web_sys::DomException>().map(|d| d.message()).unwrap_or_else(|| "read refused".into()))?;
        Ok(js_sys::Uint8Array::new(&buf).to_vec())
    }
}

/// This browser's time zone, asked once per hour of UTC time (DST included).
#[derive(Default)]
struct BrowserZone {
    hour: i64,
    offset: i64,
}

impl Zone for BrowserZone {
    fn offset_ms(&mut self, utc_ms: i64) -> i64 {
        let hour = utc_ms.div_euclid(3_600_000);
        if hour != self.hour || self.hour == 0 {
            self.hour = hour;
            self.offset = -(js_sys::Date::new(&JsValue::from_f64((hour * 3_600_000) as f64)).get_timezone_offset() * 60_000.0) as i64;
        }
        self.offset
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(kind: &str, fields: &[(&str, JsValue)]) {
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
    if let Some(now) = Reflect::get(&perf, &"now".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        stat("boot_ms", now.call0(&perf).ok().and_then(|v| v.as_f64()).unwrap_or(f64::NAN));
    }
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let data = ev.data();
        let files: Vec<File> = Reflect::get(&data, &"files".into()).ok().map(|a| Array::from(&a).iter().filter_map(|f| f.dyn_into().ok()).collect()).unwrap_or_default();
        let today = Reflect::get(&data, &"today".into()).ok().and_then(|t| t.as_string()).and_then(|t| Date::parse(&t).ok());
        let port = |k: &str| Reflect::get(&data, &k.into()).ok().and_then(|p| p.dyn_into::<MessagePort>().ok());
        if let Some(port) = port("inflate_for") {
            wasm_bindgen_futures::spawn_local(feed(files, port));
            return;
        }
        let helper = port("inflated_by");
        if Reflect::get(&data, &"inflate_only".into()).ok().and_then(|v| v.as_bool()) == Some(true) {
            let started = js_sys::Date::now();
            match inflate_all(files) {
                Ok(bytes) => {
                    stat("inflate_ms", js_sys::Date::now() - started);
                    post("done", &[("lines", Array::of1(&format!("inflated {bytes} bytes").into()).into())]);
                }
                Err(message) => post("failed", &[("message", message.into())]),
            }
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match run(files, today.unwrap_or_else(|| Date::from_days_since_epoch(0)), helper).await {
                Ok(lines) => post("done", &[
                    ("lines", lines.iter().map(|l| JsValue::from_str(l)).collect::<Array>().into()),
                    // The figures, for the benchmark: the page ends the worker on "done".
                    ("stats", Reflect::get(&js_sys::global(), &"pulsedeckImportStats".into()).unwrap_or(JsValue::NULL)),
                ]),
                Err(message) => post("failed", &[("message", message.into())]),
            }
        });
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post("ready", &[]);
}

/// This browser's IANA time zone ("America/Bogota"), as `Intl` names it.
fn browser_zone_name() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into()).ok().and_then(|z| z.as_string()).unwrap_or_else(|| "unknown".into())
}

/// Records a figure for the benchmark in `self.pulsedeckImportStats`, and the wasm memory's
/// size (its peak: wasm memory only grows).
fn stat(name: &str, value: f64) {
    let global = js_sys::global();
    let key = JsValue::from_str("pulsedeckImportStats");
    let stats = Reflect::get(&global, &key).ok().filter(|s| s.is_object()).unwrap_or_else(|| Object::new().into());
    let _ = Reflect::set(&stats, &name.into(), &value.into());
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let bytes = memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length();
    let _ = Reflect::set(&stats, &"wasm_memory_bytes".into(), &(bytes as f64).into());
    let _ = Reflect::set(&global, &key, &stats);
}

/// Every entry of every file, inflated and dropped: the floor of an import's time.
fn inflate_all(files: Vec<File>) -> Result<u64, String> {
    let reader = FileReaderSync::new().map_err(|_| "no FileReaderSync".to_string())?;
    let mut total = 0;
    for file in files {
        let b = FileBlob { file, reader: reader.clone() };
        for e in zip::entries(&b).map_err(|e| crate::words::zip_problem(&e))?.iter().filter(|e| !e.is_dir()) {
            total += zip::extract(&b, e, zip::Limits::default()).map_err(|e| crate::words::zip_problem(&e))?.len() as u64;
        }
    }
    Ok(total)
}

/// The person's files, read in slices, and each one's directory.
fn open(files: Vec<File>) -> Result<(Vec<FileBlob>, Vec<Vec<zip::Entry>>), String> {
    let reader = FileReaderSync::new().map_err(|_| "This browser cannot read files in the background.".to_string())?;
    let blobs: Vec<FileBlob> = files.into_iter().map(|file| FileBlob { file, reader: reader.clone() }).collect();
    let dirs = blobs.iter().map(|b| zip::entries(b).map_err(|e| problem(b, &e))).collect::<Result<_, _>>()?;
    Ok((blobs, dirs))
}

/// What went wrong with a file, named.
fn problem(b: &FileBlob, e: &zip::ZipError) -> String {
    format!("{}: {}", b.file.name(), crate::words::zip_problem(e))
}

/// A port's messages as a stream (the worker's event loop runs between them).
fn messages(port: &MessagePort) -> mpsc::UnboundedReceiver<JsValue> {
    let (tx, rx) = mpsc::unbounded();
    let on = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let _ = tx.unbounded_send(ev.data());
    });
    port.set_onmessage(Some(on.as_ref().unchecked_ref()));
    // Lives as long as the worker (one import per worker).
    on.forget();
    rx
}

/// The helper: every entry of the plan unpacked in order and handed over (`{bytes}`, its buffer
/// transferred, not copied), never more than [`AHEAD`] unacknowledged; `{error}` stops it.
async fn feed(files: Vec<File>, port: MessagePort) {
    let mut acks = messages(&port);
    let send_error = |message: String| {
        let o = Object::new();
        let _ = Reflect::set(&o, &"error".into(), &message.into());
        let _ = port.post_message(&o);
    };
    let (blobs, dirs) = match open(files) {
        Ok(opened) => opened,
        Err(message) => return send_error(message),
    };
    let (started, mut blocked) = (js_sys::Date::now(), 0.0);
    let mut waiting = 0;
    for (_, job) in plan(&dirs).jobs.into_iter().enumerate().filter(|(i, _)| helper_takes(*i)) {
        let b = &blobs[job.archive];
        let bytes = match zip::extract(b, &job.entry, zip::Limits::default()) {
            Ok(bytes) => bytes,
            Err(e) => return send_error(problem(b, &e)),
        };
        let array = js_sys::Uint8Array::from(&bytes[..]);
        drop(bytes);
        let o = Object::new();
        let _ = Reflect::set(&o, &"bytes".into(), &array);
        let _ = port.post_message_with_transferable(&o, &Array::of1(&array.buffer()));
        waiting += 1;
        let t = js_sys::Date::now();
        while waiting >= AHEAD {
            if acks.next().await.is_none() {
                return;
            }
            waiting -= 1;
        }
        blocked += js_sys::Date::now() - t;
    }
    stat("helper_ms", js_sys::Date::now() - started);
    stat("helper_blocked_ms", blocked);
}

async fn run(files: Vec<File>, today: Date, helper: Option<MessagePort>) -> Result<Vec<String>, String> {
    let mut pipe = helper.map(|port| {
        let unpacked = messages(&port);
        (port, unpacked)
    });
    // Time spent waiting for the helper's next entry (the benchmark's view of the pipeline).
    let mut starved = 0.0;
    let started = js_sys::Date::now();
    let (blobs, dirs) = open(files)?;
    let p = plan(&dirs);
    if p.health_entries == 0 {
        return Err(crate::words::NOT_AN_EXPORT.into());
    }
    let mut imp = Import::new(today);
    let mut zone = BrowserZone::default();
    let (mut done, mut last_post) = (0u64, 0.0);
    for (i, job) in p.jobs.iter().enumerate() {
        let now = js_sys::Date::now();
        if now - last_post > 100.0 {
            last_post = now;
            post("progress", &[
                ("bytes", (done as f64).into()),
                ("total", (p.bytes as f64).into()),
                ("files", (i as f64).into()),
                ("of", (p.jobs.len() as f64).into()),
                ("family", job.family.label().into()),
            ]);
        }
        let b = &blobs[job.archive];
        if i % 64 == 0 {
            stat("files", i as f64);
        }
        match &mut pipe {
            Some((port, rx)) if helper_takes(i) => {
                let t = js_sys::Date::now();
                let msg = rx.next().await.ok_or_else(|| crate::words::IMPORT_CRASHED.to_string())?;
                starved += js_sys::Date::now() - t;
                if let Some(e) = Reflect::get(&msg, &"error".into()).ok().and_then(|e| e.as_string()) {
                    return Err(e);
                }
                let bytes = Reflect::get(&msg, &"bytes".into()).map(|a| js_sys::Uint8Array::new(&a).to_vec()).unwrap_or_default();
                let _ = port.post_message(&JsValue::TRUE);
                imp.read(job, &bytes, &mut zone);
            }
            _ => imp.run(job, b, &mut zone).map_err(|e| problem(b, &e))?,
        }
        done += job.entry.size;
    }
    post("progress", &[("bytes", (p.bytes as f64).into()), ("total", (p.bytes as f64).into()), ("files", (p.jobs.len() as f64).into()), ("of", (p.jobs.len() as f64).into()), ("family", "saving".into())]);
    let (found, mut summary) = imp.finish(&p);
    summary.zone = browser_zone_name();
    stat("read_ms", js_sys::Date::now() - started);
    stat("starved_ms", starved);
    stat("unpacked_bytes", p.bytes as f64);
    let saving = js_sys::Date::now();
    save(&found).await.map_err(|e| crate::words::import_store_problem(&e))?;
    stat("save_ms", js_sys::Date::now() - saving);
    Ok(crate::words::import_summary(&summary))
}

/// Adds what was found to the stored history: read, merged, written in one transaction, under
/// the lock every writer of this person's store takes.
async fn save(found: &super::agg::Found) -> Result<(), StoreError> {
    let parts = crate::history::idb::IdbParts::open().await?;
    let person = person();
    let found = found.clone();
    crate::browser::WebLocks
        .with_lock(&format!("pulsedeck-refresh-{person}"), async move {
            let loaded = store::load_parts(&parts, &person).await?;
            // Devices as of the newest export that listed them (a part without the list keeps them).
            let devices = if found.devices.is_empty() { super::page::record_devices(loaded.live(Origin::Archive)) } else { found.devices.clone() };
            let mut h: History = loaded.history;
            // Every month of curves the import touches, so rewriting a month keeps its other days.
            let mut months: Vec<Date> = found.curves.keys().map(|(_, d)| Date::from_ymd(d.ymd().0, d.ymd().1, 1).expect("valid")).collect();
            months.sort();
            months.dedup();
            store::load_curve_months(&parts, &person, &mut h, &months).await?;
            h.absorb_found(Origin::Archive, &found);
            let record = format!("{{\"v\":1,\"imported_ms\":{},\"devices\":{}}}", js_sys::Date::now() as i64, serde_json::to_string(&devices).expect("serialisable"));
            store::save(&parts, &person, &mut h, Some((Origin::Archive, record))).await
        })
        .await
}
