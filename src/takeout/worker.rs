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

use super::clock::Zone;
use super::zip::{self, Blob};
use super::{plan, Import};
use crate::date::Date;
use crate::history::store::{self, StoreError};
use crate::history::History;
use crate::model::Origin;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent, MessagePort};

/// Bytes of the archive read at once (see [`zip::Windowed`]).
const WINDOW: usize = 4 << 20;

/// One of the person's files, read in windows.
type Archive = zip::Windowed<FileBlob>;

fn archive(file: File, reader: &FileReaderSync) -> Archive {
    zip::Windowed::new(
        FileBlob {
            file,
            reader: reader.clone(),
        },
        WINDOW,
    )
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
        let part = self
            .file
            .slice_with_f64_and_f64(at as f64, (at + len as u64) as f64)
            .map_err(|_| "slice refused".to_string())?;
        let buf = self.reader.read_as_array_buffer(&part).map_err(|e| {
            e.dyn_ref::<web_sys::DomException>()
                .map(|d| d.message())
                .unwrap_or_else(|| "read refused".into())
        })?;
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
            self.offset = -(js_sys::Date::new(&JsValue::from_f64((hour * 3_600_000) as f64))
                .get_timezone_offset()
                * 60_000.0) as i64;
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
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| {
        let data = ev.data();
        let files: Vec<File> = Reflect::get(&data, &"files".into())
            .ok()
            .map(|a| {
                Array::from(&a)
                    .iter()
                    .filter_map(|f| f.dyn_into().ok())
                    .collect()
            })
            .unwrap_or_default();
        let today = Reflect::get(&data, &"today".into())
            .ok()
            .and_then(|t| t.as_string())
            .and_then(|t| Date::parse(&t).ok());
        let today = today.unwrap_or_else(|| Date::from_days_since_epoch(0));
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
            return help(
                files,
                today,
                port,
                n("part").unwrap_or(1),
                n("of").unwrap_or(2),
            );
        }
        // No helpers unless given (`Array::from` would throw on a missing field).
        let helpers: Vec<MessagePort> = Reflect::get(&data, &"helped_by".into())
            .ok()
            .filter(Array::is_array)
            .map(|a| {
                Array::from(&a)
                    .iter()
                    .filter_map(|p| p.dyn_into().ok())
                    .collect()
            })
            .unwrap_or_default();
        if Reflect::get(&data, &"inflate_only".into())
            .ok()
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            let started = js_sys::Date::now();
            match inflate_all(files, n("part").unwrap_or(0), n("of").unwrap_or(1).max(1)) {
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
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match run(files, today, helpers).await {
                Ok(lines) => post(
                    "done",
                    &[
                        (
                            "lines",
                            lines
                                .iter()
                                .map(|l| JsValue::from_str(l))
                                .collect::<Array>()
                                .into(),
                        ),
                        // The figures, for the benchmark: the page ends the worker on "done".
                        (
                            "stats",
                            Reflect::get(&js_sys::global(), &"pulsedeckImportStats".into())
                                .unwrap_or(JsValue::NULL),
                        ),
                    ],
                ),
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
    let options =
        js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Records a figure for the benchmark in `self.pulsedeckImportStats`, and the wasm memory's
/// size (its peak: wasm memory only grows).
fn stat(name: &str, value: f64) {
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
fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// Every entry of every file (or every `of`-th from the `part`-th), inflated and dropped: the
/// floor of an import's time.
fn inflate_all(files: Vec<File>, part: usize, of: usize) -> Result<u64, String> {
    let reader = FileReaderSync::new().map_err(|_| "no FileReaderSync".to_string())?;
    let mut total = 0;
    for file in files {
        let b = archive(file, &reader);
        let entries = zip::entries(&b).map_err(|e| crate::words::zip_problem(&e))?;
        for e in entries
            .iter()
            .filter(|e| !e.is_dir())
            .skip(part)
            .step_by(of)
        {
            total += zip::extract(&b, e, zip::Limits::default())
                .map_err(|e| crate::words::zip_problem(&e))?
                .len() as u64;
        }
    }
    Ok(total)
}

/// The person's files, read in windows, and each one's directory.
fn open(files: Vec<File>) -> Result<(Vec<Archive>, Vec<Vec<zip::Entry>>), String> {
    let reader = FileReaderSync::new()
        .map_err(|_| "This browser cannot read files in the background.".to_string())?;
    let blobs: Vec<_> = files
        .into_iter()
        .map(|file| archive(file, &reader))
        .collect();
    let dirs = blobs
        .iter()
        .map(|b| zip::entries(b).map_err(|e| problem(b, &e)))
        .collect::<Result<_, _>>()?;
    Ok((blobs, dirs))
}

/// What went wrong with a file, named.
fn problem(b: &Archive, e: &zip::ZipError) -> String {
    format!(
        "{}: {}",
        b.inner().file.name(),
        crate::words::zip_problem(e)
    )
}

/// The next message on a port (the worker's event loop runs meanwhile).
async fn next_message(port: &MessagePort) -> JsValue {
    let (tx, rx) = futures::channel::oneshot::channel();
    let mut tx = Some(tx);
    let on = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(tx) = tx.take() {
            let _ = tx.send(ev.data());
        }
    });
    port.set_onmessage(Some(on.as_ref().unchecked_ref()));
    let data = rx.await.unwrap_or(JsValue::NULL);
    port.set_onmessage(None);
    data
}

/// Posts a progress report at most every 100 ms (`fields` made only then).
struct Every100ms(f64);

impl Every100ms {
    fn post(&mut self, fields: impl FnOnce() -> Vec<(&'static str, JsValue)>) {
        let now = js_sys::Date::now();
        if now - self.0 > 100.0 {
            self.0 = now;
            post("progress", &fields());
        }
    }
}

/// Helper `part` of `of` workers: its jobs of the plan ([`super::split`]) read into an import
/// of its own, then handed to the importer over `port`.
fn help(files: Vec<File>, today: Date, port: MessagePort, part: usize, of: usize) {
    let started = js_sys::Date::now();
    let send = |o: &Object, transfer: &Array| {
        let _ = port.post_message_with_transferable(o, transfer);
    };
    let error = |message: String| {
        let o = Object::new();
        let _ = Reflect::set(&o, &"error".into(), &message.into());
        send(&o, &Array::new());
    };
    let (blobs, dirs) = match open(files) {
        Ok(opened) => opened,
        Err(message) => return error(message),
    };
    let p = plan(&dirs);
    let (mut imp, mut zone, mut every) =
        (Import::new(today), BrowserZone::default(), Every100ms(0.0));
    let (mut bytes, mut count) = (0u64, 0u32);
    for (job, _) in p
        .jobs
        .iter()
        .zip(super::split(&p, of))
        .filter(|(_, w)| *w == part)
    {
        every.post(|| vec![("bytes", (bytes as f64).into()), ("files", count.into())]);
        let b = &blobs[job.archive];
        if let Err(e) = imp.run(job, b, &mut zone) {
            return error(problem(b, &e));
        }
        bytes += job.entry.size;
        count += 1;
    }
    post(
        "progress",
        &[("bytes", (bytes as f64).into()), ("files", count.into())],
    );
    let share = imp.share();
    let curves = js_sys::Float64Array::from(&share.curves[..]);
    let pairs = |v: Vec<(String, JsValue)>| {
        v.into_iter()
            .map(|(a, b)| Array::of2(&a.into(), &b))
            .collect::<Array>()
    };
    let o = Object::new();
    for (k, v) in [
        ("curves", curves.clone().into()),
        (
            "dropped",
            pairs(
                share
                    .dropped
                    .into_iter()
                    .map(|(why, n)| (why, (n as f64).into()))
                    .collect(),
            )
            .into(),
        ),
        (
            "files_read",
            share
                .files_read
                .into_iter()
                .map(JsValue::from)
                .collect::<Array>()
                .into(),
        ),
        (
            "problems",
            pairs(
                share
                    .problems
                    .into_iter()
                    .map(|(file, why)| (file, why.into()))
                    .collect(),
            )
            .into(),
        ),
        ("files", (share.files as f64).into()),
    ] {
        let _ = Reflect::set(&o, &k.into(), &v);
    }
    // For the importer's figures (the benchmark's).
    let _ = Reflect::set(&o, &"wasm_memory_bytes".into(), &wasm_memory_bytes().into());
    stat("helper_ms", js_sys::Date::now() - started);
    send(&o, &Array::of1(&curves.buffer()));
}

/// What the helper sent ([`help`]), added to `imp`.
fn add_share(imp: &mut Import, msg: &JsValue) -> Result<(), String> {
    if let Some(e) = Reflect::get(msg, &"error".into())
        .ok()
        .and_then(|e| e.as_string())
    {
        return Err(e);
    }
    let field = |k: &str| Reflect::get(msg, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let pairs = |k: &str| {
        Array::from(&field(k))
            .iter()
            .map(|p| {
                (
                    Reflect::get_u32(&p, 0).unwrap_or_default(),
                    Reflect::get_u32(&p, 1).unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    };
    let share = super::Share {
        curves: field("curves")
            .dyn_into::<js_sys::Float64Array>()
            .map_err(|_| crate::words::IMPORT_CRASHED.to_string())?
            .to_vec(),
        dropped: pairs("dropped")
            .into_iter()
            .map(|(why, n)| {
                (
                    why.as_string().unwrap_or_default(),
                    n.as_f64().unwrap_or(0.0) as u64,
                )
            })
            .collect(),
        files_read: Array::from(&field("files_read"))
            .iter()
            .filter_map(|f| f.as_string())
            .collect(),
        problems: pairs("problems")
            .into_iter()
            .map(|(file, why)| {
                (
                    file.as_string().unwrap_or_default(),
                    why.as_string().unwrap_or_default(),
                )
            })
            .collect(),
        files: field("files").as_f64().unwrap_or(0.0) as usize,
    };
    imp.add_share(share)
        .map_err(|_| crate::words::IMPORT_CRASHED.to_string())
}

async fn run(
    files: Vec<File>,
    today: Date,
    helpers: Vec<MessagePort>,
) -> Result<Vec<String>, String> {
    let started = js_sys::Date::now();
    let (blobs, dirs) = open(files)?;
    let p = plan(&dirs);
    if p.health_entries == 0 {
        return Err(crate::words::NOT_AN_EXPORT.into());
    }
    // The helpers' jobs, when there are any; their progress goes to the page directly.
    let who = super::split(&p, 1 + helpers.len());
    let (mut imp, mut zone, mut every) =
        (Import::new(today), BrowserZone::default(), Every100ms(0.0));
    let (mut done, mut count) = (0u64, 0u32);
    for (i, job) in p.jobs.iter().enumerate().filter(|(i, _)| who[*i] == 0) {
        every.post(|| {
            vec![
                ("bytes", (done as f64).into()),
                ("total", (p.bytes as f64).into()),
                ("files", count.into()),
                ("of", (p.jobs.len() as f64).into()),
                ("family", job.family.label().into()),
            ]
        });
        if i % 64 == 0 {
            stat("files", i as f64);
        }
        let b = &blobs[job.archive];
        imp.run(job, b, &mut zone).map_err(|e| problem(b, &e))?;
        done += job.entry.size;
        count += 1;
    }
    // Time spent waiting for the helpers to finish their shares (the benchmark's view of the split).
    let (waiting, mut helpers_memory) = (js_sys::Date::now(), 0.0);
    for port in &helpers {
        let share = next_message(port).await;
        helpers_memory += Reflect::get(&share, &"wasm_memory_bytes".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        add_share(&mut imp, &share)?;
    }
    stat("starved_ms", js_sys::Date::now() - waiting);
    stat("helper_wasm_memory_bytes", helpers_memory);
    // All read (the page adds the helpers' last reports, and keeps the sum within the total).
    post(
        "progress",
        &[
            ("bytes", (p.bytes as f64).into()),
            ("total", (p.bytes as f64).into()),
            ("files", (p.jobs.len() as f64).into()),
            ("of", (p.jobs.len() as f64).into()),
            ("family", "saving".into()),
        ],
    );
    let (found, mut summary) = imp.finish(&p);
    summary.zone = browser_zone_name();
    stat("read_ms", js_sys::Date::now() - started);
    stat("unpacked_bytes", p.bytes as f64);
    let saving = js_sys::Date::now();
    save(&found)
        .await
        .map_err(|e| crate::words::import_store_problem(&e))?;
    stat("save_ms", js_sys::Date::now() - saving);
    Ok(crate::words::import_summary(&summary))
}

/// Adds what was found to the stored history: read, merged, written in one transaction, under
/// the lock every writer of this person's store takes.
async fn save(found: &super::agg::Found) -> Result<(), StoreError> {
    let person = crate::history::person::ME.prefix;
    let found = found.clone();
    crate::history::idb::locked(async move |parts| {
        let loaded = store::load_parts(&parts, person).await?;
        if loaded.newer {
            return Err(StoreError::Newer);
        }
        // Devices as of the newest export that listed them (a part without the list keeps them).
        let devices = if found.devices.is_empty() {
            super::page::record_devices(loaded.live(Origin::Archive))
        } else {
            found.devices.clone()
        };
        let mut h: History = loaded.history;
        // Every month of curves the import touches, so rewriting a month keeps its other days.
        let mut months: Vec<Date> = found
            .curves
            .keys()
            .map(|(_, d)| Date::from_ymd(d.ymd().0, d.ymd().1, 1).expect("valid"))
            .collect();
        months.sort();
        months.dedup();
        store::load_curve_months(&parts, person, &mut h, &months).await?;
        h.absorb_found(Origin::Archive, &found);
        let record = format!(
            "{{\"v\":1,\"imported_ms\":{},\"devices\":{}}}",
            js_sys::Date::now() as i64,
            serde_json::to_string(&devices).expect("serialisable")
        );
        store::save(&parts, person, &mut h, Some((Origin::Archive, record))).await
    })
    .await
}
