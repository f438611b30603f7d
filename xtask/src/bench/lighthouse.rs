//! Lighthouse's mobile audit (its default: a mid-range phone on a throttled 4G connection) of
//! the first page a visitor sees, served under /pulsedeck/ with gzip by the test server: three
//! runs, each figure their median.

use crate::run;
use crate::tools::{self, Toolchain};
use serde_json::Value;
use std::path::Path;
use std::process::Child;

const RUNS: usize = 3;

/// Lighthouse's figures that the budget checks (each the median of the runs).
pub struct Audit {
    pub runs: usize,
    pub performance: f64,
    pub accessibility: f64,
    pub best_practices: f64,
    pub seo: f64,
    pub lcp_ms: f64,
    pub cls: f64,
}

/// Serves the build, audits it [`RUNS`] times and prints the medians.
pub fn run(tc: &Toolchain, dist: &Path) -> Result<Audit, String> {
    let port = "4179";
    // `node` itself, not through npx: killing npx left its node child serving the port, and
    // the next benchmark then audited that stale server.
    let mut server = std::process::Command::new("node");
    server
        .current_dir(tools::node_dir())
        .arg("serve.js")
        .env("PULSEDECK_DIST", dist)
        .env("PORT", port)
        .stdout(std::process::Stdio::null());
    let mut child = server
        .spawn()
        .map_err(|e| format!("starting the static server: {e}"))?;
    std::thread::sleep(std::time::Duration::from_millis(800));
    let url = format!("http://127.0.0.1:{port}/pulsedeck/");
    let (audits, version) = audit(tc, &url, &mut child)?;
    let _ = child.kill();
    let _ = child.wait();
    let score = |key: &'static str| {
        move |j: &Value| j["categories"][key]["score"].as_f64().map(|s| s * 100.0)
    };
    let a = Audit {
        runs: audits.len(),
        performance: median(&audits, &score("performance")),
        accessibility: median(&audits, &score("accessibility")),
        best_practices: median(&audits, &score("best-practices")),
        seo: median(&audits, &score("seo")),
        lcp_ms: median(&audits, &value("largest-contentful-paint")),
        cls: median(&audits, &value("cumulative-layout-shift")),
    };
    print(&audits, &version, &url, &a);
    Ok(a)
}

/// The reports of [`RUNS`] audits of `url`, each from a fresh profile, and Lighthouse's
/// version. The server (`child`) is stopped if Lighthouse itself fails.
fn audit(tc: &Toolchain, url: &str, child: &mut Child) -> Result<(Vec<Value>, String), String> {
    let mut audits = Vec::new();
    let mut version = String::new();
    for run in 0..RUNS {
        let report = tools::root()
            .join("target")
            .join(format!("lighthouse-{run}.json"));
        // A fresh profile each time: every run is a first visit.
        let profile = tools::root().join("target").join("lighthouse-profile");
        let _ = std::fs::remove_dir_all(&profile);
        let mut lh = tc.npx();
        lh.args([
            "--no-install",
            "lighthouse",
            url,
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
        ])
        .arg(format!("--output-path={}", report.display()))
        .arg(format!(
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={}",
            profile.display()
        ));
        if let Err(e) = run::status(&mut lh, "lighthouse") {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
                .map_err(|e| format!("lighthouse report: {e}"))?;
        version = json["lighthouseVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        audits.push(json);
    }
    Ok((audits, version))
}

/// The median of what `f` reads from each report (NaN if none has it).
fn median(audits: &[Value], f: &dyn Fn(&Value) -> Option<f64>) -> f64 {
    let mut v: Vec<f64> = audits.iter().filter_map(f).collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// An audit's measured value, by its id.
fn value(id: &str) -> impl Fn(&Value) -> Option<f64> + '_ {
    move |j: &Value| j["audits"][id]["numericValue"].as_f64()
}

/// The scores, then the timings of every run beside their median.
fn print(audits: &[Value], version: &str, url: &str, a: &Audit) {
    println!("\nLighthouse {version} (mobile, simulated slow 4G), {url}, median of {RUNS} runs:");
    for (label, v) in [
        ("performance", a.performance),
        ("accessibility", a.accessibility),
        ("best practices", a.best_practices),
        ("SEO", a.seo),
    ] {
        println!("  {label:<16} {v:>4.0}");
    }
    for (id, unit) in [
        ("first-contentful-paint", "ms"),
        ("largest-contentful-paint", "ms"),
        ("total-blocking-time", "ms"),
        ("cumulative-layout-shift", ""),
        ("total-byte-weight", "bytes"),
    ] {
        // Layout shift is a score (three decimals); the rest are whole ms or bytes.
        let show = |v: f64| {
            if unit.is_empty() {
                format!("{v:.3}")
            } else {
                format!("{v:.0}")
            }
        };
        let all: Vec<String> = audits.iter().filter_map(value(id)).map(show).collect();
        println!(
            "  {id:<26} {:>8} {unit}  (runs: {})",
            show(median(audits, &value(id))),
            all.join(", ")
        );
    }
    println!("  (reports: target/lighthouse-0..{}.json)", RUNS - 1);
}
