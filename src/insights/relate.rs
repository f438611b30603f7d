//! Relationships and profiles. Two daily metrics are paired on the days both have a value
//! (the second optionally a day later: a night's sleep and the next day's steps), and their
//! Spearman rank correlation (ties share their mean rank) says how much the days' orders
//! agree, read in plain words. It says the days move together, never that one causes the
//! other. Under [`MIN_PAIRS`] days nothing is claimed. Profiles average a metric by weekday and
//! by month of the year, each bucket from at least [`MIN_PER_BUCKET`] days.

use crate::model::Series;

pub const MIN_PAIRS: usize = 30;
pub const MIN_PER_BUCKET: usize = 4;

/// How strongly two metrics' days go together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    None,
    Weak,
    Moderate,
    Strong,
}

impl Strength {
    /// |ρ| under 0.1: none; under 0.3: weak; under 0.5: moderate; else strong (Cohen's steps).
    pub fn of(rho: f64) -> Strength {
        match rho.abs() {
            r if r < 0.1 => Strength::None,
            r if r < 0.3 => Strength::Weak,
            r if r < 0.5 => Strength::Moderate,
            _ => Strength::Strong,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Strength::None => "no",
            Strength::Weak => "a weak",
            Strength::Moderate => "a moderate",
            Strength::Strong => "a strong",
        }
    }
}

/// A rank correlation and the days it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub rho: f64,
    pub n: usize,
    pub strength: Strength,
    /// The pairs: (x, y) per day.
    pub pairs: Vec<(f64, f64)>,
}

/// The days where `x` has a value and `y` has one `lag` days later: (x, y).
pub fn pairs(x: &Series, y: &Series, lag: i32) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut j = 0;
    for p in &x.points {
        let want = p.date.add_days(lag);
        while j < y.points.len() && y.points[j].date < want {
            j += 1;
        }
        if let Some(q) = y.points.get(j).filter(|q| q.date == want) {
            out.push((p.value, q.value));
        }
    }
    out
}

/// Ranks from 1, ties sharing their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_unstable_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut out = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            out[*k] = rank;
        }
        i = j + 1;
    }
    out
}

/// Pearson's correlation of two equally long lists (0 when either is constant).
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let (ma, mb) = (super::mean(a).unwrap_or(0.0), super::mean(b).unwrap_or(0.0));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa == 0.0 || sbb == 0.0 {
        0.0
    } else {
        sab / (saa * sbb).sqrt()
    }
}

/// Spearman's ρ of the pairs.
pub fn spearman(pairs: &[(f64, f64)]) -> f64 {
    let (a, b): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    pearson(&ranks(&a), &ranks(&b))
}

/// The relation of `x` and `y` (`lag` days later); `None` under [`MIN_PAIRS`] days.
pub fn relate(x: &Series, y: &Series, lag: i32) -> Option<Relation> {
    let pairs = pairs(x, y, lag);
    if pairs.len() < MIN_PAIRS {
        return None;
    }
    let rho = spearman(&pairs);
    Some(Relation {
        rho,
        n: pairs.len(),
        strength: Strength::of(rho),
        pairs,
    })
}

/// A bucket's mean and days (`None` under [`MIN_PER_BUCKET`] days).
pub type Bucket = (Option<f64>, usize);

fn profile<const N: usize>(s: &Series, key: impl Fn(crate::date::Date) -> usize) -> [Bucket; N] {
    let mut sums = [(0.0, 0usize); N];
    for p in &s.points {
        let b = &mut sums[key(p.date)];
        b.0 += p.value;
        b.1 += 1;
    }
    sums.map(|(sum, n)| ((n >= MIN_PER_BUCKET).then(|| sum / n as f64), n))
}

/// The mean by weekday, Monday first.
pub fn weekdays(s: &Series) -> [Bucket; 7] {
    profile(s, |d| d.weekday() as usize)
}

/// The mean by month of the year, January first.
pub fn months(s: &Series) -> [Bucket; 12] {
    profile(s, |d| d.ymd().1 as usize - 1)
}
