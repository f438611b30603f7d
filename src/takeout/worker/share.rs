//! A helper worker's part of an import: its share of the heart-rate files read into an import
//! of its own, handed to the importer over a `MessagePort`, and added in there.

use super::files::{open, problem};
use super::{post, stat, wasm_memory_bytes, Every100ms};
use crate::date::Date;
use crate::takeout::zone::Placing;
use crate::takeout::{plan, Import};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, MessagePort};

/// Helper `part` of `of` workers: its jobs of the plan ([`super::split`]) read into an import
/// of its own, then handed to the importer over `port`.
pub(super) fn help(
    files: Vec<File>,
    today: Date,
    zone: &str,
    port: MessagePort,
    part: usize,
    of: usize,
) {
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
    let (mut imp, (mut zone, _), mut every) =
        (Import::new(today), Placing::new(zone), Every100ms(0.0));
    let (mut bytes, mut count) = (0u64, 0u32);
    for (job, _) in p
        .jobs
        .iter()
        .zip(crate::takeout::split(&p, of))
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
    let (o, curves) = message(imp.share());
    // For the importer's figures (the benchmark's).
    let _ = Reflect::set(&o, &"wasm_memory_bytes".into(), &wasm_memory_bytes().into());
    stat("helper_ms", js_sys::Date::now() - started);
    send(&o, &Array::of1(&curves.buffer()));
}

/// A helper's share as the message the importer reads ([`add_share`]); its curves' buffer is
/// transferred, not copied.
fn message(share: crate::takeout::Share) -> (Object, js_sys::Float64Array) {
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
    (o, curves)
}

/// What the helper sent ([`help`]), added to `imp`.
pub(super) fn add_share(imp: &mut Import, msg: &JsValue) -> Result<(), String> {
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
    let share = crate::takeout::Share {
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
