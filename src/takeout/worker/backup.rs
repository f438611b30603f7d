//! Backups in the import worker (where the zip reader and writer already are, off the page's
//! thread): writing one from the store, and restoring one, which an import of the backup's
//! file is (the same worker, progress, Cancel, all or nothing).

use super::files::{problem, Archive};
use super::{post, Every100ms};
use crate::history::backup::{self, HEADER};
use crate::history::person::ME;
use crate::history::store::Parts;
use crate::takeout::zip::{self, Entry, Limits};

/// A backup's parts compress far better than an export's files (their rows repeat).
const LIMITS: Limits = Limits {
    entry_bytes: 512 << 20,
    ratio: 2000,
};

/// The archive holding a backup's header, if one of the person's files is a backup; `Err`
/// when it came with other files (a backup is restored alone, never half of a choice).
pub(super) fn find(dirs: &[Vec<Entry>]) -> Result<Option<(usize, &Entry)>, String> {
    let found = dirs
        .iter()
        .enumerate()
        .find_map(|(i, d)| d.iter().find(|e| e.name == HEADER).map(|e| (i, e)));
    match found {
        Some(_) if dirs.len() > 1 => Err(crate::words::BACKUP_ALONE.into()),
        found => Ok(found),
    }
}

/// Restores the backup in archive `at` (its header `header`): every part read, checked, then
/// merged into the store in one transaction under the writers' lock.
pub(super) async fn restore(
    blobs: &[Archive],
    dirs: &[Vec<Entry>],
    at: usize,
    header: &Entry,
) -> Result<Vec<String>, String> {
    let b = &blobs[at];
    let text = |e: &Entry| zip::extract(b, e, LIMITS).map_err(|err| problem(b, &err));
    let head =
        String::from_utf8(text(header)?).map_err(|_| crate::words::NOT_A_BACKUP.to_string())?;
    let total: u64 = dirs[at].iter().map(|e| e.size).sum();
    let (mut done, mut every, mut entries) = (0u64, Every100ms(0.0), Vec::new());
    let of = dirs[at].len() as f64;
    for e in dirs[at].iter().filter(|e| !e.is_dir() && e.name != HEADER) {
        every.post(|| {
            vec![
                ("bytes", (done as f64).into()),
                ("total", (total as f64).into()),
                ("files", (entries.len() as f64).into()),
                ("of", of.into()),
                ("family", "your backup".into()),
            ]
        });
        entries.push((e.name.clone(), text(e)?));
        done += e.size;
    }
    let backup = backup::read(&head, entries).map_err(|e| crate::words::backup_problem(&e))?;
    // A backup of someone else's history (its export's trackers share none with ours) is
    // asked about, as their export would be.
    let archive = format!("{}/live/archive", ME.prefix);
    let theirs = backup
        .parts
        .iter()
        .find(|(k, _)| *k == archive)
        .map(|(_, v)| crate::takeout::record::trackers(Some(v)))
        .unwrap_or_default();
    super::run::confirm_whose(&theirs).await?;
    let (created, parts) = (backup.created.clone(), backup.parts.len());
    post(
        "progress",
        &[
            ("bytes", (total as f64).into()),
            ("total", (total as f64).into()),
            ("family", "saving".into()),
        ],
    );
    crate::history::idb::locked(async move |p| backup::restore(&p, backup).await)
        .await
        .map_err(|e| crate::words::import_store_problem(&e))?;
    Ok(crate::words::restored(&created, parts))
}

/// A backup of everything stored, as a zip's bytes, and how many parts it holds.
pub(super) async fn write() -> Result<(Vec<u8>, usize), String> {
    let p = crate::history::idb::shared()
        .await
        .map_err(|e| crate::words::store_problem(&e))?;
    // One read: one transaction, so a consistent copy while other tabs write.
    let parts = p
        .read(ME.prefix)
        .await
        .map_err(|e| crate::words::store_problem(&e))?;
    let created = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let entries = backup::entries(&parts, &created, env!("CARGO_PKG_VERSION"));
    let bytes = zip::write::zip(
        &entries,
        &zip::write::Options {
            deflate: true,
            zip64: false,
        },
    );
    Ok((bytes, parts.len()))
}

/// Everything stored as files for a spreadsheet or another app (see `history::tables`), as a
/// zip's bytes, and how many files it holds.
pub(super) async fn tables() -> Result<(Vec<u8>, usize), String> {
    let p = crate::history::idb::shared()
        .await
        .map_err(|e| crate::words::store_problem(&e))?;
    let loaded = crate::history::store::load_parts(&p, ME.prefix)
        .await
        .map_err(|e| crate::words::store_problem(&e))?;
    let files = crate::history::tables::files(&loaded.history);
    let bytes = zip::write::zip(
        &files,
        &zip::write::Options {
            deflate: true,
            zip64: false,
        },
    );
    Ok((bytes, files.len()))
}

/// Answers the page's `{backup: true}` or `{tables: true}`: `{type: "file", bytes, parts}`
/// (the bytes transferred, not copied), or `{type: "failed", message}`.
pub(super) async fn send(tables_only: bool) {
    let made = if tables_only {
        tables().await
    } else {
        write().await
    };
    match made {
        Ok((bytes, parts)) => {
            let bytes = js_sys::Uint8Array::from(&bytes[..]);
            let o = js_sys::Object::new();
            for (k, v) in [
                ("type", wasm_bindgen::JsValue::from("file")),
                ("bytes", bytes.clone().into()),
                ("parts", (parts as f64).into()),
            ] {
                let _ = js_sys::Reflect::set(&o, &k.into(), &v);
            }
            let _ =
                super::scope().post_message_with_transfer(&o, &js_sys::Array::of1(&bytes.buffer()));
        }
        Err(message) => post("failed", &[("message", message.into())]),
    }
}
