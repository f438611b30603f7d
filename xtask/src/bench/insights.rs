//! Insights over five years (`cargo xtask bench --insights`, and in the full bench): the
//! store of `store::seed` opened in Chromium, then Insights and the report (its defaults: 90 days), each asked
//! three times. Printed: the worker's compute time (all highlights, ranges, comparisons, the
//! relation and profiles: goal ≤ 200 ms), the time from the click to the doc drawn, and the
//! longest main-thread task meanwhile (goal: none over 50 ms).

use crate::run;
use crate::tools::Toolchain;
use std::path::Path;

/// Returns (the worker's compute, the longest main-thread task), in ms (medians / maximum).
pub fn print(tc: &Toolchain, dist: &Path) -> Result<(f64, f64), String> {
    let (store, _, _) = super::store::seed(5, "bench-store.json")?;
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/insights-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("STORE", &store);
    let (ok, lines) = run::tee(&mut node, "insights bench")?;
    let (r, last) = super::node_result(&lines, "insights bench", ok)?;
    println!("\nInsights over 5 years of all daily metrics (median of 3):");
    for (what, key) in [("insights", "insights"), ("the report (90 days)", "report")] {
        println!(
            "  {what}: computed in the worker in {} ms, drawn {} ms after the click, longest main-thread task {} ms",
            r[key]["compute_ms"], r[key]["shown_ms"], r[key]["longest_task_ms"]
        );
    }
    let f = |k: &str, f: &str| {
        r[k][f]
            .as_f64()
            .ok_or_else(|| format!("insights bench: no {k}.{f} in {last}"))
    };
    Ok((
        f("insights", "compute_ms")?.max(f("report", "compute_ms")?),
        f("insights", "longest_task_ms")?.max(f("report", "longest_task_ms")?),
    ))
}
