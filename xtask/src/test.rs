//! `cargo xtask test`: every test layer, then one summary.
//!
//! Layers: native `cargo test` (pure logic, xtask), `wasm-bindgen-test` in headless Chromium
//! (code that needs browser APIs), node's test runner (the mock Fitbit's own tests and the
//! checks of the GitHub Pages workflow), and end-to-end tests against the release build served
//! under `/pulsedeck/` in three engines (see `engines`), one summary row each.

use crate::engines;
use crate::run;
use crate::takeout;
use crate::tools::{self, Toolchain};
use std::time::Instant;

struct Layer {
    name: String,
    passed: u32,
    failed: u32,
    ok: bool,
    secs: f64,
    /// An engine that did not run, and why (a loud row of its own).
    not_run: Option<String>,
}

/// Sums libtest / wasm-bindgen-test result lines: "test result: ok. 25 passed; 0 failed; …".
fn libtest_counts(lines: &[String]) -> (u32, u32) {
    let mut total = (0, 0);
    for l in lines {
        let Some(rest) = l.trim().strip_prefix("test result: ") else {
            continue;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let n = |w: &str| {
                words
                    .iter()
                    .position(|x| *x == w)
                    .and_then(|i| words.get(i.wrapping_sub(1))?.parse::<u32>().ok())
            };
            if let Some(p) = n("passed") {
                total.0 += p;
            }
            if let Some(f) = n("failed") {
                total.1 += f;
            }
        }
    }
    total
}

/// node --test with the TAP reporter ends with "# pass N" and "# fail N".
pub fn tap_counts(lines: &[String]) -> (u32, u32) {
    let get = |key: &str| {
        lines
            .iter()
            .rev()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(key)
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(0)
    };
    (get("# pass"), get("# fail"))
}

/// `cargo fmt --check` and `cargo clippy -D warnings` over the workspace: (all passed, (passed,
/// failed)).
fn lint(tc: &Toolchain) -> Result<(bool, (u32, u32)), String> {
    let (fmt, _) = run::tee(tc.cargo().args(["fmt", "--all", "--check"]), "cargo fmt")?;
    let clippy_args = [
        "clippy",
        "--workspace",
        "--all-targets",
        "--features",
        "pulsedeck/test-support",
    ];
    let (clippy, _) = run::tee(
        tc.cargo()
            .args(clippy_args)
            .args(["--color", "never", "--", "-D", "warnings"]),
        "cargo clippy",
    )?;
    let passed = fmt as u32 + clippy as u32;
    Ok((fmt && clippy, (passed, 2 - passed)))
}

pub fn run(_args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let tc = Toolchain::setup(true)?;
    let mut layers: Vec<Layer> = Vec::new();
    let mut record = |name: &str, t: Instant, ok: bool, (passed, failed): (u32, u32)| {
        // A layer that ran nothing counts as failed: a silent runner must not look green.
        let ok = ok && passed > 0 && failed == 0;
        layers.push(Layer {
            name: name.into(),
            passed,
            failed: if ok || failed > 0 { failed } else { 1 },
            ok,
            secs: t.elapsed().as_secs_f64(),
            not_run: None,
        });
    };

    println!("\n==> lint: cargo fmt --check (100 columns), cargo clippy -D warnings");
    let t = Instant::now();
    let (ok, counts) = lint(&tc)?;
    record("lint", t, ok, counts);

    println!("\n==> native tests (cargo test)");
    let t = Instant::now();
    let (ok, lines) = run::tee(
        tc.cargo().args(["test", "--workspace", "--color", "never"]),
        "cargo test",
    )?;
    record("native", t, ok, libtest_counts(&lines));

    println!("\n==> browser tests (wasm-bindgen-test in headless Chromium)");
    let t = Instant::now();
    let (ok, counts) = browser(&tc)?;
    record("browser", t, ok, counts);

    println!("\n==> node tests: the mock Fitbit, and the GitHub Pages workflow (node --test)");
    let t = Instant::now();
    let (ok, counts) = node(&tc)?;
    record("node", t, ok, counts);

    println!(
        "\n==> end-to-end tests in Chromium, Firefox and WebKit (release build under /pulsedeck/)"
    );
    let t = Instant::now();
    match e2e(&tc)? {
        Some(runs) => {
            let allowed = std::env::var(engines::ALLOW_NOT_RUN).unwrap_or_default();
            for r in runs {
                layers.push(Layer {
                    name: format!("e2e {}", r.name),
                    ok: r.ok(&allowed),
                    passed: r.passed,
                    failed: r.failed,
                    secs: r.secs,
                    not_run: r.not_run,
                });
            }
        }
        None => record("e2e", t, false, (0, 0)),
    }

    summary(&layers, started)
}

/// `wasm-bindgen-test` in headless Chromium: (ran clean, (passed, failed)).
fn browser(tc: &Toolchain) -> Result<(bool, (u32, u32)), String> {
    let (ok, lines) = run::tee(
        tc.wasm_cargo().args([
            "test",
            "--package",
            "pulsedeck",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
            "--color",
            "never",
        ]),
        "browser tests",
    )?;
    Ok((ok, libtest_counts(&lines)))
}

/// node's test runner over the mock Fitbit and the workflow checks: (ran clean, counts).
fn node(tc: &Toolchain) -> Result<(bool, (u32, u32)), String> {
    let mut node = tc.npx();
    node.args([
        "--no-install",
        "node",
        "--test",
        "--test-reporter=tap",
        "mock/",
        "checks/",
    ]);
    let (ok, lines) = run::tee(&mut node, "node tests")?;
    Ok((ok, tap_counts(&lines)))
}

/// The three engines against the release build under `/pulsedeck/`, with the generated exports;
/// None when the build fails (a failed layer, not an error that stops the summary).
fn e2e(tc: &Toolchain) -> Result<Option<Vec<engines::EngineRun>>, String> {
    let dist = tools::root().join("target").join("e2e-dist");
    if let Err(e) = tc.release_build("/pulsedeck/", &dist) {
        eprintln!("{e}");
        return Ok(None);
    }
    let exports = tools::root().join("target").join("takeout-e2e");
    takeout::e2e(&exports)?;
    Ok(Some(engines::run_all(tc, &dist, &exports)))
}

/// The table of layers and the totals; an error if any layer failed.
fn summary(layers: &[Layer], started: Instant) -> Result<(), String> {
    println!(
        "\n{:<14} {:>7} {:>7} {:>8}",
        "layer", "passed", "failed", "seconds"
    );
    for l in layers {
        if let Some(why) = &l.not_run {
            let verdict = if l.ok {
                format!("allowed by {}", engines::ALLOW_NOT_RUN)
            } else {
                "FAILED".into()
            };
            println!("{:<14} !!!!!! NOT RUN !!!!!! {why} ({verdict})", l.name);
            continue;
        }
        println!(
            "{:<14} {:>7} {:>7} {:>8.0}{}",
            l.name,
            l.passed,
            l.failed,
            l.secs,
            if l.ok { "" } else { "  FAILED" }
        );
    }
    let passed: u32 = layers.iter().map(|l| l.passed).sum();
    let failed: u32 = layers.iter().map(|l| l.failed).sum();
    println!("(all layers in {:.0} s)", started.elapsed().as_secs_f64());
    println!("total: {passed} passed, {failed} failed");
    if layers.iter().all(|l| l.ok) {
        Ok(())
    } else {
        Err("some test layers failed (see above)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(String::from).collect()
    }

    #[test]
    fn sums_libtest_result_lines() {
        let out = lines("test result: ok. 25 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.15s\nfoo\ntest result: FAILED. 3 passed; 2 failed; 0 ignored");
        assert_eq!(libtest_counts(&out), (28, 2));
    }

    #[test]
    fn reads_tap_totals() {
        assert_eq!(
            tap_counts(&lines("ok 1 - a\n# tests 5\n# pass 4\n# fail 1\n")),
            (4, 1)
        );
    }
}
