//! The one person this browser keeps. Every source (an export, Fitbit, Google) attaches to
//! them: one history, each value with its source. [`Person`] names the store's prefix, the
//! lock every writer takes and the key that tells other tabs the store changed; `adopt` moves
//! the per-source stores of version 1 in; `remove` takes exactly one source's data out.

use super::store::{self, Loaded, Parts, StoreError, VERSION};
use crate::model::Origin;
use std::collections::BTreeMap;

pub struct Person {
    /// Every key of the store starts with it (`{prefix}/…`, `{prefix}#curves/…`).
    pub prefix: &'static str,
    /// The Web Lock every writer holds (a refresh of any source, an import, a removal), so a
    /// refresh in flight cannot write deleted data back.
    pub lock: &'static str,
    /// localStorage key set after each write: its `storage` event makes other tabs re-read.
    pub stored_key: &'static str,
}

/// The person.
pub const ME: Person = Person {
    prefix: "me",
    lock: "pulsedeck-history",
    stored_key: crate::keys::STORED,
};

/// The name of a version 1 store (`fitbit-ABC`, `archive-export`) a key belongs to.
fn legacy_of(key: &str) -> Option<&str> {
    let name = key.split(['/', '#']).next()?;
    let src = name.split('-').next()?;
    (name.contains('-') && Origin::ALL.into_iter().any(|o| store::origin_key(o) == src))
        .then_some(name)
}

/// The names of the version 1 stores left in `p` (none once adopted: three empty reads).
pub async fn legacy(p: &impl Parts) -> Result<Vec<String>, StoreError> {
    let mut names: Vec<String> = Vec::new();
    for src in [Origin::Fitbit, Origin::GoogleHealth, Origin::Archive] {
        for (key, _) in p.read(&format!("{}-", store::origin_key(src))).await? {
            if let Some(n) = legacy_of(&key) {
                if !names.iter().any(|x| x == n) {
                    names.push(n.to_string());
                }
            }
        }
    }
    Ok(names)
}

/// Moves the version 1 stores `names` into the person's: their values merged under the one
/// precedence rule, each source's record kept (the person's own wins), then the old stores
/// deleted. A store of a version newer than 1 is left alone. Call under [`Person::lock`].
pub async fn adopt(p: &impl Parts, names: &[String]) -> Result<(), StoreError> {
    let mut me = store::load_parts(p, ME.prefix).await?;
    if me.newer {
        return Err(StoreError::Newer);
    }
    store::load_all_curves(p, ME.prefix, &mut me.history).await?;
    let mut records: BTreeMap<String, String> = BTreeMap::new();
    let mut adopted = Vec::new();
    for name in names {
        if merge(&mut me, &mut records, p, name).await? {
            adopted.push(name.clone());
        }
    }
    save_merged(p, me, records).await?;
    for name in adopted {
        store::clear(p, &name).await?;
    }
    Ok(())
}

/// Merges the store `name` of `from` (a backup) into the person's store `p` under the one
/// precedence rule, what is stored winning every tie: a value, night or share list of the
/// same source kept here is newer than the backup's, so a restore only adds what the store
/// lacks or what a source outranks. One transaction. `Err(Newer)`: `from` is of a newer
/// schema. Call under [`Person::lock`].
pub async fn merge_into_me(
    p: &impl Parts,
    from: &impl Parts,
    name: &str,
) -> Result<(), StoreError> {
    let mut me = store::load_parts(p, ME.prefix).await?;
    if me.newer {
        return Err(StoreError::Newer);
    }
    store::load_all_curves(p, ME.prefix, &mut me.history).await?;
    let stored = std::mem::take(&mut me.history);
    let mut records = BTreeMap::new();
    // The backup first, then what is stored over it (the later write wins a tie); merged into
    // an empty history, so every part is written.
    if !merge(&mut me, &mut records, from, name).await? {
        return Err(StoreError::Newer);
    }
    me.history.merge(stored);
    save_merged(p, me, records).await
}

/// Adds the store `name` of `from` to `me`: its history merged, its records gathered where
/// `me` has none of that source. `false`: it is of a newer schema (left alone).
async fn merge(
    me: &mut Loaded,
    records: &mut BTreeMap<String, String>,
    from: &impl Parts,
    name: &str,
) -> Result<bool, StoreError> {
    let old: Loaded = store::load_parts(from, name).await?;
    if old.newer {
        return Ok(false);
    }
    let mut h = old.history;
    store::load_all_curves(from, name, &mut h).await?;
    me.history.merge(h);
    for (src, text) in old.live {
        if me.live.iter().all(|(k, _)| *k != src) {
            records.entry(src).or_insert(text);
        }
    }
    Ok(true)
}

/// Writes what [`merge`] changed, the gathered records and the schema version, in one
/// transaction.
async fn save_merged(
    p: &impl Parts,
    mut me: Loaded,
    records: BTreeMap<String, String>,
) -> Result<(), StoreError> {
    let mut puts: Vec<(String, String)> = records
        .into_iter()
        .map(|(k, v)| (format!("{}/live/{k}", ME.prefix), v))
        .collect();
    puts.push((format!("{}/meta", ME.prefix), store::meta(VERSION)));
    store::save_with(p, ME.prefix, &mut me.history, puts).await
}

/// Removes exactly what `src` gave (its values, sessions, curves, food, zones, shares and its
/// own record); every other source's data stays, and where it was outranked by `src` it shows
/// again. Call under [`Person::lock`].
pub async fn remove(p: &impl Parts, src: Origin) -> Result<(), StoreError> {
    let mut me = store::load_parts(p, ME.prefix).await?;
    if me.newer {
        return Err(StoreError::Newer);
    }
    store::load_all_curves(p, ME.prefix, &mut me.history).await?;
    me.history.remove_source(src);
    store::save(p, ME.prefix, &mut me.history, None).await?;
    p.delete(&format!("{}/live/{}", ME.prefix, store::origin_key(src)))
        .await
}

/// Deletes everything pulsedeck keeps in this store (every source, every version's stores).
pub async fn delete_everything(p: &impl Parts) -> Result<(), StoreError> {
    p.delete("").await
}
