//! The end-to-end layer in three engines: Chromium and Firefox through Playwright (one
//! `--project` each, Firefox over WebDriver BiDi), WebKit through its own WebDriver harness
//! (`tests/e2e/webkit/`, WebKitGTK's WebKitWebDriver and MiniBrowser under Xvfb). The browsers
//! come from apt like Chromium. An engine that cannot run is a loud "NOT RUN" row, and fails the
//! command unless `PULSEDECK_E2E_ALLOW_NOT_RUN` names it (comma-separated, or `all`).

use crate::run;
use crate::tools::{self, Toolchain};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The opt-out: engines allowed not to run (never silently: their row still says NOT RUN).
pub const ALLOW_NOT_RUN: &str = "PULSEDECK_E2E_ALLOW_NOT_RUN";

/// One engine's share of the end-to-end layer.
pub struct EngineRun {
    pub name: &'static str,
    pub passed: u32,
    pub failed: u32,
    pub secs: f64,
    /// Why it did not run at all (then passed = failed = 0).
    pub not_run: Option<String>,
}

impl EngineRun {
    /// Passed: ran something and failed nothing, or did not run and is allowed not to.
    pub fn ok(&self, allowed: &str) -> bool {
        match &self.not_run {
            Some(_) => allows(allowed, self.name),
            None => self.passed > 0 && self.failed == 0,
        }
    }
}

/// Whether the opt-out's value names `engine`.
pub fn allows(value: &str, engine: &str) -> bool {
    value
        .split(',')
        .map(str::trim)
        .any(|v| v == engine || v == "all")
}

/// Where an engine's pieces are, and what to install when one is missing.
struct Needs {
    files: &'static [&'static str],
    packages: &'static [&'static str],
}

const FIREFOX: Needs = Needs {
    files: &["/usr/bin/firefox-esr"],
    packages: &["firefox-esr"],
};
const WEBKIT: Needs = Needs {
    files: &[
        "/usr/bin/WebKitWebDriver",
        "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        "/usr/bin/xvfb-run",
        "/usr/bin/xauth",
    ],
    packages: &["webkit2gtk-driver", "xvfb", "xauth"],
};

/// Installs what the engine lacks (root or sudo); None when it can run, else why not.
fn ensure(engine: &str, needs: &Needs) -> Option<String> {
    let missing = || needs.files.iter().any(|f| !Path::new(f).exists());
    if !missing() {
        return None;
    }
    println!(
        "==> installing {engine} from apt: {}",
        needs.packages.join(" ")
    );
    match tools::apt_install(needs.packages) {
        Ok(()) if !missing() => None,
        Ok(()) => Some(format!(
            "still missing after apt-get: {}",
            needs.files.join(", ")
        )),
        Err(e) => Some(format!(
            "{e}; install it: `sudo apt-get install {}`",
            needs.packages.join(" ")
        )),
    }
}

/// Playwright's JSON report: (expected, unexpected + flaky).
pub fn playwright_counts(report: &str) -> (u32, u32) {
    let v: serde_json::Value = serde_json::from_str(report).unwrap_or_default();
    let n = |k: &str| v["stats"][k].as_u64().unwrap_or(0) as u32;
    (n("expected"), n("unexpected") + n("flaky"))
}

fn playwright(
    tc: &Toolchain,
    project: &'static str,
    port: u16,
    dist: &Path,
    exports: &Path,
) -> EngineRun {
    let report = tools::node_dir()
        .join("test-results")
        .join(format!("results-{project}.json"));
    let _ = std::fs::remove_file(&report);
    let t = Instant::now();
    let mut pw = tc.npx();
    pw.args(["--no-install", "playwright", "test", "--project", project])
        .env("PULSEDECK_DIST", dist)
        .env("PULSEDECK_TAKEOUT", exports)
        .env("E2E_PORT", port.to_string())
        .env("E2E_REPORT", &report);
    let ran = run::tee(&mut pw, &format!("playwright ({project})"));
    let (passed, failed) = playwright_counts(&std::fs::read_to_string(&report).unwrap_or_default());
    let secs = t.elapsed().as_secs_f64();
    match ran {
        // Playwright itself could not start: the engine did not run.
        Err(e) => not_run(project, e),
        // A run that failed without a failing test (a crash, a broken config) still failed.
        Ok((ok, _)) => {
            let failed = if ok { failed } else { failed.max(1) };
            EngineRun {
                name: project,
                passed,
                failed,
                secs,
                not_run: None,
            }
        }
    }
}

/// The WebKit harness (node's test runner, TAP), its lines prefixed so they read apart from
/// Playwright's, which runs at the same time.
fn webkit(mut cmd: Command) -> EngineRun {
    let t = Instant::now();
    let (ok, lines) = match run::tee_prefixed(&mut cmd, "webkit", "[webkit] ") {
        Ok(r) => r,
        Err(e) => {
            return EngineRun {
                name: "webkit",
                passed: 0,
                failed: 0,
                secs: 0.0,
                not_run: Some(e),
            };
        }
    };
    let (passed, mut failed) = crate::test::tap_counts(&lines);
    if !ok && failed == 0 {
        failed = 1; // the runner itself failed (a crash before any test)
    }
    EngineRun {
        name: "webkit",
        passed,
        failed,
        secs: t.elapsed().as_secs_f64(),
        not_run: None,
    }
}

fn not_run(name: &'static str, why: String) -> EngineRun {
    EngineRun {
        name,
        passed: 0,
        failed: 0,
        secs: 0.0,
        not_run: Some(why),
    }
}

/// Runs the three engines against `dist` (WebKit alongside Chromium then Firefox: two cores
/// take one Playwright run of two workers and WebKit's one browser).
pub fn run_all(tc: &Toolchain, dist: &Path, exports: &Path) -> Vec<EngineRun> {
    let firefox_missing = ensure("Firefox", &FIREFOX);
    let webkit_missing = ensure("WebKit", &WEBKIT);
    let webkit_run = webkit_missing.clone().map_or_else(
        || {
            let mut cmd = tc.npx();
            cmd.args([
                "--no-install",
                "node",
                "--test",
                "--test-reporter=tap",
                "webkit/",
            ])
            .env("PULSEDECK_DIST", dist)
            .env("PULSEDECK_TAKEOUT", exports)
            // The generated exports' person lives at UTC−5 (as specs/import.spec.js sets).
            .env("TZ", "America/Bogota");
            Some(std::thread::spawn(move || webkit(cmd)))
        },
        |_| None,
    );
    let mut runs = vec![playwright(tc, "chromium", 4173, dist, exports)];
    runs.push(match firefox_missing {
        None => playwright(tc, "firefox", 4183, dist, exports),
        Some(why) => not_run("firefox", why),
    });
    runs.push(match (webkit_run, webkit_missing) {
        (Some(h), _) => h
            .join()
            .unwrap_or_else(|_| not_run("webkit", "the harness thread panicked".into())),
        (None, why) => not_run("webkit", why.unwrap_or_default()),
    });
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_playwright_stats() {
        let r = r#"{"stats":{"expected":7,"unexpected":1,"flaky":1,"skipped":0}}"#;
        assert_eq!(playwright_counts(r), (7, 2));
        assert_eq!(playwright_counts("not json"), (0, 0));
    }

    #[test]
    fn an_engine_that_did_not_run_fails_unless_named_by_the_opt_out() {
        let r = not_run("webkit", "no driver".into());
        assert!(!r.ok(""));
        assert!(!r.ok("firefox"));
        assert!(r.ok("firefox, webkit"));
        assert!(r.ok("all"));
        let ran_nothing = EngineRun {
            name: "firefox",
            passed: 0,
            failed: 0,
            secs: 1.0,
            not_run: None,
        };
        assert!(
            !ran_nothing.ok("all"),
            "the opt-out never covers an engine that ran and passed nothing"
        );
    }
}
