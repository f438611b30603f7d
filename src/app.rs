//! The app shell: header, main area, footer, and the data the screens share.

use crate::date::Date;
use crate::demo;
use crate::model::{Origin, Snapshot};
use crate::scope::Scope;
use crate::screens::dashboard::Dashboard;
use crate::units::UnitPrefs;
use leptos::prelude::*;

/// Today's date on this device's clock, in its local time zone.
fn device_today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid"))
}

#[component]
pub fn App() -> impl IntoView {
    let snapshot = RwSignal::new(demo::snapshot(device_today()));
    let prefs = RwSignal::new(UnitPrefs::default());
    // The demo shares everything.
    let granted = RwSignal::new(Scope::ALL.to_vec());
    let is_demo = move || snapshot.with(|s: &Snapshot| s.origin == Origin::Demo);

    view! {
        <a class="skip-link" href="#main">"Skip to the dashboard"</a>
        <header class="topbar">
            <div class="brand">
                <img src="icon.svg" alt="" width="28" height="28"/>
                <span class="brand-name">"pulsedeck"</span>
            </div>
            <Show when=is_demo>
                <span class="badge demo" role="note">"Demo data"</span>
            </Show>
        </header>
        <main id="main" tabindex="-1">
            <Show when=is_demo>
                <div class="banner demo-banner" role="region" aria-label="About the demo">
                    <p>
                        <strong>"This is a demo"</strong>
                        " of a made-up person's month, so you can see what pulsedeck shows. "
                        "Connecting your own Fitbit account is coming next."
                    </p>
                </div>
            </Show>
            <h1 class="sr-only">"Your health dashboard"</h1>
            <Dashboard snapshot=snapshot.into() prefs=prefs.into() granted=granted.into()/>
        </main>
        <footer class="footer">
            <p>"Your data goes only from Fitbit to this browser. No server, no tracking, no third parties."</p>
        </footer>
    }
}
