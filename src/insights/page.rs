//! The page's side: one import worker kept while Insights is open, asked with the series the
//! page already holds (painted from the store: any source, the demo too), answering a doc.

use super::ask::Ask;
use super::doc::Doc;
use crate::jsontext::FromJson;
use crate::model::Snapshot;
use futures::channel::oneshot;
use js_sys::{Array, Float64Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// The worker's listeners, kept as long as it lives.
type Listeners = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut()>);

/// The doc's head, its sections' texts (read as they are drawn) and the compute time.
pub type Answer = (Doc, Vec<String>, f64);

type Reply = Rc<RefCell<Option<oneshot::Sender<Result<Answer, String>>>>>;

/// The worker and what waits on it (clones share it; the last one dropped ends it).
#[derive(Clone)]
pub struct Engine(Rc<Inner>);

struct Inner {
    worker: Worker,
    ready: Rc<RefCell<(bool, Option<JsValue>)>>,
    reply: Reply,
    _on: Listeners,
}

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &k.into(), v);
}

impl Engine {
    pub fn start() -> Result<Engine, String> {
        let worker = Worker::new("import_loader.js")
            .map_err(|_| crate::words::INSIGHTS_NOT_WORKED_OUT.to_string())?;
        let ready: Rc<RefCell<(bool, Option<JsValue>)>> = Rc::default();
        let reply: Reply = Rc::default();
        let (w, r, rep) = (worker.clone(), ready.clone(), reply.clone());
        let on = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let d = ev.data();
            let get = |k: &str| Reflect::get(&d, &k.into()).unwrap_or(JsValue::UNDEFINED);
            match get("type").as_string().as_deref() {
                Some("ready") => {
                    let mut r = r.borrow_mut();
                    r.0 = true;
                    if let Some(msg) = r.1.take() {
                        let _ = w.post_message(&msg);
                    }
                }
                Some("insights") => {
                    let doc = get("doc").as_string().and_then(|t| Doc::from_json(&t));
                    let sections: Vec<String> = match get("sections") {
                        l if Array::is_array(&l) => Array::from(&l)
                            .iter()
                            .filter_map(|s| s.as_string())
                            .collect(),
                        _ => Vec::new(),
                    };
                    let ms = get("ms").as_f64().unwrap_or(f64::NAN);
                    if let Some(tx) = rep.borrow_mut().take() {
                        let _ = tx.send(
                            doc.map(|d| (d, sections, ms))
                                .ok_or_else(|| crate::words::INSIGHTS_NOT_WORKED_OUT.into()),
                        );
                    }
                }
                _ => {}
            }
        });
        let rep = reply.clone();
        let err = Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = rep.borrow_mut().take() {
                let _ = tx.send(Err(crate::words::INSIGHTS_NOT_WORKED_OUT.into()));
            }
        });
        worker.set_onmessage(Some(on.as_ref().unchecked_ref()));
        worker.set_onerror(Some(err.as_ref().unchecked_ref()));
        Ok(Engine(Rc::new(Inner {
            worker,
            ready,
            reply,
            _on: (on, err),
        })))
    }

    /// The doc for `ask` from the days of `snap`, and how long the worker computed (ms). A
    /// newer question replaces one still waiting (its answer is dropped).
    pub async fn ask(&self, ask: &Ask, snap: &Snapshot) -> Result<Answer, String> {
        let msg = message(ask, snap);
        let (tx, rx) = oneshot::channel();
        let me = &self.0;
        *me.reply.borrow_mut() = Some(tx);
        {
            let mut r = me.ready.borrow_mut();
            if r.0 {
                let _ = me.worker.post_message(&msg);
            } else {
                r.1 = Some(msg);
            }
        }
        rx.await.unwrap_or_else(|_| Err(String::new()))
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// `{insights, series, readings, sources}` for the worker.
fn message(ask: &Ask, snap: &Snapshot) -> JsValue {
    let series = Array::new();
    for (m, slot) in &snap.series {
        let Some(s) = slot.ready().filter(|s| !s.points.is_empty()) else {
            continue;
        };
        let flat: Vec<f64> = s
            .points
            .iter()
            .flat_map(|p| [p.date.days_since_epoch() as f64, p.value])
            .collect();
        series.push(&Array::of2(
            &m.key().into(),
            &Float64Array::from(&flat[..]).into(),
        ));
    }
    let readings = Array::new();
    for e in snap.ecg.ready().into_iter().flatten() {
        let bpm = e
            .avg_heart_rate
            .map(|b| format!("{b} bpm"))
            .unwrap_or_default();
        readings.push(&format!("{}|ECG: {}|{bpm}", e.start, e.classification).into());
    }
    for a in snap.rhythm_alerts.ready().into_iter().flatten() {
        readings.push(&format!("{}|Irregular rhythm notification|", a.detected).into());
    }
    let mut sources: Vec<&str> = Vec::new();
    let runs = snap.sources.values().flatten().map(|(_, _, o)| *o);
    for name in runs.chain([snap.origin]).map(|o| o.caps().name) {
        if !sources.contains(&name) {
            sources.push(name);
        }
    }
    let o = Object::new();
    set(&o, "insights", &ask.query().into());
    set(&o, "series", &series);
    set(&o, "readings", &readings);
    set(&o, "sources", &sources.join(", ").into());
    o.into()
}
