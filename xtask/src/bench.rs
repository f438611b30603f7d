//! `cargo xtask bench`: measured figures, not tests.
//!
//! Builds the release bundle as deployed (under `/pulsedeck/`) and prints the bytes a first
//! visit transfers: each file raw and gzip-compressed (what static hosts such as GitHub Pages
//! send), grouped by kind; the Fitbit requests a dashboard costs; and Lighthouse (mobile) scores
//! of the page served as on GitHub Pages (sub-path, gzip).

use crate::run;
use crate::tools::{self, Toolchain};
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::Path;

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip").len()
}

/// A file of the bundle: its kind (extension), name, raw and gzip bytes.
type BundleFile = (String, String, usize, usize);

/// Every file of a build, as [`BundleFile`]s.
pub fn sizes(dist: &Path) -> Result<Vec<BundleFile>, String> {
    let mut out: Vec<_> = crate::pwa::files(dist)?
        .into_iter()
        .map(|(name, bytes)| {
            let kind = name
                .rsplit_once('.')
                .map(|(_, e)| e)
                .unwrap_or("other")
                .to_string();
            (kind, name, bytes.len(), gzip_len(&bytes))
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    Ok(out)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let tc = Toolchain::setup(true)?;
    let dist = tools::root().join("target").join("bench-dist");
    let _ = std::fs::remove_dir_all(&dist);
    tc.release_build("/pulsedeck/", &dist)?;
    let files = sizes(&dist)?;

    println!("\nRelease bundle (public URL /pulsedeck/), bytes:");
    println!("{:<6} {:<44} {:>10} {:>10}", "kind", "file", "raw", "gzip");
    for (kind, name, raw, gz) in &files {
        println!("{kind:<6} {name:<44} {raw:>10} {gz:>10}");
    }
    // A first visit loads the page (its stylesheet inside), the welcome page's glue and wasm,
    // and the icon; the app's glue and wasm come when the person acts there, or at once for a
    // returning person (the worker precaches the whole shell in the background, for offline use).
    let page =
        |f: &&BundleFile| matches!(f.0.as_str(), "html" | "css" | "svg") && f.1 != "404.html";
    let app =
        |f: &&BundleFile| f.1.starts_with("pulsedeck-") && matches!(f.0.as_str(), "js" | "wasm");
    let welcome =
        |f: &&BundleFile| f.1.starts_with("welcome") && matches!(f.0.as_str(), "js" | "wasm");
    // (raw, gzip) bytes of the files `load` takes, printed as a total row.
    let total = |label: &str, load: &dyn Fn(&&BundleFile) -> bool| {
        let (raw, gz) = files
            .iter()
            .filter(load)
            .fold((0, 0), |(r, g), f| (r + f.2, g + f.3));
        println!("{:<6} {:<44} {:>10} {:>10}", "total", label, raw, gz);
        (raw, gz)
    };
    let (raw, gz) = total("first visit (html+css, welcome js+wasm, icon)", &|f| {
        page(f) || welcome(f)
    });
    let (_, rgz) = total("with data (html+css, app js+wasm, icon)", &|f| {
        page(f) || app(f)
    });
    println!(
        "\nfirst-load transfer: {:.1} KiB gzip ({:.1} KiB raw)",
        gz as f64 / 1024.0,
        raw as f64 / 1024.0
    );
    println!("the app, loaded on the first action or for a returning person: {:.1} KiB gzip (page included)", rgz as f64 / 1024.0);
    let sw = files
        .iter()
        .find(|f| f.1 == "sw.js")
        .map(|f| f.3)
        .unwrap_or(0);
    let precache: usize = files
        .iter()
        .filter(|f| crate::pwa::in_shell(&f.1))
        .map(|f| f.3)
        .sum();
    println!(
        "service worker {:.1} KiB gzip; whole precached shell {:.1} KiB gzip",
        sw as f64 / 1024.0,
        precache as f64 / 1024.0
    );
    let worker: usize = files
        .iter()
        .filter(|f| f.1.starts_with("import") && !f.1.ends_with("_loader.js"))
        .map(|f| f.3)
        .sum();
    println!(
        "import worker (fetched when an import starts, not precached): {:.1} KiB gzip",
        worker as f64 / 1024.0
    );
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--size") {
        return crate::size::print(&tc);
    }
    let mut got = Figures {
        first_load_gz: gz,
        ..Default::default()
    };
    if has("--import") {
        // Quick: without the Python importers (fitout alone takes over a minute).
        got.import = Some(import(&tc, &dist, false)?);
        got.print();
        return Ok(());
    }
    if !has("--lighthouse") {
        crate::size::print(&tc)?;
        requests::print();
        got.returning_ms = Some(store::print(&tc, &dist)?);
        got.import = Some(import(&tc, &dist, true)?);
    }
    got.lighthouse = Some(lighthouse(&tc, &dist)?);
    got.print();
    Ok(())
}

/// What the goals of the first load, the returning visit and the import are checked against.
#[derive(Default)]
struct Figures {
    first_load_gz: usize,
    /// The dashboard painted from a 5-year store, warm (service worker and wasm cached).
    returning_ms: Option<f64>,
    lighthouse: Option<Audit>,
    import: Option<ImportFigures>,
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
    /// The budget: each goal with the figure measured now, so a change that breaks one shows.
    fn print(&self) {
        println!("\nBudget (goal, measured, verdict):");
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        let kb = self.first_load_gz as f64 / 1000.0;
        println!(
            "  first-load transfer (gzip)        <= 250 KB   {kb:>8.1} KB  {}",
            verdict(kb <= 250.0)
        );
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

/// The history store with five years of everything: its size, and how fast the dashboard
/// (and the year heatmap) paint from it in Chromium with the network to Fitbit cut.
mod store {
    use super::*;
    use futures::executor::block_on;
    use pulsedeck::env::KvStore;
    use pulsedeck::fitbit::auth::tokens;
    use pulsedeck::fitbit::sync::CacheRecord;
    use pulsedeck::history::{sample, store};
    use pulsedeck::model::Origin;
    use pulsedeck::testing::{json, MemParts, MemStore};

    /// Returns the warm paint (ms after navigation, median of 3).
    pub fn print(tc: &Toolchain, dist: &Path) -> Result<f64, String> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_millis() as i64;
        let today = pulsedeck::date::Date::from_unix_millis(now, 0);
        let mut h = sample::years(today, 5, Origin::Fitbit);
        let parts = MemParts::default();
        let rec = CacheRecord::new("BENCH", today);
        let person = pulsedeck::history::person::ME.prefix;
        block_on(store::save(
            &parts,
            person,
            &mut h,
            Some((
                Origin::Fitbit,
                serde_json::to_string(&rec).map_err(|e| e.to_string())?,
            )),
        ))
        .map_err(|e| format!("{e:?}"))?;
        let (bytes, n) = (parts.bytes(), parts.keys().len());
        let local = MemStore::default();
        let body = r#"{"access_token":"bench","expires_in":28800,"refresh_token":"bench-r","scope":"activity heartrate sleep weight nutrition profile settings","token_type":"Bearer","user_id":"BENCH"}"#;
        let t =
            tokens::parse_token_response(json(200, body), "BENCHCLIENT", now, &Default::default())
                .map_err(|e| format!("{e:?}"))?;
        tokens::save(&local, &t)?;
        let seed = serde_json::json!({
            "parts": parts.keys().iter().map(|k| (k.clone(), parts.get(k).unwrap_or_default())).collect::<Vec<_>>(),
            "local": [[tokens::TOKENS_KEY, local.get(tokens::TOKENS_KEY).unwrap_or_default()]],
        });
        let path = tools::root().join("target").join("bench-store.json");
        std::fs::write(&path, seed.to_string()).map_err(|e| e.to_string())?;
        println!("\nHistory store, 5 years of all {} daily metrics, sleep, exercises and 5-minute curves:", pulsedeck::model::Metric::ALL.len());
        println!(
            "  {n} parts, {:.1} MiB as stored (JSON text)",
            bytes as f64 / 1048576.0
        );
        let mut node = tc.npx();
        node.args(["--no-install", "node", "tools/paint-bench.js"])
            .env("PULSEDECK_DIST", dist)
            .env("STORE", &path);
        let (ok, lines) = run::tee(&mut node, "paint bench")?;
        // npm may print warnings first: the result is the last JSON line.
        let last = lines
            .iter()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .cloned()
            .unwrap_or_default();
        let r: serde_json::Value = serde_json::from_str(last.trim())
            .map_err(|e| format!("paint bench (ran: {ok}): {e}: {last}"))?;
        println!("  dashboard painted from it: {} ms after navigation (first load, wasm compiled), {} ms warm (median of 3)", r["first"], r["warm_median"]);
        println!(
            "  year heatmap of History drawn: {} ms (median)",
            r["heatmap_median"]
        );
        println!(
            "  Chromium's storage estimate for the origin: {:.1} MiB",
            r["idb_usage"].as_f64().unwrap_or(0.0) / 1048576.0
        );
        r["warm_median"]
            .as_f64()
            .ok_or_else(|| format!("paint bench: no warm figure in {last}"))
    }
}

/// An import of a generated three-year export with 5-second heart rate, through the app.
fn import(tc: &Toolchain, dist: &Path, with_python: bool) -> Result<ImportFigures, String> {
    let dir = tools::root().join("target").join("bench-takeout");
    let end = pulsedeck::date::Date::from_ymd(2026, 11, 20).expect("valid");
    // The 2025 layout (`Takeout/Fitbit/`, flat CSV folder), one part, every day worn: what the
    // Python importers compared below can also read (fitout stops at an empty heart-rate file).
    let spec = pulsedeck::takeout::gen::Spec {
        vintage: pulsedeck::takeout::gen::Vintage::Fitbit2025,
        end,
        days: 3 * 365,
        offset_h: -5,
        hr_every_s: 5,
        parts: 1,
        unworn_days: false,
    };
    crate::takeout::write(&dir, &spec)?;
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/import-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("EXPORT", &dir);
    let (ok, lines) = run::tee(&mut node, "import bench")?;
    let last = lines
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .cloned()
        .unwrap_or_default();
    let r: serde_json::Value = serde_json::from_str(last.trim())
        .map_err(|e| format!("import bench (ran: {ok}): {e}: {last}"))?;
    let f = |k: &str| r[k].as_f64().unwrap_or(f64::NAN);
    let mb = |b: f64| b / 1e6;
    println!("\nImport of a generated export: 3 years, 5-second heart rate, 2025 layout (Takeout/Fitbit/), one zip:");
    println!(
        "  {:.1} MB of zip, {:.1} MB unpacked",
        mb(f("zip_bytes")),
        mb(f("unpacked_bytes"))
    );
    let runs = |k: &str| {
        r[k].as_array()
            .map(|a| {
                a.iter()
                    .map(|v| format!("{:.2}", v.as_f64().unwrap_or(f64::NAN) / 1000.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    // Timed in the page: from the files reaching it to "Import finished" (median of 3 fresh
    // profiles). The worker is gone once it has stored: the rest is starting and storing.
    println!(
        "  imported in {:.2} s (runs {} s; of it read and parsed {:.2} s, stored {:.2} s): {:.0} MB/s unpacked",
        f("import_ms") / 1000.0,
        runs("import_runs"),
        f("read_ms") / 1000.0,
        f("save_ms") / 1000.0,
        mb(f("unpacked_bytes")) / (f("import_ms") / 1000.0)
    );
    println!(
        "  only inflating every entry (the floor), one worker: {:.2} s (runs {} s); the import takes {:.2}x that (goal: under 2x)",
        f("floor_ms") / 1000.0,
        runs("floor_runs"),
        f("import_ms") / f("floor_ms")
    );
    println!(
        "  only inflating, on both cores (two workers): {:.2} s; the import takes {:.2}x that",
        f("floor_two_ms") / 1000.0,
        f("import_ms") / f("floor_two_ms")
    );
    let (stream, wasm) = (f("floor_stream_ms"), f("floor_ms"));
    println!(
        "  only inflating with the browser's DecompressionStream('deflate-raw'), one stream per entry, no CRC: {:.2} s ({:.2}x the worker's wasm inflater)",
        stream / 1000.0,
        stream / wasm
    );
    println!("  peak memory: both workers' wasm together {:.0} MB, page JS heap {:.0} MB (goal: under 300 MB)", mb(f("worker_wasm_bytes")), mb(f("page_heap_bytes")));
    println!(
        "  longest main-thread task during the imports: {:.0} ms (goal: none over 50 ms)",
        f("longest_task_ms")
    );
    if with_python {
        python_importers(&dir, &spec)?;
    }
    Ok(ImportFigures {
        ratio: f("import_ms") / f("floor_ms"),
        peak_mb: mb(f("worker_wasm_bytes") + f("page_heap_bytes")),
        longest_task_ms: f("longest_task_ms"),
    })
}

/// fitout and fitbit-to-sqlite (PyPI), in a virtualenv under target/, on the same archive.
fn python_importers(dir: &Path, spec: &pulsedeck::takeout::gen::Spec) -> Result<(), String> {
    println!("  the same archive with the Python importers (what each reads of it):");
    let venv = tools::root().join("target").join("py-importers");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status();
        let installed = made.is_ok_and(|s| s.success())
            && std::process::Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "fitout==0.3.1",
                    "fitbit-to-sqlite==0.6",
                ])
                .status()
                .is_ok_and(|s| s.success());
        if !installed {
            let _ = std::fs::remove_dir_all(&venv);
            println!("    not run: could not install them with pip (python3 -m venv, PyPI)");
            return Ok(());
        }
    }
    let zip = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .ok_or("no zip")?;
    let first = spec.end.add_days(1 - spec.days as i32);
    let out = std::process::Command::new(&python)
        .arg(
            tools::root()
                .join("xtask")
                .join("assets")
                .join("py_importers.py"),
        )
        .arg(&zip)
        .args([first.to_string(), spec.end.to_string()])
        .arg(dir)
        .output()
        .map_err(|e| format!("python: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let r: serde_json::Value =
        serde_json::from_str(text.lines().last().unwrap_or("")).map_err(|e| {
            format!(
                "python importers: {e}: {text} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    for (name, v) in r.as_object().into_iter().flatten() {
        match v["seconds"].as_f64() {
            Some(s) => println!(
                "    {name}: {s:.1} s ({})",
                v["read"].as_str().unwrap_or("")
            ),
            None => println!(
                "    {name}: could not read it ({})",
                v["error"].as_str().unwrap_or("")
            ),
        }
    }
    Ok(())
}

/// Lighthouse's mobile audit (its default: a mid-range phone on a throttled 4G connection) of
/// the first page a visitor sees, served under /pulsedeck/ with gzip by the test server: three
/// runs, each figure their median.
fn lighthouse(tc: &Toolchain, dist: &Path) -> Result<Audit, String> {
    const RUNS: usize = 3;
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
            &url,
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
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).map_err(|e| e.to_string())?)
                .map_err(|e| format!("lighthouse report: {e}"))?;
        version = json["lighthouseVersion"]
            .as_str()
            .unwrap_or("?")
            .to_string();
        audits.push(json);
    }
    let _ = child.kill();
    let _ = child.wait();
    let median = |f: &dyn Fn(&serde_json::Value) -> Option<f64>| {
        let mut v: Vec<f64> = audits.iter().filter_map(f).collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let score = |key: &'static str| {
        move |j: &serde_json::Value| j["categories"][key]["score"].as_f64().map(|s| s * 100.0)
    };
    let value =
        |id: &'static str| move |j: &serde_json::Value| j["audits"][id]["numericValue"].as_f64();
    let a = Audit {
        runs: audits.len(),
        performance: median(&score("performance")),
        accessibility: median(&score("accessibility")),
        best_practices: median(&score("best-practices")),
        seo: median(&score("seo")),
        lcp_ms: median(&value("largest-contentful-paint")),
        cls: median(&value("cumulative-layout-shift")),
    };
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
        let all: Vec<String> = audits
            .iter()
            .filter_map(|j| j["audits"][id]["numericValue"].as_f64())
            .map(show)
            .collect();
        println!(
            "  {id:<26} {:>8} {unit}  (runs: {})",
            show(median(&value(id))),
            all.join(", ")
        );
    }
    println!("  (reports: target/lighthouse-0..{}.json)", RUNS - 1);
    Ok(a)
}

/// Lighthouse's figures that the budget checks (each the median of the runs).
struct Audit {
    runs: usize,
    performance: f64,
    accessibility: f64,
    best_practices: f64,
    seo: f64,
    lcp_ms: f64,
    cls: f64,
}

/// Fitbit requests, counted by running the app's own planner, freshness rules, rate budget and
/// sync code natively against the fixture data on a simulated clock.
mod requests {
    use futures::executor::block_on;
    use pulsedeck::date::Date;
    use pulsedeck::fitbit::auth::session::{Endpoints, Session};
    use pulsedeck::fitbit::auth::tokens;
    use pulsedeck::fitbit::client::Client;
    use pulsedeck::fitbit::endpoints::Endpoint;
    use pulsedeck::fitbit::sync::{refresh, CacheRecord};
    use pulsedeck::scope::Scope;
    use pulsedeck::testing::{fixture_answer, json, FakeClock, FakeHttp, FakeLocks, MemStore};

    const T0: i64 = 1_795_262_400_000; // a Saturday morning, on the hour
    const MINUTE: i64 = 60_000;
    /// The default auto-refresh interval (`prefs::refresh_minutes`).
    const POLL_MINUTES: i64 = 15;

    pub fn print() {
        let http = FakeHttp::new(|r| json(200, &fixture_answer(&r.url)));
        let store = MemStore::default();
        let clock = FakeClock::at(T0);
        let scopes = Scope::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let body = format!(
            r#"{{"access_token":"a","expires_in":28800,"refresh_token":"r","scope":"{scopes}","token_type":"Bearer","user_id":"U"}}"#
        );
        tokens::save(
            &store,
            &tokens::parse_token_response(json(200, &body), "C", T0, &Default::default())
                .expect("token"),
        )
        .expect("save");
        let session = Session::new(
            store.clone(),
            http.clone(),
            clock.clone(),
            FakeLocks::default(),
            Endpoints {
                token_url: "https://api.fitbit.com/oauth2/token".into(),
                revoke_url: "https://api.fitbit.com/oauth2/revoke".into(),
            },
        );
        let client = Client {
            session,
            http: http.clone(),
            api_origin: "https://api.fitbit.com".into(),
        };
        let today = Date::from_unix_millis(T0, 0);
        let shown = pulsedeck::fitbit::endpoints::plan(
            &pulsedeck::layout::Layout::default().needs(false),
            &Scope::ALL,
        );
        let sent = || http.log.borrow().len();
        // Every tab reads and writes the same cache record (localStorage is shared).
        let mut rec = CacheRecord::new("U", today);
        let load = |rec: &mut CacheRecord, plan: &[Endpoint]| {
            let before = sent();
            block_on(refresh(
                &client,
                &store,
                &clock,
                rec,
                plan,
                &|_| today,
                pulsedeck::fitbit::sync::Want::Stale,
            ));
            sent() - before
        };

        let full = load(&mut rec, &Endpoint::ALL);
        let mut rec2 = CacheRecord::new("U", today);
        let before = sent();
        block_on(refresh(
            &client,
            &store,
            &clock,
            &mut rec2,
            &shown,
            &|_| today,
            pulsedeck::fitbit::sync::Want::Manual,
        ));
        let dashboard = sent() - before;
        let reload = load(&mut rec, &Endpoint::ALL);
        // The person presses Refresh seven times within a minute of the load.
        let before = sent();
        for _ in 0..7 {
            clock.advance(8_000);
            block_on(refresh(
                &client,
                &store,
                &clock,
                &mut rec,
                &shown,
                &|_| today,
                pulsedeck::fitbit::sync::Want::Manual,
            ));
        }
        let clicks = sent() - before;
        // Three tabs open at once: the first loads, the other two paint from the shared cache.
        let tabs_open = load(&mut rec, &Endpoint::ALL) + load(&mut rec, &Endpoint::ALL);
        // One leader tab refreshes every POLL_MINUTES; the others receive its results.
        let mut hour = 0;
        let mut later_hour = 0;
        for k in 1..=(120 / POLL_MINUTES) {
            clock.advance(POLL_MINUTES * MINUTE);
            let n = load(&mut rec, &Endpoint::ALL);
            if k * POLL_MINUTES < 60 {
                hour += n;
            } else if k * POLL_MINUTES >= 60 && k * POLL_MINUTES < 120 {
                later_hour += n;
            }
        }
        println!("\nFitbit requests (simulated with the app's planner and freshness rules, every scope granted):");
        println!("  cold load, every endpoint the data layer knows       {full:>4}  (limit: 18, no duplicates)");
        println!("  cold load, every widget shown (the default)          {dashboard:>4}");
        println!("  reload within the freshness window                   {reload:>4}");
        println!("  two more tabs opened right after                     {tabs_open:>4}");
        println!("  Refresh pressed 7 times in the minute after a load   {clicks:>4}");
        println!(
            "  first hour, 3 tabs, auto-refresh every {POLL_MINUTES} min      {:>4}  (budget: 150)",
            full + hour
        );
        println!(
            "  each later hour, 3 tabs, auto-refresh every {POLL_MINUTES} min {later_hour:>4}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_input() {
        let data = vec![b'a'; 10_000];
        let n = gzip_len(&data);
        assert!(n > 0 && n < 200, "{n}");
    }
}
