//! The importer's run: every job not a helper's read, the helpers' shares added, then the
//! history written once, in one transaction, under the writers' lock.

use super::files::{next_message, open, problem};
use super::share::add_share;
use super::{post, stat, Every100ms};
use crate::date::Date;
use crate::history::store::{self, StoreError};
use crate::history::History;
use crate::model::Origin;
use crate::takeout::zone::Placing;
use crate::takeout::{plan, Import};
use js_sys::Reflect;
use web_sys::{File, MessagePort};

pub(super) async fn run(
    files: Vec<File>,
    today: Date,
    zone: String,
    helpers: Vec<MessagePort>,
) -> Result<(Vec<String>, bool), String> {
    let started = js_sys::Date::now();
    let (blobs, dirs) = open(files)?;
    // A backup of pulsedeck's own is restored the way an export is imported.
    if let Some((at, header)) = super::backup::find(&dirs)? {
        return Ok((
            super::backup::restore(&blobs, &dirs, at, header).await?,
            true,
        ));
    }
    let p = plan(&dirs);
    if p.health_entries == 0 {
        return Err(crate::words::NOT_AN_EXPORT.into());
    }
    // The helpers' jobs, when there are any; their progress goes to the page directly.
    let who = crate::takeout::split(&p, 1 + helpers.len());
    let (mut imp, (mut zone, zone_name), mut every) =
        (Import::new(today), Placing::new(&zone), Every100ms(0.0));
    let (mut done, mut count) = (0u64, 0u32);
    for (i, job) in p.jobs.iter().enumerate().filter(|(i, _)| who[*i] == 0) {
        every.post(|| {
            vec![
                ("bytes", (done as f64).into()),
                ("total", (p.bytes as f64).into()),
                ("files", count.into()),
                ("of", (p.jobs.len() as f64).into()),
                ("family", job.family.label().into()),
            ]
        });
        if i % 64 == 0 {
            stat("files", i as f64);
        }
        let b = &blobs[job.archive];
        imp.run(job, b, &mut zone).map_err(|e| problem(b, &e))?;
        done += job.entry.size;
        count += 1;
    }
    // Time spent waiting for the helpers to finish their shares (the benchmark's view of the split).
    let (waiting, mut helpers_memory) = (js_sys::Date::now(), 0.0);
    for port in &helpers {
        let share = next_message(port).await;
        helpers_memory += Reflect::get(&share, &"wasm_memory_bytes".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        add_share(&mut imp, &share)?;
    }
    stat("starved_ms", js_sys::Date::now() - waiting);
    stat("helper_wasm_memory_bytes", helpers_memory);
    // All read (the page adds the helpers' last reports, and keeps the sum within the total).
    post(
        "progress",
        &[
            ("bytes", (p.bytes as f64).into()),
            ("total", (p.bytes as f64).into()),
            ("files", (p.jobs.len() as f64).into()),
            ("of", (p.jobs.len() as f64).into()),
            ("family", "saving".into()),
        ],
    );
    let (found, mut summary) = imp.finish(&p);
    summary.zone = zone_name;
    stat("read_ms", js_sys::Date::now() - started);
    stat("unpacked_bytes", p.bytes as f64);
    confirm_whose(&found.devices).await?;
    let saving = js_sys::Date::now();
    save(&found, &summary.zone)
        .await
        .map_err(|e| crate::words::import_store_problem(&e))?;
    stat("save_ms", js_sys::Date::now() - saving);
    Ok((crate::words::import_summary(&summary), false))
}

/// An export that may be someone else's is not merged silently: the person is asked (no lock
/// is held meanwhile; the save reads the store again under it). `Err`: they said no.
pub(super) async fn confirm_whose(found: &[crate::model::Device]) -> Result<(), String> {
    if let Some((here, theirs)) = stored_trackers()
        .await
        .and_then(|stored| crate::takeout::whose::someone_else(&stored, found))
    {
        let list = |v: Vec<String>| {
            v.into_iter()
                .map(js_sys::JsString::from)
                .collect::<js_sys::Array>()
        };
        post(
            "ask",
            &[("here", list(here).into()), ("theirs", list(theirs).into())],
        );
        if !super::answer().await {
            return Err(crate::words::NOT_MERGED.into());
        }
    }
    Ok(())
}

/// The trackers of the export already in this history (None: none stored, or unreadable).
async fn stored_trackers() -> Option<Vec<crate::model::Device>> {
    use crate::history::store::Parts;
    let parts = crate::history::idb::shared().await.ok()?;
    let key = format!(
        "{}/live/{}",
        crate::history::person::ME.prefix,
        store::origin_key(Origin::Archive)
    );
    let records = parts.read(&key).await.ok()?;
    let (_, record) = records.into_iter().find(|(k, _)| *k == key)?;
    Some(crate::takeout::record::trackers(Some(&record)))
}

/// Adds what was found to the stored history: read, merged, written in one transaction, under
/// the lock every writer of this person's store takes.
async fn save(found: &crate::takeout::agg::Found, zone: &str) -> Result<(), StoreError> {
    let person = crate::history::person::ME.prefix;
    let (found, zone) = (found.clone(), zone.to_string());
    crate::history::idb::locked(async move |parts| {
        let loaded = store::load_parts(&parts, person).await?;
        if loaded.newer {
            return Err(StoreError::Newer);
        }
        let record = crate::takeout::record::after_import(
            loaded.live(Origin::Archive),
            &found.devices,
            &zone,
            js_sys::Date::now() as i64,
        );
        let mut h: History = loaded.history;
        // Every month of curves the import touches, so rewriting a month keeps its other days.
        let mut months: Vec<Date> = found
            .curves
            .keys()
            .map(|(_, d)| Date::from_ymd(d.ymd().0, d.ymd().1, 1).expect("valid"))
            .collect();
        months.sort();
        months.dedup();
        store::load_curve_months(&parts, person, &mut h, &months).await?;
        h.absorb_found(Origin::Archive, &found);
        store::save(&parts, person, &mut h, Some((Origin::Archive, record))).await
    })
    .await
}
