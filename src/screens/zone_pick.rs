//! The time zone an export's UTC stamps are placed in, as the person chooses it (the import's
//! summary and Sources show it).

use crate::screens::import::ImportCtl;
use leptos::prelude::*;

/// The time zone an export's UTC stamps are placed in: changing it places the days of this
/// tab's imports again at once, or (their files no longer held) says to choose them again. The
/// list of every zone (hundreds of options) is drawn only when asked for: drawn with the
/// summary, it made a main-thread task of 90 ms.
#[component]
pub fn ZonePick(ctl: ImportCtl, id: &'static str) -> impl IntoView {
    let current = ctl.zone.get_untracked();
    let open = RwSignal::new(false);
    let label = format!("Time zone for the export's UTC times: {current}");
    let chosen = current.clone();
    view! {
        <details class="zone-pick" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{label}" (change)"</summary>
            {move || open.get().then(|| {
                let zones = crate::takeout::zone::known_zones();
                let current = current.clone();
                view! {
                    <label for=id>"Time zone"</label>
                    " "
                    <select id=id on:change=move |ev| ctl.place_in(event_target_value(&ev))
                        disabled=move || ctl.busy()>
                        {zones.into_iter().map(|z| {
                            let (selected, label) = (z == current, z.clone());
                            view! { <option value=z selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                }
            })}
            {move || (!ctl.holds_files() && ctl.zone.get() != chosen)
                .then(|| view! { <span class="hint" role="status">{crate::words::ZONE_NEEDS_FILES}</span> })}
        </details>
    }
}
