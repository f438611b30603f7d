//! Insights from the days kept: personal ranges, what changed, period comparisons, rank
//! correlations, weekday and month-of-year profiles, and the report to print.
//!
//! The computing (`ranges`, `changes`, `compare`, `relate`) is pure and tested natively on
//! series with known answers. `write` turns it into a [`doc::Doc`] of words, tables and
//! charts; it runs in the import worker (`worker.rs`), so none of it is in the app's first
//! bytes: the page (`page.rs`) sends the series it already holds and draws the doc it gets
//! back (`screens/insights.rs`). Only [`ranges::usual`] runs on the page, for one night's
//! value against its range in a widget and in History.
//!
//! Nothing is claimed from too few days: each module states its minimums as constants.

pub mod ask;
pub mod changes;
pub mod charts;
pub mod compare;
pub mod doc;
pub mod ranges;
pub mod relate;
pub mod report;
pub mod write;
pub mod write_ranges;
mod write_relate;

pub mod page;
pub mod worker;

/// The median of `v` (reordered); `None` when empty. (Through `order`: it also runs on the
/// page, where another copy of Rust's sort would cost its kilobytes.)
pub fn median(v: &mut Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    crate::order::by_key(v, |x| crate::order::f64_key(*x));
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The mean of `v`; `None` when empty.
pub fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The sample standard deviation of `v`; `None` under two values.
pub fn sd(v: &[f64]) -> Option<f64> {
    let m = mean(v)?;
    (v.len() > 1)
        .then(|| (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt())
}

#[cfg(test)]
mod tests;
