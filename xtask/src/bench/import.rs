//! An import of a generated three-year export with 5-second heart rate, through the app, and
//! the Python importers on the same archive for comparison.

use super::ImportFigures;
use crate::run;
use crate::tools::{self, Toolchain};
use std::path::Path;

/// Generates the export, imports it in Chromium (tools/import-bench.js) and prints the figures.
pub fn run(tc: &Toolchain, dist: &Path, with_python: bool) -> Result<ImportFigures, String> {
    let (dir, spec) = export()?;
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/import-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("EXPORT", &dir);
    let (ok, lines) = run::tee(&mut node, "import bench")?;
    let (r, _) = super::node_result(&lines, "import bench", ok)?;
    let got = print(&r);
    if with_python {
        python_importers(&dir, &spec)?;
    }
    Ok(got)
}

/// Writes the benchmark's export (`target/bench-takeout`); returns where, and its spec.
pub fn export() -> Result<(std::path::PathBuf, pulsedeck::takeout::gen::Spec), String> {
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
        tracker: pulsedeck::takeout::gen::TRACKER,
    };
    crate::takeout::write(&dir, &spec)?;
    Ok((dir, spec))
}

/// Prints the import's figures (sizes, times against the inflate-only floors, memory, the
/// longest main-thread task) and returns those with goals.
fn print(r: &serde_json::Value) -> ImportFigures {
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
    ImportFigures {
        ratio: f("import_ms") / f("floor_ms"),
        peak_mb: mb(f("worker_wasm_bytes") + f("page_heap_bytes")),
        longest_task_ms: f("longest_task_ms"),
    }
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
