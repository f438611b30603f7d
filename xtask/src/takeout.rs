//! Generated Takeout exports on disk: for the end-to-end tests (small, quick) and the
//! benchmark (years of 5-second heart rate). Each folder holds the zip parts and
//! `expected.json`, the values the generator says it encoded (see `pulsedeck::takeout::gen`).

use pulsedeck::date::Date;
use pulsedeck::takeout::gen::{generate, Expected, Spec, Vintage};
use std::path::Path;

fn expected_json(e: &Expected, spec: &Spec, zips: &[(String, u64)]) -> String {
    serde_json::json!({
        "offset_h": spec.offset_h,
        "first": spec.end.add_days(1 - spec.days as i32),
        "last": spec.end,
        "files": zips.iter().map(|(name, bytes)| serde_json::json!({ "name": name, "bytes": bytes })).collect::<Vec<_>>(),
        "unpacked_bytes": e.unpacked_bytes,
        "exercises": e.exercises,
        "nights": e.nights,
        "steps": e.steps,
        "active_minutes": e.active_minutes,
        "resting_hr": e.resting_hr,
        "minutes_asleep": e.minutes_asleep,
        "noon_bpm": e.noon_bpm,
        "readiness": e.readiness,
        "sleep_score": e.sleep_score,
        "dropped": e.dropped,
    })
    .to_string()
}

/// Writes one generated export into `dir` (emptied first).
pub fn write(dir: &Path, spec: &Spec) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (zips, expected) = generate(spec);
    let mut listed = Vec::new();
    for (name, bytes) in &zips {
        std::fs::write(dir.join(name), bytes).map_err(|e| format!("writing {name}: {e}"))?;
        listed.push((name.clone(), bytes.len() as u64));
    }
    std::fs::write(
        dir.join("expected.json"),
        expected_json(&expected, spec, &listed),
    )
    .map_err(|e| e.to_string())
}

/// The exports the end-to-end tests open (`PULSEDECK_TAKEOUT` points at their parent):
/// `legacy/` (2024 layout, one part) and `health/` (2026 layout, two parts), 120 days each,
/// `large/` (two years of 5-second heart rate, slow enough to cancel midway), and `other/`
/// (someone else's: another tracker, 40 days), and `planted/` (500 days holding what Insights
/// must find: see `plant.rs`).
pub fn e2e(root: &Path) -> Result<(), String> {
    let end = Date::from_ymd(2026, 11, 20).expect("valid");
    let base = |vintage, days, hr_every_s, parts| Spec {
        vintage,
        end,
        days,
        offset_h: -5,
        hr_every_s,
        parts,
        unworn_days: true,
        tracker: pulsedeck::takeout::gen::TRACKER,
    };
    write(&root.join("legacy"), &base(Vintage::Fitbit2024, 120, 60, 1))?;
    write(
        &root.join("health"),
        &base(Vintage::GoogleHealth2026, 120, 60, 2),
    )?;
    crate::plant::write(&root.join("planted"), end)?;
    write(
        &root.join("large"),
        &base(Vintage::GoogleHealth2026, 730, 5, 1),
    )?;
    // Someone else's export (another tracker), 40 days that overlap the others'.
    write(
        &root.join("other"),
        &Spec {
            tracker: ("1189457706", "Versa 3"),
            ..base(Vintage::GoogleHealth2026, 40, 60, 1)
        },
    )?;
    // A backup made by a newer pulsedeck (a format this one does not know).
    let newer = pulsedeck::takeout::zip::write::zip(
        &[
            (
                pulsedeck::history::backup::HEADER.into(),
                br#"{"format":"pulsedeck-backup","version":99,"created":"2031-01-01T00:00:00Z"}"#
                    .to_vec(),
            ),
            ("store/me/meta".into(), br#"{"v":99}"#.to_vec()),
        ],
        &pulsedeck::takeout::zip::write::Options {
            deflate: true,
            zip64: false,
        },
    );
    std::fs::write(root.join("backup-newer.zip"), newer).map_err(|e| e.to_string())?;
    // A zip that is not an export: another product of the same Takeout.
    let photos = pulsedeck::takeout::zip::write::zip(
        &[
            (
                "Takeout/Google Photos/IMG_0001.jpg".into(),
                vec![0xFF, 0xD8, 0xFF, 0xE0],
            ),
            (
                "Takeout/archive_browser.html".into(),
                b"<html></html>".to_vec(),
            ),
        ],
        &pulsedeck::takeout::zip::write::Options {
            deflate: true,
            zip64: false,
        },
    );
    std::fs::write(root.join("photos.zip"), photos).map_err(|e| e.to_string())
}
