//! The phone section: Lighthouse's phone setting (the page's CPU slowed 4×) on a person with
//! three years: the returning paint (the figures, and the app's own dashboard), History's year
//! view, and an import of the three-year export. And what a first visit costs at the server.

use crate::run;
use crate::tools::Toolchain;
use std::path::Path;

/// What the goals are checked against.
pub struct PhoneFigures {
    pub figures_ms: f64,
    pub app_ms: f64,
    pub cls: f64,
}

pub fn run(tc: &Toolchain, dist: &Path, export: &Path) -> Result<PhoneFigures, String> {
    let (store, bytes, _) = super::store::seed(3, "bench-store-3y.json")?;
    println!(
        "\nPhone (CPU slowed 4x, as Lighthouse's phone), three years stored ({:.1} MiB):",
        bytes as f64 / 1048576.0
    );
    let (r, _) = super::store::paint_bench(tc, dist, &store, 4)?;
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "  returning visit: figures on screen {} ms after navigation (the frame's last headlines), the app's own dashboard {} ms; first load {} ms",
        r["warm_median"], r["app_median"], r["first"]
    );
    println!("  History's year view drawn: {} ms", r["heatmap_median"]);
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/import-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("EXPORT", export)
        .env("CPU", "4")
        .env("RUNS", "1")
        .env("FLOORS", "0");
    let (ok, lines) = run::tee(&mut node, "phone import bench")?;
    let (i, _) = super::node_result(&lines, "phone import bench", ok)?;
    println!(
        "  import of the three-year export: {:.2} s, longest main-thread task {} ms (the throttling is set on the page)",
        i["import_ms"].as_f64().unwrap_or(f64::NAN) / 1000.0,
        i["longest_task_ms"]
    );
    Ok(PhoneFigures {
        figures_ms: f("warm_median"),
        app_ms: f("app_median"),
        cls: f("cls_max"),
    })
}

/// A first visit counted at the server with the service worker at work; returns its bytes.
pub fn first_visit(tc: &Toolchain, dist: &Path) -> Result<f64, String> {
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/visit-bench.js"])
        .env("PULSEDECK_DIST", dist);
    let (ok, lines) = run::tee(&mut node, "first visit bench")?;
    let (r, _) = super::node_result(&lines, "first visit bench", ok)?;
    let bytes = r["first_bytes"].as_f64().unwrap_or(f64::NAN);
    println!(
        "\nFirst visit counted at the server (service worker included): {:.1} KB in {} answers, fetched twice: {}; the next load: {} bytes in {} answers",
        bytes / 1000.0,
        r["first_answers"],
        r["fetched_twice"],
        r["again_bytes"],
        r["again_answers"]
    );
    Ok(bytes)
}
