//! The insights in the import worker: the page sends the days it holds (`{insights: query,
//! series: [[metric, Float64Array of day, value, …], …], readings: [...], sources}`) and gets
//! `{type: "insights", doc: JSON of the head, sections: [JSON of each section], ms}` back. Computing here keeps it off the page's thread and
//! its code out of the app's wasm.

use super::ask::Ask;
use crate::date::Date;
use crate::model::{Metric, Point, Series};
use js_sys::{Array, Float64Array, Reflect};
use wasm_bindgen::JsValue;

fn field(data: &JsValue, k: &str) -> JsValue {
    Reflect::get(data, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The series of a message.
fn series(data: &JsValue) -> Vec<Series> {
    let list = field(data, "series");
    if !Array::is_array(&list) {
        return Vec::new();
    }
    Array::from(&list)
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            let m = Metric::from_key(&pair.get(0).as_string()?)?;
            let flat = Float64Array::new(&pair.get(1)).to_vec();
            let points = flat
                .chunks_exact(2)
                .map(|c| Point {
                    date: Date::from_days_since_epoch(c[0] as i32),
                    value: c[1],
                })
                .collect();
            Some(Series::new(m, points))
        })
        .collect()
}

/// Answers one `{insights: …}` message.
pub fn answer(query: String, data: &JsValue) {
    let started = js_sys::Date::now();
    let ask = Ask::parse(&query);
    let all = series(data);
    let doc = if ask.report {
        let readings: Vec<String> = {
            let r = field(data, "readings");
            if Array::is_array(&r) {
                Array::from(&r)
                    .iter()
                    .filter_map(|s| s.as_string())
                    .collect()
            } else {
                Vec::new()
            }
        };
        let sources = field(data, "sources").as_string().unwrap_or_default();
        super::report::report(&all, &ask, &readings, &sources)
    } else {
        super::write::insights(&all, &ask)
    };
    // The head and each section as texts of their own: the page reads one section per task.
    let sections: Array = doc
        .sections
        .iter()
        .map(|s| JsValue::from(serde_json::to_string(s).unwrap_or_default()))
        .collect();
    let head = super::doc::Doc {
        sections: Vec::new(),
        ..doc
    };
    crate::takeout::worker::post(
        "insights",
        &[
            (
                "doc",
                serde_json::to_string(&head).unwrap_or_default().into(),
            ),
            ("sections", sections.into()),
            ("ms", (js_sys::Date::now() - started).into()),
        ],
    );
}
