//! The page's side of an import: starting the worker with the person's files, relaying what
//! it says, cancelling it; and reading the imported history back for the dashboard.

use crate::date::Date;
use crate::history::store;
use crate::model::{Origin, Slot, Snapshot};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessageEvent, Worker};

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    Progress(Progress),
    Done(Vec<String>),
    Failed(String),
}

/// A running import (one worker, or several: see `worker.rs`); dropping it does not stop it,
/// [`Running::cancel`] does.
pub struct Running {
    workers: std::rc::Rc<Vec<Worker>>,
    _on_message: Vec<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Running {
    /// Stops the workers at once: nothing has been written unless the import had finished.
    pub fn cancel(&self) {
        stop_all(&self.workers);
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
    let of = 1 + helpers.len();
    let workers = std::rc::Rc::new(
        std::iter::once(main.clone())
            .chain(helpers.iter().map(|(h, _)| h.clone()))
            .collect::<Vec<_>>(),
    );
    let stop = {
        let workers = workers.clone();
        move || stop_all(&workers)
    };
    let on = std::rc::Rc::new(on);
    let to_send: Array = files.iter().collect();
    // A worker whose wasm never arrives (offline before it was ever kept, a failed download)
    // says nothing at all: unless every worker said "ready" by then, the import is called off.
    let waiting = std::rc::Rc::new(std::cell::Cell::new(workers.len()));
    let settled = std::rc::Rc::new(std::cell::Cell::new(false));
    let (left, done, stop_late, on_late) =
        (waiting.clone(), settled.clone(), stop.clone(), on.clone());
    let give_up = Closure::once_into_js(move || {
        if left.get() > 0 && !done.get() {
            stop_late();
            on_late(Event::Failed(crate::words::IMPORT_DID_NOT_START.into()));
        }
    });
    let _ = web_sys::window().map(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            give_up.unchecked_ref(),
            READY_WITHIN_MS,
        )
    });
    // A message with the files, `today` and the zone, its ports transferred.
    let zone = JsValue::from_str(zone);
    let send = move |w: &Worker, fields: &[(&str, JsValue)], ports: Array| {
        let msg = Object::new();
        for (k, v) in [
            ("files", to_send.clone().into()),
            ("today", today.to_string().into()),
            ("zone", zone.clone()),
        ]
        .iter()
        .chain(fields)
        {
            let _ = Reflect::set(&msg, &(*k).into(), v);
        }
        let _ = w.post_message_with_transfer(&msg, &ports);
    };
    // The progress of each worker (the helpers report bytes and files of their shares only).
    let reports = std::rc::Rc::new(std::cell::RefCell::new(vec![Progress::default(); of]));
    let report = {
        let on = on.clone();
        move |d: &JsValue, worker: usize| {
            let mut r = reports.borrow_mut();
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
            on(Event::Progress(Progress {
                bytes: bytes.min(m.total),
                files: files.min(m.of),
                ..m.clone()
            }));
        }
    };
    let ports: Array = helpers
        .iter()
        .map(|(_, c)| JsValue::from(c.port1()))
        .collect();
    let (m, on_msg, stop_msg, left, done, report_main, send_main) = (
        main.clone(),
        on.clone(),
        stop.clone(),
        waiting.clone(),
        settled.clone(),
        report.clone(),
        send.clone(),
    );
    let on_main = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let d = ev.data();
        match text(&d, "type").as_str() {
            "ready" => {
                left.set(left.get() - 1);
                send_main(&m, &[("helped_by", ports.clone().into())], ports.clone());
            }
            "progress" => report_main(&d, 0),
            "done" => {
                done.set(true);
                let lines = Reflect::get(&d, &"lines".into())
                    .map(|l| {
                        Array::from(&l)
                            .iter()
                            .filter_map(|s| s.as_string())
                            .collect()
                    })
                    .unwrap_or_default();
                // Other tabs re-read the one history (a live source's dashboard shows it too).
                crate::history::idb::written();
                // The worker's figures outlive it on the page (`cargo xtask bench` reads them).
                if let Ok(stats) = Reflect::get(&d, &"stats".into()) {
                    let _ = Reflect::set(&js_sys::global(), &"pulsedeckImportStats".into(), &stats);
                }
                stop_msg();
                on_msg(Event::Done(lines));
            }
            _ => {
                done.set(true);
                stop_msg();
                on_msg(Event::Failed(text(&d, "message")));
            }
        }
    });
    let mut on_message = vec![on_main];
    for (k, (helper, channel)) in helpers.iter().enumerate() {
        let (h, port, left, report, send) = (
            helper.clone(),
            channel.port2(),
            waiting.clone(),
            report.clone(),
            send.clone(),
        );
        let on_helper = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let d = ev.data();
            match text(&d, "type").as_str() {
                "ready" => {
                    left.set(left.get() - 1);
                    send(
                        &h,
                        &[
                            ("help", port.clone().into()),
                            ("part", (k + 1).into()),
                            ("of", of.into()),
                        ],
                        Array::of1(&port),
                    );
                }
                "progress" => report(&d, k + 1),
                // Its failures reach the importer, which says them.
                _ => {}
            }
        });
        helper.set_onmessage(Some(on_helper.as_ref().unchecked_ref()));
        on_message.push(on_helper);
    }
    main.set_onmessage(Some(on_message[0].as_ref().unchecked_ref()));
    // Any worker failing ends the import (the others would wait for it for ever).
    let on_error: Vec<Closure<dyn FnMut(web_sys::Event)>> = workers
        .iter()
        .map(|w| {
            let (stop, on, done) = (stop.clone(), on.clone(), settled.clone());
            let c = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                if !done.replace(true) {
                    stop();
                    on(Event::Failed(crate::words::IMPORT_CRASHED.into()));
                }
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

/// The imported history as a dashboard of `day` (None: its last day), what an export cannot
/// hold said as such, everything else painted from the store. `None` when nothing is stored.
pub async fn load_archive(day: Option<Date>) -> Option<Snapshot> {
    let p = crate::history::idb::shared().await.ok()?;
    let person = crate::history::person::ME.prefix;
    let loaded = store::load_parts(&p, person).await.ok()?;
    let devices = record_devices(loaded.live(Origin::Archive));
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

/// The time zone the stored export's UTC stamps were placed in (its record's `zone`).
pub fn record_zone(record: Option<&str>) -> Option<String> {
    crate::jsontext::Members::new(record?)?.get::<Option<String>>("zone")?
}

/// The zone the person chose for an export's UTC stamps, else this browser's.
pub fn chosen_zone() -> String {
    use crate::env::KvStore;
    crate::browser::WebStorage
        .get(crate::keys::EXPORT_ZONE)
        .unwrap_or_else(super::zone::browser_zone)
}

/// The trackers kept in the imported export's record (`{"v":1,…,"devices":[…]}`).
pub fn record_devices(record: Option<&str>) -> Vec<crate::model::Device> {
    use crate::jsontext::Members;
    record
        .and_then(Members::new)
        .and_then(|m| m.get::<Option<Vec<crate::model::Device>>>("devices"))
        .flatten()
        .unwrap_or_default()
}
