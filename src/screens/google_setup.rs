//! Connecting the Google Health API: the steps to create one's own Google Cloud Web client
//! (Google shows apps with health scopes as unverified and caps them at 100 people, so each
//! person brings a client ID; there is no secret to bring), its origin and redirect URI to
//! paste, the client ID checked by shape, and "Connect Google Health".

use crate::google::{auth, page};
use crate::here;
use leptos::prelude::*;

#[component]
pub fn GoogleSetup() -> impl IntoView {
    let redirect = here::redirect_uri();
    let origin = crate::browser::window()
        .location()
        .origin()
        .unwrap_or_default();
    let client_id = RwSignal::new(page::saved_client_id().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let net = crate::pwa::NeedsNetwork::here();
    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match auth::validate_client_id(&client_id.get_untracked()) {
            Err(msg) => error.set(Some(msg)),
            Ok(id) => {
                client_id.set(id.clone());
                if let Err(msg) = page::start_sign_in(&id, &page::wanted(), auth::Prompt::Consent) {
                    error.set(Some(msg));
                }
            }
        }
    };
    let scopes: Vec<String> = auth::scope_param(&page::wanted())
        .split(' ')
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
        .collect();
    view! {
        <section class="setup google-setup" aria-labelledby="google-title">
            <h2 id="google-title">"Connect the Google Health API"</h2>
            <p class="notice warn google-onboarding" role="note"><strong>{crate::words::GOOGLE_NOT_ONBOARDING}</strong></p>
            <p>
                "Fitbit's successor API serves your data live, to a Google Cloud project of your own (free, about ten "
                "minutes; pulsedeck needs no client secret and no server). Anything Google gives lands in the same "
                "history as your export."
            </p>
            <details class="google-refusals">
                <summary>"What Google may answer a new project, and what to do"</summary>
                <dl>{crate::words::GOOGLE_REFUSALS.iter().map(|(said, next)| view! { <dt>{*said}</dt><dd>{*next}</dd> }).collect_view()}</dl>
            </details>
            <ol class="steps">
                <li>
                    "Open "
                    <a href="https://console.cloud.google.com/projectcreate" target="_blank" rel="noopener noreferrer">"console.cloud.google.com"</a>
                    " and create a project (any name)."
                </li>
                <li>"In " <strong>"APIs & Services › Library"</strong> ", find " <strong>"Google Health API"</strong> " and enable it."</li>
                <li>
                    "In " <strong>"Google Auth Platform"</strong> ", get started with user type " <strong>"External"</strong>
                    ". Under " <strong>"Audience"</strong> ", add your Google account as a test user, then " <strong>"Publish app"</strong> "."
                </li>
                <li>
                    "Under " <strong>"Data Access › Add or remove scopes"</strong> ", add these read-only scopes:"
                    <ul class="scope-names">{scopes.into_iter().map(|s| view! { <li><code>{s}</code></li> }).collect_view()}</ul>
                </li>
                <li>
                    "Under " <strong>"Clients › Create client"</strong> ", choose " <strong>"Web application"</strong> ". Add this "
                    <strong>"Authorized JavaScript origin"</strong> ":"
                    <crate::components::copy::CopyRow id="google-origin" value=origin/>
                    "and this " <strong>"Authorized redirect URI"</strong> ":"
                    <crate::components::copy::CopyRow id="google-redirect" value=redirect/>
                </li>
                <li>"Create it and copy its " <strong>"Client ID"</strong> " into the field below. Leave the client secret where it is: pulsedeck never uses one."</li>
            </ol>
            <p class="hint">
                "Google will say " <strong>"\u{201c}Google hasn\u{2019}t verified this app\u{201d}"</strong>
                ": it says so for every personal project that reads health data. The app is your own project; choose "
                <strong>"Advanced › Go to (your project)"</strong> " to continue. On the next page you can untick any kind of data: "
                "what you do not share shows as \u{201c}not shared\u{201d}, with a button to share it later."
            </p>
            <form class="connect" on:submit=connect novalidate>
                <crate::components::field::ClientIdField id="google-client-id" label="Google client ID"
                    placeholder="e.g. 1234567890-abc123.apps.googleusercontent.com" value=client_id error=error/>
                <button type="submit" class="primary" disabled=move || net.offline() aria-describedby=move || net.why()>"Connect Google Health"</button>
            </form>
        </section>
    }
}
