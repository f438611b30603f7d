//! The setup screen: the export first, then the two live sources that need a set-up of the
//! person's own, each one line until opened: the Google Health API's wizard
//! (`google_setup.rs`) and the legacy Fitbit app registration (here: how to register a Fitbit
//! app, the Redirect URL to register, the client ID, the choice of what to share, and
//! "Connect Fitbit").

use crate::env::KvStore;
use crate::fitbit::{page, settings};
use crate::here;
use crate::prefs;
use crate::scope::Scope;
use leptos::prelude::*;

/// The signed-out screen: the export first (since Fitbit's legacy API was turned off it is
/// what works for everyone), then Google Health, then Fitbit for deployments that still reach
/// its API, both closed to their summary line unless the person was using one. The app and the
/// first visit's welcome page show it; index.html's frame repeats it word for word, both
/// set-ups closed.
#[component]
pub fn SetupScreen(
    /// Export files chosen or dropped.
    take: Callback<Vec<web_sys::File>>,
    /// "Look at the demo dashboard".
    on_demo: Callback<()>,
) -> impl IntoView {
    view! {
        <h1 class="setup-heading">"Your Fitbit data, in this browser"</h1>
        // Before any set-up: what pulsedeck shows, with made-up data.
        <p class="setup-lead">
            "Just looking? " <button type="button" class="secondary" on:click=move |_| on_demo.run(())>"Look at the demo dashboard"</button>
        </p>
        <crate::screens::import::ImportSteps take=take/>
        <Folded source="google" open=entered(crate::keys::GOOGLE_CLIENT)
            title="Connect the Google Health API"
            state="Needs your own Google Cloud project; Google is not onboarding new projects (October 2026)">
            <crate::screens::google_setup::GoogleSetup/>
        </Folded>
        <Folded source="fitbit" open=entered(crate::keys::CLIENT_ID)
            title="Connect a Fitbit account" state="Legacy Web API, turned off on 2 November 2026">
            <Setup/>
        </Folded>
    }
}

/// Whether the person entered a client ID for a source in this browser (it is kept as a
/// sign-in starts): the set-up they were using, which opens by itself. A sign-in's answer, and
/// the notice it may bring, come back only after one was kept. A build's own default client ID
/// (`fitbit::settings::default_client_id`) is no such sign: everyone would see that set-up open.
fn entered(key: &str) -> bool {
    prefs::local()
        .get(key)
        .is_some_and(|id| !id.trim().is_empty())
}

/// A set-up not everyone can use: one line saying what it is and its state, until opened.
/// index.html's frame repeats the closed line (same classes, same words).
#[component]
fn Folded(
    /// `data-setup`, for styles and tests: "google" or "fitbit".
    source: &'static str,
    /// Open from the start (the person was using it).
    open: bool,
    title: &'static str,
    state: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="setup-more" data-setup=source open=open>
            <summary>
                <span class="setup-more-title">{title}</span>
                " "
                <span class="setup-more-state">{state}</span>
            </summary>
            {children()}
        </details>
    }
}

#[component]
pub fn Setup() -> impl IntoView {
    let redirect = here::redirect_uri();
    let client_id = RwSignal::new(page::saved_client_id().unwrap_or_default());
    let chosen = RwSignal::new(page::saved_scopes());
    let error = RwSignal::new(None::<String>);

    let net = crate::pwa::NeedsNetwork::here();

    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scopes = chosen.get_untracked();
        match settings::validate_client_id(&client_id.get_untracked()) {
            Err(msg) => error.set(Some(msg)),
            Ok(id) => {
                client_id.set(id.clone());
                if let Err(msg) = page::start_sign_in(&id, &scopes, false) {
                    error.set(Some(msg));
                }
            }
        }
    };

    view! {
        <section class="setup" aria-labelledby="setup-title">
            <h2 id="setup-title">"Connect your Fitbit account"</h2>
            <p>
                "pulsedeck runs entirely in this browser: your data goes from Fitbit straight to this page, "
                "with no server in between. To read it, pulsedeck needs a Fitbit app registration of your own "
                "(free, about two minutes)."
            </p>
            <ol class="steps">
                <li>
                    "Open "
                    <a href="https://dev.fitbit.com/apps/new" target="_blank" rel="noopener noreferrer">"dev.fitbit.com › Register an app"</a>
                    " and sign in with your Fitbit (Google) account."
                </li>
                <li>"Enter any name, description and website: only you will see them."</li>
                <li>
                    "Set " <strong>"OAuth 2.0 Application Type"</strong> " to " <strong>"Personal"</strong>
                    " (your own data, including minute-by-minute data) or " <strong>"Client"</strong> "."
                </li>
                <li>
                    "Set " <strong>"Redirect URL"</strong> " to exactly:"
                    <crate::components::copy::CopyRow id="redirect-url" value=redirect/>
                </li>
                <li>"Leave " <strong>"Default Access Type"</strong> " on " <strong>"Read Only"</strong> ", agree to the terms and register."</li>
                <li>"Copy the " <strong>"OAuth 2.0 Client ID"</strong> " (not the Client Secret) into the field below."</li>
            </ol>
            <form class="connect" on:submit=connect novalidate>
                <crate::components::field::ClientIdField id="client-id" label="Fitbit client ID" placeholder="e.g. 23ABCD" value=client_id error=error/>
                <ScopeChoice chosen=chosen/>
                <button type="submit" class="primary" disabled=move || net.offline()
                    aria-describedby=move || net.why()>"Connect Fitbit"</button>
            </form>
            <p class="hint">
                "Google turned the legacy Fitbit Web API off on 2 November 2026 and no longer registers new apps: "
                "connecting works only where that API still answers. Your export, above, works for everyone."
            </p>
        </section>
    }
}

/// "What to share": the fifteen scopes, each with what it unlocks, all ticked unless the person
/// chose otherwise before.
#[component]
fn ScopeChoice(chosen: RwSignal<Vec<Scope>>) -> impl IntoView {
    let scope_items = Scope::ALL
        .into_iter()
        .map(|scope| {
            let id = format!("scope-{}", scope.as_str());
            let checked = move || chosen.with(|c| c.contains(&scope));
            let toggle = move |_| {
                chosen.update(|c| {
                    if let Some(i) = c.iter().position(|s| *s == scope) {
                        c.remove(i);
                    } else {
                        c.push(scope);
                        c.sort();
                    }
                })
            };
            view! {
                <li>
                    <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle/>
                    <label for=id>
                        <strong>{scope.label()}</strong>
                        {(scope == Scope::Profile).then_some(" (recommended)")}
                        <span class="scope-desc">{scope.unlocks()}</span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="scopes">
            <legend>"What to share"</legend>
            <p>"For the best experience, we recommend you enable all listed scopes."</p>
            <p class="hint">
                "You can untick any of them here or on Fitbit's page. What you do not share simply shows as "
                "\"not shared\" on the dashboard, with a button to share it later."
            </p>
            <ul class="scope-list">{scope_items}</ul>
            <button type="button" class="link" on:click=move |_| chosen.set(Scope::ALL.to_vec())>"Select all"</button>
        </fieldset>
    }
}
