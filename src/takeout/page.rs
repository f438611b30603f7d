//! The page's side of an import: starting the worker with the person's files, relaying what
//! it says, cancelling it; and reading the imported history back for the dashboard.

use crate::date::Date;
use crate::history::store;
use crate::model::{Origin, Slot, Snapshot};
use js_sys::{Array, Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Progress(Progress),
    /// The export may be someone else's: the trackers of the one here, and its own. The
    /// import waits for [`Running::answer`].
    Ask(Vec<String>, Vec<String>),
    /// The summary's lines, and whether it was a backup restored.
    Done(Vec<String>, bool),
    Failed(String),
}

/// A running import (one worker, or several: see `worker.rs`); dropping it does not stop it,
/// [`Running::cancel`] does.
pub struct Running {
    workers: Rc<Vec<Worker>>,
    _on_message: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Running {
    /// Stops the workers at once: nothing has been written unless the import had finished.
    pub fn cancel(&self) {
        stop_all(&self.workers);
    }

    /// The person's answer to [`Event::Ask`]: add the export to this history, or not.
    pub fn answer(&self, yes: bool) {
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"answer".into(), &yes.into());
        if let Some(importer) = self.workers.first() {
            let _ = importer.post_message(&msg);
        }
    }
}

/// Terminates the workers, and unhooks them first: an event of the other one already queued
/// must not reach a handler dropped with the import.
fn stop_all(workers: &[Worker]) {
    for w in workers {
        w.set_onmessage(None);
        w.set_onerror(None);
        w.terminate();
    }
}

/// How far an import is: bytes and files read, and the family being read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub bytes: f64,
    pub total: f64,
    pub files: u32,
    pub of: u32,
    pub family: String,
}

/// How many workers an import runs on with `cores`: one per core, four at most (each holds
/// its own wasm memory, tens of megabytes, and its own curves of the years it reads).
pub fn workers_for(cores: f64) -> usize {
    (cores as usize).clamp(1, 4)
}

/// How long a worker may take to load its wasm and say it is ready.
const READY_WITHIN_MS: i32 = 30_000;

/// Why these files cannot be imported at all, before any is read.
pub fn refuse(names: &[String]) -> Option<&'static str> {
    if names.is_empty() {
        return Some("Choose the .zip files of your export.");
    }
    names
        .iter()
        .any(|n| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".tgz")
                || n.ends_with(".tar.gz")
                || n.ends_with(".gz")
                || n.ends_with(".tar")
        })
        .then_some(crate::words::TGZ_EXPORT)
}

fn num(o: &JsValue, k: &str) -> f64 {
    Reflect::get(o, &k.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

fn text(o: &JsValue, k: &str) -> String {
    Reflect::get(o, &k.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// What every handler of one import shares: its workers, the person's message (files, today,
/// zone), whether it ended, how many workers have yet to say "ready", and each one's progress.
#[derive(Clone)]
struct Shared {
    workers: Rc<Vec<Worker>>,
    on: Rc<dyn Fn(Event)>,
    files: Array,
    today: String,
    zone: JsValue,
    waiting: Rc<Cell<usize>>,
    settled: Rc<Cell<bool>>,
    reports: Rc<RefCell<Vec<Progress>>>,
}

impl Shared {
    fn stop(&self) {
        stop_all(&self.workers);
    }

    /// Ends the import once (a second failure, or a failure after "done", says nothing).
    fn end(&self, ev: Event) {
        if !self.settled.replace(true) {
            self.stop();
            (self.on)(ev);
        }
    }

    /// A message with the files, `today` and the zone, and `fields`, its `ports` transferred.
    fn send(&self, w: &Worker, fields: &[(&str, JsValue)], ports: &Array) {
        let msg = Object::new();
        for (k, v) in [
            ("files", self.files.clone().into()),
            ("today", self.today.clone().into()),
            ("zone", self.zone.clone()),
        ]
        .iter()
        .chain(fields)
        {
            let _ = Reflect::set(&msg, &(*k).into(), v);
        }
        let _ = w.post_message_with_transfer(&msg, ports);
    }

    /// Worker `worker`'s progress (a helper's: bytes and files of its share only), and the
    /// sum the person sees.
    fn report(&self, d: &JsValue, worker: usize) {
        let mut r = self.reports.borrow_mut();
        r[worker] = Progress {
            bytes: num(d, "bytes"),
            total: num(d, "total"),
            files: num(d, "files") as u32,
            of: num(d, "of") as u32,
            family: text(d, "family"),
        };
        let m = &r[0];
        let (bytes, files) = r
            .iter()
            .fold((0.0, 0), |(b, f), p| (b + p.bytes, f + p.files));
        (self.on)(Event::Progress(Progress {
            bytes: bytes.min(m.total),
            files: files.min(m.of),
            ..m.clone()
        }));
    }
}

/// A list of strings in a worker's message.
fn strings(o: &JsValue, k: &str) -> Vec<String> {
    Reflect::get(o, &k.into())
        .ok()
        .filter(Array::is_array)
        .map(|l| {
            Array::from(&l)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Starts an import of `files` (the person's today: `today`; UTC stamps placed in the IANA
/// time zone `zone`); `on` hears every event.
pub fn start(
    files: Vec<File>,
    today: Date,
    zone: &str,
    on: impl Fn(Event) + 'static,
) -> Result<Running, String> {
    let names: Vec<String> = files.iter().map(|f| f.name()).collect();
    if let Some(why) = refuse(&names) {
        return Err(why.into());
    }
    // Classic workers (wasm-bindgen's no-modules glue), next to the page: the importer, and a
    // helper per core beyond the first (see `worker.rs`), each joined to it by a channel.
    let new_worker = || {
        Worker::new("import_loader.js")
            .map_err(|_| "This browser could not start the import.".to_string())
    };
    let main = new_worker()?;
    let helpers: Vec<(Worker, web_sys::MessageChannel)> =
        (1..workers_for(web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency())))
            .map_while(|_| new_worker().ok().zip(web_sys::MessageChannel::new().ok()))
            .collect();
    let workers: Rc<Vec<Worker>> = Rc::new(
        std::iter::once(main.clone())
            .chain(helpers.iter().map(|(h, _)| h.clone()))
            .collect(),
    );
    let shared = Shared {
        on: Rc::new(on),
        files: files.iter().collect(),
        today: today.to_string(),
        zone: JsValue::from_str(zone),
        waiting: Rc::new(Cell::new(workers.len())),
        settled: Rc::new(Cell::new(false)),
        reports: Rc::new(RefCell::new(vec![Progress::default(); workers.len()])),
        workers: workers.clone(),
    };
    call_off_unless_ready(&shared);
    let ports: Array = helpers
        .iter()
        .map(|(_, c)| JsValue::from(c.port1()))
        .collect();
    let mut on_message = vec![on_importer(&shared, &main, ports)];
    for (k, (helper, channel)) in helpers.iter().enumerate() {
        on_message.push(on_helper(&shared, helper, channel.port2(), k + 1));
    }
    main.set_onmessage(Some(on_message[0].as_ref().unchecked_ref()));
    for (w, c) in helpers.iter().map(|(h, _)| h).zip(&on_message[1..]) {
        w.set_onmessage(Some(c.as_ref().unchecked_ref()));
    }
    // Any worker failing ends the import (the others would wait for it for ever).
    let on_error: Vec<Closure<dyn FnMut(web_sys::Event)>> = workers
        .iter()
        .map(|w| {
            let shared = shared.clone();
            let c = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                // Handled here: Firefox would also report it as the page's uncaught error.
                ev.prevent_default();
                shared.end(Event::Failed(crate::words::IMPORT_CRASHED.into()))
            });
            w.set_onerror(Some(c.as_ref().unchecked_ref()));
            c
        })
        .collect();
    Ok(Running {
        workers,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// A worker whose wasm never arrives (offline before it was ever kept, a failed download)
/// says nothing at all: unless every worker said "ready" in time, the import is called off.
fn call_off_unless_ready(shared: &Shared) {
    let shared = shared.clone();
    let give_up = Closure::once_into_js(move || {
        if shared.waiting.get() > 0 {
            shared.end(Event::Failed(crate::words::IMPORT_DID_NOT_START.into()));
        }
    });
    let _ = web_sys::window().map(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            give_up.unchecked_ref(),
            READY_WITHIN_MS,
        )
    });
}

/// The importer's messages: ready (it is sent the files, with the helpers' ports), progress,
/// done (other tabs are told the history changed) or failed.
fn on_importer(shared: &Shared, main: &Worker, ports: Array) -> Closure<dyn FnMut(MessageEvent)> {
    let (shared, main) = (shared.clone(), main.clone());
    Closure::new(move |ev: MessageEvent| {
        let d = ev.data();
        match text(&d, "type").as_str() {
            "ready" => {
                shared.waiting.set(shared.waiting.get() - 1);
                shared.send(&main, &[("helped_by", ports.clone().into())], &ports);
            }
            "progress" => shared.report(&d, 0),
            "ask" => (shared.on)(Event::Ask(strings(&d, "here"), strings(&d, "theirs"))),
            "done" => {
                let lines = strings(&d, "lines");
                // Other tabs re-read the one history (a live source's dashboard shows it too).
                crate::history::idb::written();
                // The worker's figures outlive it on the page (`cargo xtask bench` reads them).
                if let Ok(stats) = Reflect::get(&d, &"stats".into()) {
                    let _ = Reflect::set(&js_sys::global(), &"pulsedeckImportStats".into(), &stats);
                }
                let restored = Reflect::get(&d, &"restored".into())
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                shared.end(Event::Done(lines, restored));
            }
            _ => shared.end(Event::Failed(text(&d, "message"))),
        }
    })
}

/// Helper `part`'s messages: ready (it is sent the files and its port to the importer) and
/// progress; its failures reach the importer, which says them.
fn on_helper(
    shared: &Shared,
    helper: &Worker,
    port: web_sys::MessagePort,
    part: usize,
) -> Closure<dyn FnMut(MessageEvent)> {
    let (shared, helper) = (shared.clone(), helper.clone());
    let of = shared.workers.len();
    Closure::new(move |ev: MessageEvent| {
        let d = ev.data();
        match text(&d, "type").as_str() {
            "ready" => {
                shared.waiting.set(shared.waiting.get() - 1);
                let fields = [
                    ("help", port.clone().into()),
                    ("part", part.into()),
                    ("of", of.into()),
                ];
                shared.send(&helper, &fields, &Array::of1(&port));
            }
            "progress" => shared.report(&d, part),
            _ => {}
        }
    })
}

/// The imported history as a dashboard of `day` (None: its last day), what an export cannot
/// hold said as such, everything else painted from the store. `None` when nothing is stored.
pub async fn load_archive(day: Option<Date>) -> Option<Snapshot> {
    let p = crate::history::idb::shared().await.ok()?;
    let person = crate::history::person::ME.prefix;
    let loaded = store::load_parts(&p, person).await.ok()?;
    let devices = super::record::devices(loaded.live(Origin::Archive));
    let mut history = loaded.history;
    let (_, last) = history.span()?;
    let day = day.unwrap_or(last);
    store::load_curves(&p, person, &mut history, day)
        .await
        .ok()?;
    let mut s = Snapshot::loading(Origin::Archive, day);
    // Current state an export does not carry (or that pulsedeck does not read from it).
    s.profile = Slot::NoData;
    s.devices = if devices.is_empty() {
        Slot::NoData
    } else {
        Slot::Ready(devices)
    };
    s.ecg = Slot::NoData;
    s.rhythm_alerts = Slot::NoData;
    s.friends = Slot::NoData;
    s.nutrition = Slot::NoData;
    s.heart_zones = Slot::NoData;
    s.cardio_fitness = Slot::NoData;
    s.sleep = Slot::NoData;
    s.exercises = Slot::NoData;
    for m in crate::model::Metric::ALL {
        s.series.insert(m, Slot::NoData);
    }
    for k in crate::model::Intraday::ALL {
        s.intraday.insert(k, Slot::NoData);
    }
    history.paint(&mut s);
    Some(s)
}

/// The zone the person chose for an export's UTC stamps, else this browser's.
pub fn chosen_zone() -> String {
    use crate::env::KvStore;
    crate::browser::WebStorage
        .get(crate::keys::EXPORT_ZONE)
        .unwrap_or_else(super::zone::browser_zone)
}
