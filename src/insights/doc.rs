//! What the worker hands the page: a document of sections, each words first, then tables and
//! charts with their axes, units and a text alternative. Written by serde in the worker, read
//! back by hand on the page (`FromJson`: no derived reader in the app's bytes). The page
//! draws it as it is; every string in it is rendered as text.

use crate::from_json_struct;
use crate::jsontext::{FromJson, Members};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Doc {
    pub title: String,
    /// Lines under the title (the range and sources of a report; what this is not).
    pub lines: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    /// The section's anchor (`id`, tests find sections by it).
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A block of a section. Serialised externally tagged (`{"p": …}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading.
    H(String),
    P(Para),
    /// A list of sentences.
    List(Vec<String>),
    Table(Table),
    Chart(Chart),
}

/// A paragraph; `flag` marks one that says a value was outside its usual range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Para {
    pub text: String,
    pub flag: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A chart in data coordinates: x and y ranges, ticks with their labels, and its lines (a
/// line chart), bars (the first line's points as bars) or dots (a scatter).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chart {
    /// "line", "bars" or "dots".
    pub kind: String,
    pub x_label: String,
    pub y_label: String,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub x_ticks: Vec<(f64, String)>,
    pub y_ticks: Vec<(f64, String)>,
    /// The first is the data; later ones are dashed guides (a usual range's edges).
    pub lines: Vec<Vec<(f64, f64)>>,
    /// The chart in words, for screen readers (its table is beside it).
    pub alt: String,
}

from_json_struct! {
    Doc { title, lines, sections }
    Section { id, title, blocks }
    Para { text, flag }
    Table { caption, head, rows }
    Chart { kind, x_label, y_label, x, y, x_ticks, y_ticks, lines, alt }
}

impl FromJson for Block {
    fn from_json(text: &str) -> Option<Self> {
        let m = Members::new(text)?;
        if let Some(h) = m.get::<Option<String>>("h")? {
            return Some(Block::H(h));
        }
        if let Some(p) = m.get::<Option<Para>>("p")? {
            return Some(Block::P(p));
        }
        if let Some(l) = m.get::<Option<Vec<String>>>("list")? {
            return Some(Block::List(l));
        }
        if let Some(t) = m.get::<Option<Table>>("table")? {
            return Some(Block::Table(t));
        }
        m.get::<Option<Chart>>("chart")?.map(Block::Chart)
    }
}
