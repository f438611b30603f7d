//! A summed metric's days as its files gave them, kept apart so imports of several parts, or
//! of one file again, add up to the export's days and never to more.

use crate::date::Date;
use crate::takeout::classify::file_id;
use std::collections::{BTreeMap, BTreeSet};

/// A day's sum as files gave it: (file, data source, sum), the file by its id ([`file_id`]:
/// not its path, which changes with the root, the part and the vintage). Kept, not just added up, so parts of one export imported one after another
/// complete a day that straddles them, and a file imported again replaces its own share
/// instead of adding to it.
pub use crate::history::Shares;

/// The tree a share comes from: its file's folder under the root (`Global Export Data`,
/// `Physical Activity_GoogleData`…), or for a night's minutes the table its id is from
/// (`sleep`, `UserSleeps`). Of one metric, each family has a tree of its own.
fn tree(id: &str) -> &str {
    id.split_once('/')
        .or_else(|| id.split_once(' '))
        .map_or(id, |(t, _)| t)
}

/// Puts an import's shares of a metric (`new`, of the files `read`, by id) into the stored ones
/// and says which days' totals to redo. A stored share goes when its file was read again
/// (whatever days it gave before: a re-import in another time zone moves them), or when its
/// day now comes from another tree (the same days from another vintage's copy replace it, never
/// add: takeout-format.md §2). Shares of other files of the same tree stay: other parts of an
/// export. Shares stored by path (before ids) are renamed to their id, and copies of one file
/// under two roots kept once.
pub fn absorb_shares(
    stored: &mut BTreeMap<Date, Shares>,
    new: &BTreeMap<Date, Shares>,
    read: &BTreeSet<String>,
) -> BTreeSet<Date> {
    let mut touched: BTreeSet<Date> = new.keys().copied().collect();
    for (d, shares) in stored.iter_mut() {
        let trees: Vec<&str> = new
            .get(d)
            .into_iter()
            .flatten()
            .map(|(f, _, _)| tree(f))
            .collect();
        let mut kept = Shares::new();
        for (f, s, v) in shares.iter() {
            let id = file_id(f);
            if !read.contains(&id) && (trees.is_empty() || trees.contains(&tree(&id))) {
                merge_share(&mut kept, &id, s, *v);
            }
        }
        if kept != *shares {
            *shares = kept;
            touched.insert(*d);
        }
    }
    for (d, shares) in new {
        let day = stored.entry(*d).or_default();
        for (f, s, v) in shares {
            merge_share(day, f, s, *v);
        }
        // In one order whatever the order of imports: the same shares store (and add up) alike.
        day.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    }
    stored.retain(|_, shares| !shares.is_empty());
    touched
}

/// A day's total from its shares: summed per data source across files, then one source (a
/// device's own, not a phone's or a Health Kit / Health Connect mirror's; the largest of
/// those), never the sum of sources (trap T3).
pub fn day_total(shares: &Shares) -> f64 {
    let mirror = |s: &str| {
        s.contains("Health Kit")
            || s.contains("Health Connect")
            || s.contains("Web API")
            || s == "MobileTrack"
            || s.ends_with(" App")
    };
    let mut by_source: Vec<(&str, f64)> = Vec::new();
    for (_, src, v) in shares {
        match by_source.iter_mut().find(|(s, _)| s == src) {
            Some((_, t)) => *t += v,
            None => by_source.push((src, *v)),
        }
    }
    let best = |own: bool| {
        by_source
            .iter()
            .filter(|(s, _)| mirror(s) != own)
            .map(|(_, v)| *v)
            .fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.max(v))))
    };
    best(true).or_else(|| best(false)).unwrap_or(0.0)
}

/// Adds `(file, source, value)` to `shares`: a share of the same file and source is replaced.
pub fn merge_share(shares: &mut Shares, file: &str, source: &str, value: f64) -> bool {
    match shares.iter_mut().find(|(f, s, _)| f == file && s == source) {
        Some((_, _, v)) if *v == value => false,
        Some((_, _, v)) => {
            *v = value;
            true
        }
        None => {
            shares.push((file.to_string(), source.to_string(), value));
            true
        }
    }
}
