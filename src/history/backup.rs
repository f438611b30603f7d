//! A backup of everything the one history keeps, and its restore. The file is a zip (any tool
//! opens it): `pulsedeck-backup.json`, the header, then one entry per stored part,
//! `store/<key>`, holding the part's text exactly as the store keeps it (each value with its
//! source; the store's own `meta` part says the parts' schema version). README ("Your data in
//! this browser") documents it.
//!
//! A restore merges the backup into what is stored under the one precedence rule (as the
//! stores of earlier versions were adopted): the same backup again changes nothing, and a
//! backup never removes what the store holds beyond it.

use super::person::{self, ME};
use super::store::{self, Parts, StoreError};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The header's entry name, and what it says the file is.
pub const HEADER: &str = "pulsedeck-backup.json";
pub const FORMAT: &str = "pulsedeck-backup";
/// The backup format this version writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// Each stored part's entry: `store/` and its key.
const PARTS: &str = "store/";

/// Why a file cannot be restored (nothing is changed).
#[derive(Clone, Debug, PartialEq)]
pub enum BackupError {
    /// Its header is missing or not pulsedeck's.
    NotABackup,
    /// Written by a newer pulsedeck, in a format this one does not know.
    Newer(u32),
    /// A part is not text, or the store it holds is of a newer schema.
    Damaged(String),
}

/// What a backup holds: when it was made, and the stored parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub created: String,
    pub parts: Vec<(String, String)>,
}

/// The zip entries of a backup of `parts` (every key of the store), made at `created`
/// (RFC 3339, UTC), by pulsedeck `app` (its version).
pub fn entries(parts: &[(String, String)], created: &str, app: &str) -> Vec<(String, Vec<u8>)> {
    let header = format!(
        "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"created\":{},\"app\":{},\"store_version\":{},\"parts\":{}}}",
        serde_json::to_string(created).expect("text"),
        serde_json::to_string(app).expect("text"),
        store::VERSION,
        parts.len()
    );
    std::iter::once((HEADER.to_string(), header.into_bytes()))
        .chain(
            parts
                .iter()
                .map(|(k, v)| (format!("{PARTS}{k}"), v.as_bytes().to_vec())),
        )
        .collect()
}

/// Reads a backup from its header's text and its `store/…` entries (other entries are left
/// alone: a later version may add some).
pub fn read(
    header: &str,
    entries: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<Backup, BackupError> {
    let m = crate::jsontext::Members::new(header).ok_or(BackupError::NotABackup)?;
    if m.get::<String>("format").as_deref() != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    let version: u32 = m.get("version").ok_or(BackupError::NotABackup)?;
    if version > VERSION {
        return Err(BackupError::Newer(version));
    }
    let mut parts = Vec::new();
    for (name, bytes) in entries {
        let Some(key) = name.strip_prefix(PARTS) else {
            continue;
        };
        let text = String::from_utf8(bytes).map_err(|_| BackupError::Damaged(name.clone()))?;
        parts.push((key.to_string(), text));
    }
    Ok(Backup {
        created: m.get("created").unwrap_or_default(),
        parts,
    })
}

/// A backup's parts, read as a store.
struct InMemory(RefCell<BTreeMap<String, String>>);

impl Parts for InMemory {
    async fn read(&self, prefix: &str) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .0
            .borrow()
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }
    async fn write(&self, _: Vec<(String, String)>) -> Result<(), StoreError> {
        Err(StoreError::Other("a backup is read, never written".into()))
    }
    async fn delete(&self, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Merges `backup` into the person's store `p` (call under [`person::Person::lock`]): every
/// value under the one precedence rule, each source's record where the store has none.
/// `Err(Newer)`: the backup's parts are of a newer schema than this version reads.
pub async fn restore(p: &impl Parts, backup: Backup) -> Result<(), StoreError> {
    let from = InMemory(RefCell::new(backup.parts.into_iter().collect()));
    person::merge_into_me(p, &from, ME.prefix).await
}

#[cfg(test)]
mod tests;
