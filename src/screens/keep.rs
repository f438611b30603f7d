//! "Your data in this browser": whether the browser keeps it for good, how much it uses, the
//! last backup, "Download a backup" and restoring one (a backup's file goes through the import,
//! so it can also be dropped anywhere). Pure view: the app gives it figures and actions.

use leptos::prelude::*;

/// What the browser says of pulsedeck's storage, and the last backup.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    /// `storage.persisted()` (None: the browser cannot say).
    pub persisted: Option<bool>,
    /// Bytes used and allowed (`storage.estimate()`).
    pub usage: Option<(f64, f64)>,
    /// When the last backup was saved here (ms).
    pub backup_ms: Option<i64>,
    /// WebKit in a tab (Safari, any iOS browser, GNOME Web): it deletes the data of a site not
    /// used for 7 days unless the site was added to the Home Screen (or the Dock).
    pub clears_unused: bool,
}

#[component]
pub fn Keep(
    kept: Signal<Kept>,
    busy: Signal<bool>,
    on_persist: Callback<()>,
    on_backup: Callback<()>,
    /// "Download everything": every day, session and record as CSV and JSON files.
    on_tables: Callback<()>,
    ctl: crate::screens::import::ImportCtl,
) -> impl IntoView {
    view! {
        <div class="keep">
            <h3>"Your data in this browser"</h3>
            <p class="hint" role="status">{move || crate::words::kept(&kept.get())}</p>
            {move || (kept.with(|k| k.persisted == Some(false))).then(|| view! {
                <button type="button" class="secondary" on:click=move |_| on_persist.run(())>"Keep it for good"</button>
            })}
            <div class="actions">
                <button type="button" class="primary" id="backup-download" disabled=move || busy.get()
                    on:click=move |_| on_backup.run(())>"Download a backup"</button>
                <crate::screens::import::ImportPick ctl=ctl id="sources-restore-files" label="Restore a backup…"/>
                <button type="button" class="secondary" id="tables-download" disabled=move || busy.get()
                    on:click=move |_| on_tables.run(())>"Download everything (CSV and JSON)"</button>
            </div>
            <p class="hint">{crate::words::BACKUP_WHAT}</p>
            <p class="hint">{crate::words::TABLES_WHAT}</p>
        </div>
    }
}
