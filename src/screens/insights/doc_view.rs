//! Draws a doc the worker wrote: headings, paragraphs, lists, tables and SVG charts (axes,
//! ticks with units, a text alternative). Every string is text, never HTML.

use crate::insights::doc::{Block, Chart, Doc, Section, Table};
use crate::jsontext::FromJson;
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 40.0;

/// The doc, a section per task (five years of tables and charts at once made one 70 ms task;
/// the goal is none over 50): `data-drawn` marks the article once every section is in.
pub fn doc(d: Doc, texts: Vec<String>) -> impl IntoView {
    let n = texts.len();
    let shown = RwSignal::new(1usize);
    leptos::task::spawn_local(async move {
        for i in 2..=n {
            crate::browser::next_task().await;
            if shown.try_set(i).is_some() {
                return;
            }
        }
    });
    // Each section read from its text in the task that draws it (reading all of five years'
    // doc at once was one long task).
    let sections = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let t = StoredValue::new(t);
            move || {
                (shown.get() > i)
                    .then(|| t.with_value(|t| Section::from_json(t)).map(section))
                    .flatten()
            }
        })
        .collect_view();
    view! {
        <article class="doc" data-drawn=move || (shown.get() >= n).then_some("true")>
            <header class="doc-head">
                <h2>{d.title}</h2>
                {d.lines.into_iter().map(|l| view! { <p class="doc-line">{l}</p> }).collect_view()}
            </header>
            {sections}
        </article>
    }
}

fn section(s: Section) -> impl IntoView {
    view! {
        <section class="doc-section" id=format!("insight-{}", s.id)>
            <h3>{s.title}</h3>
            {s.blocks.into_iter().map(block).collect_view()}
        </section>
    }
}

fn block(b: Block) -> AnyView {
    match b {
        Block::H(t) => view! { <h4>{t}</h4> }.into_any(),
        Block::P(p) => view! { <p class:flag=p.flag>{p.text}</p> }.into_any(),
        Block::List(items) => view! {
            <ul class="highlights">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        }
        .into_any(),
        Block::Table(t) => table(t).into_any(),
        Block::Chart(c) => chart(c).into_any(),
    }
}

fn table(t: Table) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="figures">
                <caption>{t.caption}</caption>
                <thead><tr>{t.head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {t.rows.into_iter().map(|r| view! {
                        <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Data coordinates to the SVG's.
struct Map {
    x: (f64, f64),
    y: (f64, f64),
}

impl Map {
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.x.0) / (self.x.1 - self.x.0).max(1e-9) * (W - LEFT - RIGHT)
    }
    fn py(&self, y: f64) -> f64 {
        H - BOTTOM - (y - self.y.0) / (self.y.1 - self.y.0).max(1e-9) * (H - TOP - BOTTOM)
    }
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// The marks of one line: a path, bars or dots.
fn marks(kind: &str, pts: &[(f64, f64)], m: &Map, guide: bool) -> AnyView {
    match (kind, guide) {
        ("bars", false) => {
            let bw = ((W - LEFT - RIGHT) / (m.x.1 - m.x.0).max(1.0) * 0.8).clamp(1.0, 40.0);
            let base = m.py(m.y.0.max(0.0));
            pts.iter()
                .map(|&(x, y)| {
                    let top = m.py(y).min(base);
                    view! { <rect class="bar" x=f(m.px(x) - bw / 2.0) y=f(top) width=f(bw) height=f((base - m.py(y)).abs())/> }
                })
                .collect_view()
                .into_any()
        }
        ("dots", _) => pts
            .iter()
            .map(|&(x, y)| view! { <circle class="dot" cx=f(m.px(x)) cy=f(m.py(y)) r="2.5"/> })
            .collect_view()
            .into_any(),
        _ => {
            let d: String = pts
                .iter()
                .enumerate()
                .map(|(i, &(x, y))| {
                    format!(
                        "{}{:.1},{:.1}",
                        if i == 0 { "M" } else { "L" },
                        m.px(x),
                        m.py(y)
                    )
                })
                .collect();
            view! { <path class=if guide { "guide" } else { "line" } d=d/> }.into_any()
        }
    }
}

fn chart(c: Chart) -> impl IntoView {
    let m = Map { x: c.x, y: c.y };
    let base = H - BOTTOM;
    let y_ticks = c.y_ticks.iter().map(|(v, label)| {
        let y = f(m.py(*v));
        view! {
            <line class="grid" x1=f(LEFT) x2=f(W - RIGHT) y1=y.clone() y2=y.clone()/>
            <text class="tick" x=f(LEFT - 4.0) y=y dy="0.3em" text-anchor="end">{label.clone()}</text>
        }
    }).collect_view();
    let x_ticks = c.x_ticks.iter().map(|(v, label)| {
        view! { <text class="tick" x=f(m.px(*v)) y=f(base + 14.0) text-anchor="middle">{label.clone()}</text> }
    }).collect_view();
    let lines = c
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| marks(&c.kind, l, &m, i > 0))
        .collect_view();
    view! {
        <figure class="doc-chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=c.alt.clone()>
                {y_ticks}
                <line class="axis" x1=f(LEFT) x2=f(W - RIGHT) y1=f(base) y2=f(base)/>
                <line class="axis" x1=f(LEFT) x2=f(LEFT) y1=f(TOP) y2=f(base)/>
                {x_ticks}
                <text class="axis-title" x=f(LEFT) y=f(H - 4.0)>{c.x_label}</text>
                <text class="axis-title" x=f(LEFT + 4.0) y=f(TOP + 2.0) dy="0.6em">{c.y_label}</text>
                {lines}
            </svg>
            <figcaption class="chart-alt">{c.alt}</figcaption>
        </figure>
    }
}
