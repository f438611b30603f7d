//! What an import says: its summary, and why files could not be read or stored.

use super::{BLOCKED, NEWER_OPEN};

/// What went wrong with one file of an export, in the import summary or as the reason an
/// import stopped (with the next step).
pub fn zip_problem(e: &crate::takeout::zip::ZipError) -> String {
    use crate::takeout::zip::ZipError::*;
    match e {
        NotZip => "This is not a zip file (or only the start of one, cut short). Choose the complete .zip files: your export's parts, or a pulsedeck backup.".into(),
        Truncated => "This zip file is incomplete (its download was cut short). Download that part of your export again, then import it.".into(),
        Spanned => "This zip is spread over several files in a way Takeout never does. Export again from takeout.google.com as .zip.".into(),
        Encrypted(f) => format!("\"{f}\" is password-protected, so it cannot be read. Export again without encryption."),
        Method(f, m) => format!("\"{f}\" is compressed in a way pulsedeck cannot read (method {m}). Export again from takeout.google.com as .zip."),
        Corrupt(f) => format!("\"{f}\" is damaged (its data does not check out). Download that part of your export again."),
        TooLarge(f) => format!("\"{f}\" would unpack to far more than any export file; it was left out."),
        Read(why) => format!("The browser could not read the file ({why}). Choose it again."),
    }
}

pub const NOT_AN_EXPORT: &str = "These files hold no Fitbit or Google Health data. At takeout.google.com, choose \"Fitbit\" (or \"Google Health\"), export as .zip, and open the files you receive.";

pub const TGZ_EXPORT: &str = "pulsedeck reads .zip exports, not .tgz. At takeout.google.com, choose \"File type: .zip\" and export again (or unpack the .tgz and zip its Takeout folder).";

/// Why an import's data could not be stored (nothing was changed).
pub fn import_store_problem(e: &crate::history::store::StoreError) -> String {
    use crate::history::store::StoreError::*;
    match e {
        Quota => "The browser has no room left to store this export. Free some space (or delete data kept by other sites), then import again. Nothing was changed.".into(),
        Unavailable => "This browser does not let pulsedeck store data (a private window, or storage turned off). Allow storage for this site, then import again.".into(),
        Newer => "A newer pulsedeck is open in another tab and keeps your data in a newer shape: reload this tab, then import again. Nothing was changed.".into(),
        Blocked => BLOCKED.into(),
        Other(why) => format!("The export could not be stored ({why}). Nothing was changed; try again."),
    }
}

/// Why a refresh's data could not be kept (what was stored before stays).
pub fn store_problem(e: &crate::history::store::StoreError) -> String {
    use crate::history::store::StoreError::*;
    match e {
        Quota => "The browser has no room left to keep new data. Free some space, then refresh. What was kept before is shown.".into(),
        Unavailable => {
            "This browser does not let pulsedeck keep data (a private window, or storage turned off). Allow storage for this site, then reload.".into()
        }
        Newer => NEWER_OPEN.into(),
        Blocked => BLOCKED.into(),
        Other(why) => format!("New data could not be kept ({why}). What was kept before is shown; try again."),
    }
}

/// The lines of an import's summary.
pub fn import_summary(s: &crate::takeout::Summary) -> Vec<String> {
    let mut out = Vec::new();
    match (s.first, s.last) {
        (Some(a), Some(b)) => out.push(format!(
            "Imported {} files: data from {} to {}.",
            s.files,
            a.short_label_y(),
            b.short_label_y()
        )),
        _ => out.push(format!(
            "Read {} files, but found no daily values in them.",
            s.files
        )),
    }
    let days: Vec<String> = crate::takeout::days_by_label(s)
        .iter()
        .map(|(label, n)| format!("{label}: {n} days"))
        .collect();
    if !days.is_empty() {
        out.push(format!("{}.", days.join(", ")));
    }
    if s.nights + s.exercises + s.curve_days > 0 {
        out.push(format!(
            "{} nights of sleep, {} exercises, {} days of heart rate or steps through the day.",
            s.nights, s.exercises, s.curve_days
        ));
    }
    if !s.zone.is_empty() {
        out.push(format!(
            "Times stamped in UTC were placed in the time zone {}. If you lived in another, choose it below: the export's days are placed again, not added to.",
            s.zone
        ));
    }
    out.push("Where the export holds a metric twice (the older JSON files and the newer CSV files), one copy was used for the whole export, never both added up; a day that Fitbit or Google Health gave live keeps that value.".into());
    if !s.private.is_empty() {
        out.push(format!(
            "Skipped without opening (personal details): {}.",
            s.private.join(", ")
        ));
    }
    if !s.dropped.is_empty() {
        let d: Vec<String> = s
            .dropped
            .iter()
            .map(|(why, n)| format!("{n} × {why}"))
            .collect();
        out.push(format!("Left out as not valid: {}.", d.join("; ")));
    }
    for p in &s.problems {
        out.push(format!("Not read: {}: {}", p.file, p.why));
    }
    out
}

pub const IMPORT_CRASHED: &str = "The import stopped unexpectedly. Nothing was changed; try again (with fewer files at once if it happens again).";
/// A backup chosen together with other files.
pub const BACKUP_ALONE: &str = "A pulsedeck backup is restored on its own: choose it alone (then your export's files, if you meant to import them too). Nothing was changed.";

/// A file that holds a backup's header but not one pulsedeck can read.
pub const NOT_A_BACKUP: &str = "This file is not a pulsedeck backup pulsedeck can read. Choose the .zip that \"Download a backup\" saved. Nothing was changed.";

/// Why a backup cannot be restored (nothing was changed).
pub fn backup_problem(e: &crate::history::backup::BackupError) -> String {
    use crate::history::backup::BackupError::*;
    match e {
        NotABackup => NOT_A_BACKUP.into(),
        Newer(v) => format!("This backup was made by a newer pulsedeck (format {v}). Reload pulsedeck to get the newest version, then restore it again. Nothing was changed."),
        Damaged(part) => format!("This backup is damaged ({part} cannot be read). Restore another copy. Nothing was changed."),
    }
}

/// What a restore says when it ends.
pub fn restored(created: &str, parts: usize) -> Vec<String> {
    let when = created.get(..10).unwrap_or(created);
    vec![format!("Restored your backup of {when}: its {parts} parts were merged into this history (where both hold a day, the one precedence rule chooses; nothing was removed).")]
}

/// The worker writing a backup or the full-history files failed or never started.
pub const FILE_NOT_WRITTEN: &str = "The file could not be written (its worker stopped or did not load: is this device offline?). Nothing was changed; try again.";

/// Said after any import or restore that failed: nothing of it was stored.
pub fn failed(message: &str) -> String {
    if message.contains("Nothing was changed") {
        message.to_string()
    } else {
        format!("{message} Nothing was changed.")
    }
}

/// The person chose not to add an export that may be someone else's.
pub const NOT_MERGED: &str = "The export was not added. Nothing was changed.";

/// An export whose trackers share none with those of the export already here.
pub fn someone_else(here: &[String], theirs: &[String]) -> String {
    format!(
        "This export may be someone else's: its trackers ({}) are not those of the export already in this history ({}). Added, its days join yours, and where both have a day the newer import's value is shown.",
        theirs.join(", "),
        here.join(", ")
    )
}

pub const IMPORT_CANCELLED: &str = "Import cancelled. Nothing was changed.";
pub const IMPORT_DID_NOT_START: &str = "The import could not start: its reader did not load (is this device offline?). Nothing was changed; connect and try again.";

/// A zone chosen after the export's files are gone (a reload): the next import uses it.
pub const ZONE_NEEDS_FILES: &str = "Saved for your next import. pulsedeck reads your files but never keeps them: choose the export's files again to place the days already imported in this zone.";

/// The insights' worker stopped or did not load.
pub const INSIGHTS_NOT_WORKED_OUT: &str = "The insights could not be worked out (their worker stopped or did not load: is this device offline and the app not yet kept?). Your data is unchanged; try again.";
