//! The page's side of the Google Health API: sending the browser to Google's consent page,
//! reading its answer from the address once (and removing it from the address bar and the
//! history), the token in localStorage, revoking it, and refreshes under a Web Lock so that
//! one tab at a time asks Google and the others read the store.

use super::auth::{self, FragmentError, Prompt};
use super::client::GoogleClient;
use super::plan::{self, Call};
use super::record::{self, Shown};
use super::sync::Outcome;
use super::tokens::{self, GoogleTokens};
use crate::browser::{window, JsClock, WebStorage};
use crate::env::{Clock, Http, HttpRequest, KvStore, Method};
use crate::here;
use crate::history::store::StoreError;
use crate::keys::Versioned;
use crate::keys::{GOOGLE_CLIENT, GOOGLE_NEEDS_CONSENT};
use crate::net::FetchHttp;
use crate::prefs;
use crate::scope::Scope;

/// A Google client ID baked in at build time (a hosted copy's own), used when the person has
/// not entered one.
pub fn default_client_id() -> Option<&'static str> {
    option_env!("PULSEDECK_GOOGLE_CLIENT_ID").filter(|s| !s.trim().is_empty())
}

pub fn saved_client_id() -> Option<String> {
    WebStorage
        .get(GOOGLE_CLIENT)
        .or_else(|| default_client_id().map(String::from))
}

/// The kinds of data pulsedeck asks Google for (each read-only scope that serves a widget).
pub fn wanted() -> Vec<Scope> {
    Scope::ALL
        .into_iter()
        .filter(|s| {
            auth::google_scope(*s).is_some()
                && !matches!(
                    s,
                    Scope::Location
                        | Scope::Electrocardiogram
                        | Scope::IrregularRhythmNotifications
                )
        })
        .collect()
}

/// Sends the browser to Google: the consent page, or a silent renewal (`Prompt::None`).
pub fn start_sign_in(client_id: &str, scopes: &[Scope], prompt: Prompt) -> Result<(), String> {
    let id = auth::validate_client_id(client_id)?;
    let store = WebStorage;
    let _ = store.set(GOOGLE_CLIENT, &id);
    let state = crate::fitbit::auth::pkce::new_state();
    let state = if prompt == Prompt::None {
        format!("{}{state}", auth::SILENT_STATE)
    } else {
        state
    };
    tokens::remember_state(&store, &state, JsClock.now_ms()).map_err(|e| {
        format!("Cannot start signing in: {e}. Allow this site to store data and try again.")
    })?;
    let url = auth::authorize_url(&id, &here::redirect_uri(), scopes, &state, prompt);
    window()
        .location()
        .assign(&url)
        .map_err(|_| "The browser refused to open Google's sign-in page.".to_string())
}

/// "Continue" after the hour: silently, unless a silent renewal failed before (with any
/// error: then Google's consent page and account chooser, never the same silent request).
pub fn renew() -> Result<(), String> {
    let t = current().ok_or("Connect the Google Health API first.")?;
    let prompt = if WebStorage.get(GOOGLE_NEEDS_CONSENT).is_some() {
        Prompt::SelectAccount
    } else {
        Prompt::None
    };
    start_sign_in(&t.client_id, &t.scopes, prompt)
}

/// "Share …" in a widget: asks for what is granted plus `extra`, on the consent page.
pub fn request_more(extra: &[Scope]) -> Result<(), String> {
    let t = current();
    let mut scopes = t.as_ref().map(|t| t.scopes.clone()).unwrap_or_else(wanted);
    scopes.extend_from_slice(extra);
    let id = t
        .map(|t| t.client_id)
        .or_else(saved_client_id)
        .ok_or("Enter your Google client ID first.")?;
    start_sign_in(&id, &scopes, Prompt::Consent)
}

/// The stored token record (expired or not), if this version can read it.
pub fn current() -> Option<GoogleTokens> {
    match tokens::load(&WebStorage) {
        Versioned::Ok(t) => Some(t),
        _ => None,
    }
}

/// Reads Google's answer from the address, once: `None` when the address holds none. The
/// fragment is gone from the address bar and the history entry before anything else happens.
pub async fn take_answer() -> Option<Result<GoogleTokens, String>> {
    let hash = answer_fragment()?;
    let store = WebStorage;
    let now = JsClock.now_ms();
    let sent = form_urlencoded::parse(hash.trim_start_matches('#').as_bytes())
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned());
    let silent = sent
        .as_deref()
        .is_some_and(|s| s.starts_with(auth::SILENT_STATE));
    let expected = sent.filter(|s| tokens::take_state(&store, s, now));
    let grant = match auth::parse_fragment(&hash, expected.as_deref(), now) {
        Ok(g) => g,
        Err(e) => {
            let e = match e {
                FragmentError::Other(code) if silent => FragmentError::SilentFailed(code),
                e => e,
            };
            if silent || e == FragmentError::InteractionRequired {
                let _ = store.set(GOOGLE_NEEDS_CONSENT, "1");
            }
            return Some(Err(e.message()));
        }
    };
    store.remove(GOOGLE_NEEDS_CONSENT);
    let client_id = saved_client_id().unwrap_or_default();
    let account = match GoogleClient::new(FetchHttp::default())
        .identity(&grant.access_token)
        .await
    {
        Ok(a) => a,
        Err(super::client::CallError::Google(e)) => return Some(Err(e.message())),
        Err(super::client::CallError::Network(why)) => {
            return Some(Err(crate::words::google_unreachable(&why)))
        }
        Err(super::client::CallError::Unreadable) => {
            return Some(Err(crate::words::GOOGLE_NO_IDENTITY.into()))
        }
    };
    let t = GoogleTokens::from_grant(grant, &client_id, &account);
    Some(tokens::save(&store, &t).map(|_| t))
}

/// Google's answer, taken once: from sessionStorage, where the page's frame script put it
/// before anything else ran (index.html), or from the address if that script could not.
fn answer_fragment() -> Option<String> {
    let session = window().session_storage().ok().flatten();
    if let Some(s) = session {
        if let Ok(Some(hash)) = s.get_item(crate::keys::GOOGLE_ANSWER) {
            let _ = s.remove_item(crate::keys::GOOGLE_ANSWER);
            return Some(hash);
        }
    }
    let hash = window().location().hash().unwrap_or_default();
    if !auth::is_answer(&hash) {
        return None;
    }
    here::clean_callback_url();
    Some(hash)
}

/// Why Google was not told of a sign-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unrevoked {
    /// The token had run out: Google refuses to revoke it (`invalid_token`), and the access
    /// stays listed in the Google account until removed there.
    Expired,
    /// Google could not be reached, or answered otherwise.
    Failed,
}

/// Revokes the token at Google and forgets it here (and so in every tab); forgotten anyway
/// when Google could not be told.
pub async fn sign_out() -> Result<(), Unrevoked> {
    let Some(t) = current() else { return Ok(()) };
    tokens::forget(&WebStorage);
    let req = HttpRequest {
        method: Method::Post,
        url: auth::REVOKE_URL.into(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: Some(crate::env::form_encode(&[("token", &t.access_token)])),
    };
    let expired = t.expired(JsClock.now_ms());
    match FetchHttp::default().send(req).await {
        Ok(r) if r.status == 200 => Ok(()),
        // Google's answer for a token past its hour: `{"error":"invalid_token"}`.
        Ok(r) if r.status == 400 && (expired || r.body.contains("invalid_token")) => {
            Err(Unrevoked::Expired)
        }
        _ => Err(Unrevoked::Failed),
    }
}

/// The person's today on this device's clock in their zone (from the store's record).
fn zone_today(zone: &str) -> Option<crate::date::Date> {
    here::zone_date(zone, JsClock.now_ms())
}

/// A zone's UTC offset at an instant, by `Intl`.
fn zone_offset(zone: &str, utc_ms: i64) -> Option<i64> {
    use crate::takeout::clock::Zone;
    crate::takeout::zone::Named::new(zone).map(|mut z| z.offset_ms(utc_ms))
}

const ZONES: super::sync::Zones<'static> = super::sync::Zones {
    today: &zone_today,
    offset: &zone_offset,
};

/// Waits between retries of a 503 or 504: `setTimeout`, jittered by `Math.random`.
fn browser_pace() -> super::client::Pace {
    super::client::Pace {
        random: Box::new(js_sys::Math::random),
        sleep: Box::new(|ms| Box::pin(crate::browser::sleep_ms(ms.min(i32::MAX as u32) as i32))),
    }
}

/// The calls the shown dashboard needs with what `t` grants.
pub fn dashboard_plan(granted: &[Scope]) -> Vec<Call> {
    let mut needs = prefs::saved_layout().needs(false);
    needs.push(crate::model::Need::Profile);
    plan::plan(&needs, granted)
}

/// What the store keeps for `t`'s account (no request).
pub async fn load(t: &GoogleTokens) -> Result<Shown, StoreError> {
    let p = crate::history::idb::shared().await?;
    record::load(
        &p,
        &dashboard_plan(&t.scopes),
        here::device_today(),
        &zone_today,
    )
    .await
}

/// What to ask Google for.
pub enum Want {
    /// What is stale (or these calls).
    Stale(Option<Vec<Call>>),
    /// History before what is kept, from this day (a history view reached it).
    Older(crate::date::Date),
}

/// One refresh, one tab at a time: the lock's holder re-reads the store, asks for what `want`
/// says, writes what came back, and tells the other tabs.
pub async fn fetch(t: GoogleTokens, want: Want) -> Result<(Shown, Outcome), StoreError> {
    crate::history::idb::locked(async move |parts| {
        let client = GoogleClient::with_pace(FetchHttp::default(), browser_pace());
        let plan = dashboard_plan(&t.scopes);
        let ask = record::Ask {
            parts: &parts,
            client: &client,
            token: &t.access_token,
            account: &t.account,
            plan: &plan,
            now_ms: JsClock.now_ms(),
            device_today: here::device_today(),
            zones: &ZONES,
        };
        let result = match want {
            Want::Stale(only) => ask.refresh(only.as_deref()).await?,
            Want::Older(from) => ask.fetch_older(from).await?,
        };
        if !result.1.applied.is_empty() {
            crate::history::idb::written();
        }
        Ok(result)
    })
    .await
}
