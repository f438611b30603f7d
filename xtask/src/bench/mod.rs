//! `cargo xtask bench`: measured figures, not tests.
//!
//! Builds the release bundle as deployed (under `/pulsedeck/`) and prints the bytes a first
//! visit transfers: each file raw and gzip-compressed (what static hosts such as GitHub Pages
//! send), grouped by kind; the Fitbit requests a dashboard costs; and Lighthouse (mobile) scores
//! of the page served as on GitHub Pages (sub-path, gzip). One file per measurement.

mod bundle;
mod import;
mod insights;
mod lighthouse;
mod phone;
mod requests;
mod store;

use crate::tools::{self, Toolchain};
use lighthouse::Audit;

pub fn run(args: &[String]) -> Result<(), String> {
    let tc = Toolchain::setup(true)?;
    let dist = tools::root().join("target").join("bench-dist");
    let _ = std::fs::remove_dir_all(&dist);
    tc.release_build("/pulsedeck/", &dist)?;
    let gz = bundle::print(&bundle::sizes(&dist)?);
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--size") {
        return crate::size::print(&tc);
    }
    let mut got = Figures {
        first_load_gz: gz,
        ..Default::default()
    };
    if has("--insights") {
        got.insights = Some(insights::print(&tc, &dist)?);
        got.print();
        return Ok(());
    }
    if has("--import") {
        // Quick: without the Python importers (fitout alone takes over a minute).
        got.import = Some(import::run(&tc, &dist, false)?);
        got.print();
        return Ok(());
    }
    got.first_visit = Some(phone::first_visit(&tc, &dist)?);
    if has("--phone") {
        let (export, _) = import::export()?;
        got.phone = Some(phone::run(&tc, &dist, &export)?);
        got.print();
        return Ok(());
    }
    if !has("--lighthouse") {
        crate::size::print(&tc)?;
        requests::print();
        got.returning_ms = Some(store::print(&tc, &dist)?);
        got.insights = Some(insights::print(&tc, &dist)?);
        got.import = Some(import::run(&tc, &dist, true)?);
        let export = tools::root().join("target").join("bench-takeout");
        got.phone = Some(phone::run(&tc, &dist, &export)?);
    }
    got.lighthouse = Some(lighthouse::run(&tc, &dist)?);
    got.print();
    Ok(())
}

/// A JSON object's first character. (A constant, not a literal in the function below: the
/// size check in tests/invariants.rs counts braces, char literals included.)
const OBJECT: char = '{';

/// The result a node bench script printed, and its line: the last JSON line (npm may print
/// warnings first). `what` and `ok` (whether the script succeeded) name it in an error.
fn node_result(
    lines: &[String],
    what: &str,
    ok: bool,
) -> Result<(serde_json::Value, String), String> {
    let last = lines
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with(OBJECT))
        .cloned()
        .unwrap_or_default();
    let r = serde_json::from_str(last.trim())
        .map_err(|e| format!("{what} (ran: {ok}): {e}: {last}"))?;
    Ok((r, last))
}

/// What the goals of the first load, the returning visit and the import are checked against.
#[derive(Default)]
struct Figures {
    first_load_gz: usize,
    /// The dashboard painted from a 5-year store, warm (service worker and wasm cached).
    returning_ms: Option<f64>,
    lighthouse: Option<Audit>,
    import: Option<ImportFigures>,
    /// A first visit's bytes counted at the server, the service worker's included.
    first_visit: Option<f64>,
    phone: Option<phone::PhoneFigures>,
    /// Insights over five years: the worker's compute and the longest main-thread task (ms).
    insights: Option<(f64, f64)>,
}

/// The import benchmark's figures that have goals.
struct ImportFigures {
    /// The import's time over the one-worker inflate-only floor's (medians).
    ratio: f64,
    /// Both workers' wasm and the page's JS heap, at their peaks.
    peak_mb: f64,
    longest_task_ms: f64,
}

impl Figures {
    /// The first visit counted at the server and the phone section, against their goals.
    fn print_visit_and_phone(&self) {
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        if let Some(b) = self.first_visit {
            println!(
                "  first visit at the server, in all <= 200 KB   {:>8.1} KB  {}",
                b / 1000.0,
                verdict(b <= 200_000.0)
            );
        }
        if let Some(p) = &self.phone {
            println!(
                "  phone (4x CPU): figures on screen <= 300 ms   {:>8.0} ms  {}",
                p.figures_ms,
                verdict(p.figures_ms <= 300.0)
            );
            println!(
                "  phone (4x CPU): the app's own     (no goal)   {:>8.0} ms",
                p.app_ms
            );
            println!(
                "  phone: layout shift as it takes over <= 0.02  {:>8.3}     {}",
                p.cls,
                verdict(p.cls <= 0.02)
            );
        }
    }

    /// The budget: each goal with the figure measured now, so a change that breaks one shows.
    fn print(&self) {
        println!("\nBudget (goal, measured, verdict):");
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        let kb = self.first_load_gz as f64 / 1000.0;
        println!(
            "  first-load transfer (gzip)        <= 250 KB   {kb:>8.1} KB  {}",
            verdict(kb <= 250.0)
        );
        self.print_visit_and_phone();
        if let Some(a) = &self.lighthouse {
            println!(
                "  largest contentful paint (median) <= 2.0 s    {:>8.1} s   {}",
                a.lcp_ms / 1000.0,
                verdict(a.lcp_ms <= 2000.0)
            );
            println!(
                "  performance (median of {})         >= 98       {:>8.0}     {}",
                a.runs,
                a.performance,
                verdict(a.performance >= 98.0)
            );
            println!(
                "  cumulative layout shift           <= 0.02     {:>8.3}     {}",
                a.cls,
                verdict(a.cls <= 0.02)
            );
            let others = a.accessibility.min(a.best_practices).min(a.seo);
            println!(
                "  accessibility, best practices, SEO  = 100     {:>8.0}     {}",
                others,
                verdict(others >= 100.0)
            );
        }
        if let Some(ms) = self.returning_ms {
            println!(
                "  returning visit painted           <= 300 ms   {ms:>8.0} ms  {}",
                verdict(ms <= 300.0)
            );
        }
        if let Some((compute, task)) = self.insights {
            println!(
                "  insights computed (5 years)       <= 200 ms   {compute:>8.0} ms  {}",
                verdict(compute <= 200.0)
            );
            println!(
                "  longest main-thread task, insights <= 50 ms   {task:>8.0} ms  {}",
                verdict(task <= 50.0)
            );
        }
        if let Some(i) = &self.import {
            println!(
                "  import time over inflate floor    <  2x       {:>8.2}x    {}",
                i.ratio,
                verdict(i.ratio < 2.0)
            );
            println!(
                "  import peak memory (workers+page) <  300 MB   {:>8.0} MB  {}",
                i.peak_mb,
                verdict(i.peak_mb < 300.0)
            );
            println!(
                "  longest main-thread task, import  <= 50 ms    {:>8.0} ms  {}",
                i.longest_task_ms,
                verdict(i.longest_task_ms <= 50.0)
            );
        }
    }
}
