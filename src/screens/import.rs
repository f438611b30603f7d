//! Opening an export: the steps to get one from Google Takeout, the file chooser (and a drop
//! anywhere on the page), the progress of a running import with Cancel, and its summary.

use crate::takeout::page::{self, Event, Running};
use leptos::prelude::*;
use web_sys::File;

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Idle,
    Running {
        bytes: f64,
        total: f64,
        files: u32,
        of: u32,
        family: String,
        started_ms: f64,
    },
    /// The export may be someone else's (the trackers here, and its own): add it or not.
    Asking(Vec<String>, Vec<String>),
    Done(Vec<String>),
    Failed(String),
}

/// The import of this tab: its state, and the worker while one runs.
#[derive(Clone, Copy)]
pub struct ImportCtl {
    pub state: RwSignal<State>,
    running: StoredValue<Option<Running>, LocalStorage>,
    /// Bumped when an import has written the history (the archive view reloads).
    pub imported: RwSignal<u32>,
    /// The files of this tab's imports that took (read, never kept: gone on reload), so a
    /// change of zone places all their days again at once.
    last_files: StoredValue<Vec<File>, LocalStorage>,
    /// The zone UTC stamps are placed in (the person's choice, else this browser's).
    pub zone: RwSignal<String>,
}

impl Default for ImportCtl {
    fn default() -> ImportCtl {
        ImportCtl::new()
    }
}

impl ImportCtl {
    pub fn new() -> ImportCtl {
        ImportCtl {
            state: RwSignal::new(State::Idle),
            running: StoredValue::new_local(None),
            imported: RwSignal::new(0),
            last_files: StoredValue::new_local(Vec::new()),
            zone: RwSignal::new(page::chosen_zone()),
        }
    }

    /// Whether an import runs or waits for the person's answer (another cannot start).
    pub fn busy(self) -> bool {
        matches!(self.state.get(), State::Running { .. } | State::Asking(..))
    }

    fn busy_untracked(self) -> bool {
        leptos::prelude::untrack(|| self.busy())
    }

    /// Whether this tab still holds the files of its last import.
    pub fn holds_files(self) -> bool {
        self.last_files.with_value(|f| !f.is_empty())
    }

    /// The person chose the zone an export's UTC stamps are placed in: kept for the next
    /// import, and the files of this tab's last import read again with it (their days replace
    /// the ones placed before: a file read again replaces its own shares).
    pub fn place_in(self, zone: String) {
        use crate::env::KvStore;
        if zone == crate::takeout::zone::browser_zone() {
            crate::browser::WebStorage.remove(crate::keys::EXPORT_ZONE);
        } else {
            let _ = crate::browser::WebStorage.set(crate::keys::EXPORT_ZONE, &zone);
        }
        self.zone.set(zone);
        let files = self.last_files.get_value();
        if !files.is_empty() {
            self.start(files);
        }
    }

    pub fn start(self, files: Vec<File>) {
        if self.busy_untracked() {
            return;
        }
        // A worker of an import that ended is gone already; one left over is stopped, never
        // orphaned with what it read.
        self.running.with_value(|r| {
            if let Some(r) = r {
                r.cancel();
            }
        });
        let now = js_sys::Date::now();
        let ctl = self;
        let kept = files.clone();
        let on = move |ev: Event| match ev {
            Event::Progress(page::Progress {
                bytes,
                total,
                files,
                of,
                family,
            }) => {
                ctl.state.set(State::Running {
                    bytes,
                    total,
                    files,
                    of,
                    family,
                    started_ms: now,
                });
            }
            Event::Ask(here, theirs) => ctl.state.set(State::Asking(here, theirs)),
            Event::Done(lines, restored) => {
                ask_to_keep(ctl);
                ctl.running.set_value(None);
                // The files of this tab's imports, so a new zone places all their days again;
                // a backup's days are placed already (and a new zone never re-reads it).
                ctl.last_files.update_value(|all| {
                    if restored {
                        all.clear();
                    } else {
                        for f in &kept {
                            let same = |g: &File| g.name() == f.name() && g.size() == f.size();
                            if !all.iter().any(same) {
                                all.push(f.clone());
                            }
                        }
                    }
                });
                ctl.state.set(State::Done(lines));
                ctl.imported.update(|n| *n += 1);
            }
            Event::Failed(msg) => {
                ctl.running.set_value(None);
                ctl.state.set(State::Failed(msg));
            }
        };
        let zone = self.zone.get_untracked();
        match page::start(files, crate::here::device_today(), &zone, on) {
            Ok(r) => {
                self.running.set_value(Some(r));
                self.state.set(State::Running {
                    bytes: 0.0,
                    total: 0.0,
                    files: 0,
                    of: 0,
                    family: String::new(),
                    started_ms: now,
                });
            }
            Err(msg) => self.state.set(State::Failed(msg)),
        }
    }

    /// The person's answer to "this export may be someone else's".
    pub fn answer(self, yes: bool) {
        self.running.with_value(|r| {
            if let Some(r) = r {
                r.answer(yes);
            }
        });
        // Saving, or ending: the worker says which.
        self.state.set(State::Running {
            bytes: 1.0,
            total: 1.0,
            files: 0,
            of: 0,
            family: if yes { "saving".into() } else { String::new() },
            started_ms: js_sys::Date::now(),
        });
    }

    pub fn cancel(self) {
        self.running.with_value(|r| {
            if let Some(r) = r {
                r.cancel();
            }
        });
        self.running.set_value(None);
        self.state
            .set(State::Failed(crate::words::IMPORT_CANCELLED.into()));
    }
}

/// Years of data now live here: the moment to ask the browser to keep them, once (Firefox
/// asks the person). A refusal is said in the summary, with what to do.
fn ask_to_keep(ctl: ImportCtl) {
    use crate::env::KvStore;
    let local = crate::prefs::local();
    if local.get(crate::keys::PERSIST_ASKED).is_some() {
        return;
    }
    leptos::task::spawn_local(async move {
        if crate::browser::persisted().await != Some(false) {
            return;
        }
        let _ = crate::prefs::local().set(crate::keys::PERSIST_ASKED, "1");
        if crate::browser::persist().await != Some(true) {
            ctl.state.update(|s| {
                if let State::Done(lines) = s {
                    lines.push(crate::words::PERSIST_REFUSED.into());
                }
            });
        }
    });
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// Files dropped anywhere on the page start an import (other drops are left alone).
pub fn listen_for_drops(ctl: ImportCtl) {
    listen_for_files(Callback::new(move |files| ctl.start(files)));
}

/// Files dropped anywhere on the page go to `take` (other drops are left alone).
pub fn listen_for_files(take: Callback<Vec<File>>) {
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if ev
            .data_transfer()
            .is_some_and(|d| d.types().includes(&"Files".into(), 0))
        {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        if !files.is_empty() {
            ev.prevent_default();
            take.run(files);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}

pub(crate) fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

/// "about 20 s left", once a few percent are done.
fn eta(bytes: f64, total: f64, started_ms: f64) -> Option<String> {
    let elapsed = (js_sys::Date::now() - started_ms) / 1000.0;
    (bytes > total * 0.03 && bytes > 0.0 && total > 0.0).then(|| {
        let left = elapsed * (total - bytes) / bytes;
        if left < 90.0 {
            format!("about {:.0} s left", left.max(1.0))
        } else {
            format!("about {:.0} min left", (left / 60.0).ceil())
        }
    })
}

/// The steps and the chooser (the setup screen, and "Import more" of an imported export).
#[component]
pub fn ImportStart(ctl: ImportCtl) -> impl IntoView {
    view! { <ImportSteps take=Callback::new(move |files| ctl.start(files))/> }
}

/// Just the chooser (the steps are elsewhere on the page), its input's id `id`.
#[component]
pub fn ImportPick(
    ctl: ImportCtl,
    id: &'static str,
    #[prop(default = "Choose export files")] label: &'static str,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = files_of(input.files());
        input.set_value("");
        ctl.start(files);
    };
    view! {
        <label class="file-pick">
            <span class="primary">{label}</span>
            <input type="file" id=id multiple accept=".zip,application/zip" on:change=on_change/>
        </label>
    }
}

/// The steps and the chooser, handing the chosen files to `take` (the first visit's page hands
/// them to the app it then loads).
#[component]
pub fn ImportSteps(take: Callback<Vec<File>>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = files_of(input.files());
        input.set_value("");
        take.run(files);
    };
    view! {
        <section class="setup import" aria-labelledby="import-title">
            <h2 id="import-title">"Open your Fitbit / Google Health export"</h2>
            <p>
                "Years of your data, read here in this browser: nothing is uploaded, and no account or app "
                "registration is needed."
            </p>
            <ol class="steps">
                <li>"At " <a href="https://takeout.google.com/" rel="noopener noreferrer" target="_blank">"takeout.google.com"</a>
                    ", choose \u{201c}Deselect all\u{201d}, then tick \u{201c}Fitbit\u{201d} (called \u{201c}Google Health\u{201d} since mid-2026)."</li>
                <li>"Choose \u{201c}Export once\u{201d}, file type " <strong>".zip"</strong> " and the largest size offered."</li>
                <li>"When Google's email arrives, download every part (" <code>"…-001.zip"</code> ", " <code>"…-002.zip"</code> "…). Keep them zipped."</li>
                <li>"Choose them all here, or drop them anywhere on this page. Parts can also be added one after another."</li>
            </ol>
            <label class="file-pick">
                <span class="primary">"Choose export files"</span>
                <input type="file" id="import-files" multiple accept=".zip,application/zip" on:change=on_change/>
            </label>
            <p class="hint">"Profile, location, social, purchase and menstrual-health folders are skipped without being opened."</p>
        </section>
    }
}

/// A running import, or how the last one ended.
#[component]
pub fn ImportStatus(ctl: ImportCtl) -> impl IntoView {
    move || {
        match ctl.state.get() {
        State::Idle => ().into_any(),
        State::Running { bytes, total, files, of, family, started_ms } => view! {
            <section class="banner import-progress" role="status" aria-label="Import in progress">
                <p>
                    <strong>"Importing your export"</strong>
                    {(!family.is_empty()).then(|| format!(" · reading {family}"))}
                </p>
                <progress max=total.max(1.0) value=bytes aria-label="Import progress"></progress>
                <p class="import-figures">
                    {format!("{} of {} · {files} of {of} files", mb(bytes), mb(total))}
                    {eta(bytes, total, started_ms).map(|e| format!(" · {e}"))}
                </p>
                <button type="button" class="secondary" id="import-cancel" on:click=move |_| ctl.cancel()>"Cancel"</button>
            </section>
        }
        .into_any(),
        State::Asking(here, theirs) => view! {
            <section class="banner warn import-ask" role="alertdialog" aria-label="Someone else's export?">
                <p>{crate::words::someone_else(&here, &theirs)}</p>
                <button type="button" class="primary" on:click=move |_| ctl.answer(true)>"Add it to this history"</button>
                <button type="button" class="secondary" on:click=move |_| ctl.answer(false)>"Don't add it"</button>
            </section>
        }
        .into_any(),
        State::Done(lines) => view! {
            <section class="banner import-summary" role="status" aria-label="Import finished">
                <p><strong>"Import finished"</strong></p>
                <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                {ctl.holds_files().then(|| view! { <crate::screens::zone_pick::ZonePick ctl=ctl id="import-zone"/> })}
                <button type="button" class="link" on:click=move |_| ctl.state.set(State::Idle)>"Dismiss"</button>
            </section>
        }
        .into_any(),
        State::Failed(msg) => view! {
            <section class="banner error import-failed" role="alert">
                <p>{msg}</p>
                <button type="button" class="link" on:click=move |_| ctl.state.set(State::Idle)>"Dismiss"</button>
            </section>
        }
        .into_any(),
    }
    }
}
