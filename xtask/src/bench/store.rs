//! The history store with five years of everything: its size, and how fast the dashboard
//! (and the year heatmap) paint from it in Chromium with the network to Fitbit cut.

use crate::run;
use crate::tools::{self, Toolchain};
use futures::executor::block_on;
use pulsedeck::env::KvStore;
use pulsedeck::fitbit::auth::tokens;
use pulsedeck::fitbit::sync::CacheRecord;
use pulsedeck::history::{sample, store};
use pulsedeck::model::Origin;
use pulsedeck::testing::{json, MemParts, MemStore};
use std::path::Path;

/// Writes a store of `years` of everything (what a Fitbit person who kept pulsedeck that long
/// holds) as the paint benchmark's seed, `target/<name>`; returns its path, bytes and parts.
pub fn seed(years: i32, name: &str) -> Result<(std::path::PathBuf, usize, usize), String> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_millis() as i64;
    let today = pulsedeck::date::Date::from_unix_millis(now, 0);
    let mut h = sample::years(today, years, Origin::Fitbit);
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
    let t = tokens::parse_token_response(json(200, body), "BENCHCLIENT", now, &Default::default())
        .map_err(|e| format!("{e:?}"))?;
    tokens::save(&local, &t)?;
    let seed = serde_json::json!({
        "parts": parts.keys().iter().map(|k| (k.clone(), parts.get(k).unwrap_or_default())).collect::<Vec<_>>(),
        "local": [[tokens::TOKENS_KEY, local.get(tokens::TOKENS_KEY).unwrap_or_default()]],
    });
    let path = tools::root().join("target").join(name);
    std::fs::write(&path, seed.to_string()).map_err(|e| e.to_string())?;
    Ok((path, bytes, n))
}

/// tools/paint-bench.js on `store` with the CPU slowed `cpu` times: its figures, and its line.
pub fn paint_bench(
    tc: &Toolchain,
    dist: &Path,
    store: &Path,
    cpu: u32,
) -> Result<(serde_json::Value, String), String> {
    let what = if cpu > 1 {
        "phone paint bench"
    } else {
        "paint bench"
    };
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/paint-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("STORE", store)
        .env("CPU", cpu.to_string());
    let (ok, lines) = run::tee(&mut node, what)?;
    super::node_result(&lines, what, ok)
}

/// Returns the warm paint (ms after navigation, median of 3).
pub fn print(tc: &Toolchain, dist: &Path) -> Result<f64, String> {
    let (path, bytes, n) = seed(5, "bench-store.json")?;
    println!(
        "\nHistory store, 5 years of all {} daily metrics, sleep, exercises and 5-minute curves:",
        pulsedeck::model::Metric::ALL.len()
    );
    println!(
        "  {n} parts, {:.1} MiB as stored (JSON text)",
        bytes as f64 / 1048576.0
    );
    let (r, last) = paint_bench(tc, dist, &path, 1)?;
    println!("  dashboard painted from it: {} ms after navigation (first load, wasm compiled); warm (median of 3): figures {} ms (the frame's last headlines), the app's own {} ms", r["first"], r["warm_median"], r["app_median"]);
    println!(
        "  layout shift on those loads (most of one): {:.3}",
        r["cls_max"].as_f64().unwrap_or(f64::NAN)
    );
    println!(
        "  year heatmap of History drawn: {} ms (median)",
        r["heatmap_median"]
    );
    println!(
        "  Chromium's storage estimate for the origin: {:.1} MiB",
        r["idb_usage"].as_f64().unwrap_or(0.0) / 1048576.0
    );
    let warm = r["warm_median"]
        .as_f64()
        .ok_or_else(|| format!("paint bench: no warm figure in {last}"))?;
    backup(tc, dist, &path)?;
    Ok(warm)
}

/// A backup of the same store written and restored in Chromium (goal: under 15 MB, written
/// in under 2 s, restored no slower than importing the same days; no task over 50 ms).
fn backup(tc: &Toolchain, dist: &Path, store: &Path) -> Result<(), String> {
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/backup-bench.js"])
        .env("PULSEDECK_DIST", dist)
        .env("STORE", store);
    let (ok, lines) = run::tee(&mut node, "backup bench")?;
    let (r, _) = super::node_result(&lines, "backup bench", ok)?;
    let mb = r["backup_bytes"].as_f64().unwrap_or(0.0) / 1e6;
    println!(
        "  backup of it: {mb:.1} MB (goal under 15), written in {} ms (goal under 2000), longest task {} ms",
        r["backup_ms"], r["backup_longest_task_ms"]
    );
    println!(
        "  restored in a fresh profile: {} ms, longest task {} ms (goal: none over 50)",
        r["restore_ms"], r["restore_longest_task_ms"]
    );
    Ok(())
}
