//! What pulsedeck says about the Google Health API: its errors, its sign-in, the refusals a
//! Cloud project can meet (each with its next step), older history's progress and sign-out.

use crate::google::older::Progress;

/// Where a person enables the API in their project (when Google's answer gave no link).
pub const ENABLE_API_URL: &str =
    "https://console.cloud.google.com/apis/library/health.googleapis.com";
/// Where a person sees and removes third-party access to their Google account.
pub const GOOGLE_CONNECTIONS_URL: &str = "https://myaccount.google.com/connections";

impl crate::google::errors::GoogleError {
    /// What to tell the person, with the next step; stored data is kept in every case.
    pub fn message(&self) -> String {
        use crate::google::errors::GoogleError::*;
        match self {
            Expired => "Your Google sign-in has run out (it lasts an hour). The data below is what this browser kept; press Continue to renew it.".into(),
            NotShared => "Not shared with pulsedeck on Google's consent page.".into(),
            NotLinked => "This Google account holds no Fitbit or Google Health data. Sign out, then sign in with the Google account your Fitbit uses.".into(),
            ServiceDisabled(link) => format!("The Google Health API is not enabled in your Google Cloud project (SERVICE_DISABLED). Enable it at {}, wait a few minutes, then connect again (or press Try again).", link.as_deref().unwrap_or(ENABLE_API_URL)),
            ProjectDenied(why) => format!("Google refuses your Google Cloud project access to the Google Health API ({why}). Google said in October 2026 that it was not onboarding new projects, and nobody has reported since that it reopened: nothing in your project's settings can change this. Use your Fitbit export instead (Sources › Add an export); the data kept here stays."),
            RateLimited => "Google is limiting requests for a minute (300 a minute per person). pulsedeck will try again shortly; the data below is kept.".into(),
            BadRequest(why) => format!("Google could not answer this request ({why})."),
            Server(code) => format!("Google's servers had a problem (error {code}). The data below is kept; try again later."),
            Other(code, status) => format!("Google refused the request (error {code} {status})."),
        }
    }
}
pub const GOOGLE_UNREADABLE: &str = "Google sent data pulsedeck could not read.";

/// A request that did not reach Google while the browser was online: name the likely cause.
pub fn google_unreachable(why: &str) -> String {
    format!("Could not reach Google ({why}). If you are online, a content blocker or a firewall may be refusing health.googleapis.com.")
}

impl crate::google::auth::FragmentError {
    /// Why Google's answer gave no sign-in, and what to do (no token is kept in any case).
    pub fn message(&self) -> String {
        use crate::google::auth::FragmentError::*;
        match self {
            Denied => "You chose not to share your data with pulsedeck on Google's page. Nothing was stored; connect again whenever you like.".into(),
            InteractionRequired => "Google needs you to confirm before pulsedeck can continue. Press Continue to open Google's page.".into(),
            WrongState => "This answer from Google was not for a sign-in started in this browser (or was used already), so it was ignored. Start again from the setup screen.".into(),
            NoToken => "Google's answer held no access token. Nothing was stored; connect again.".into(),
            SilentFailed(code) => format!("Google could not renew your sign-in without you ({code}): several Google accounts, or none signed in, in this browser. Press Continue to choose the account your Fitbit uses on Google's page."),
            Other(code) => format!("Google could not sign you in ({code}). Check the client ID and the steps above, then connect again."),
        }
    }
}

pub const GOOGLE_SIGNED_OUT_ELSEWHERE: &str =
    "You signed out of the Google Health API in another tab.";
pub const GOOGLE_NO_IDENTITY: &str = "Signed in, but Google did not say which account this is, so nothing was stored. Try connecting again.";
pub const GOOGLE_EXPIRED: &str = "Your Google sign-in has run out (Google grants an hour at a time). The data below is what this browser kept.";

/// A 429: when pulsedeck asks again.
pub fn google_rate_limited(until: &str) -> String {
    format!("Google is limiting requests (300 a minute per person). pulsedeck will ask again after {until}; the data below is kept.")
}

/// The refusals a new Cloud project can meet, each with its next step, for the setup screen
/// (before the wizard): what Google shows on its own page never comes back to pulsedeck.
pub const GOOGLE_REFUSALS: [(&str, &str); 4] = [
    ("\u{201c}Google Health API has not been used in project … or it is disabled\u{201d} (SERVICE_DISABLED)",
     "the API is not enabled in your project: enable it (step 2), wait a few minutes, then try again."),
    ("\u{201c}USER_PROJECT_DENIED\u{201d} or another PERMISSION_DENIED",
     "Google refuses the project itself, as it answers projects it is not onboarding: no setting of yours changes that. Use your export."),
    ("\u{201c}Access blocked\u{201d} or \u{201c}Error 403: access_denied\u{201d} on Google's page",
     "your Google account is not a test user of the project: add it under Google Auth Platform › Audience › Test users, save, then connect again."),
    ("\u{201c}This Google account holds no Fitbit or Google Health data\u{201d}",
     "you chose another Google account on Google's page: sign out, then connect with the one your Fitbit uses."),
];

/// Whose data the Google Health API shows (Sources): the family each kind is asked from.
pub const GOOGLE_WHOSE: &str = "Steps, distance, floors, calories, zone and active minutes and workouts come from your Fitbit and Pixel devices only: copies that phones and Health Connect wrote are left out, so nothing counts twice. Weight and body fat come from every source (a scale, or logged by hand); sleep from what Google keeps.";

/// Said on the setup screen before the wizard.
pub const GOOGLE_NOT_ONBOARDING: &str = "Google is not onboarding new projects. Its pages said so in October 2026, and nobody has reported since that it reopened: a Cloud project created today is likely to be refused. Your Google Takeout export (above) is the recommended way and works for everyone; try the API only if you already have a project Google serves.";

/// Where fetching older history stands (None: nothing to say, everything asked for is kept).
pub fn google_older(p: &Progress, paused_until: Option<&str>, more: bool) -> Option<String> {
    let (from, to, done) = match p.chunk {
        Some(c) => c,
        None if more => {
            return Some(format!(
                "Fetching older history from Google, a year at a time: kept from {} on.",
                p.kept_from
            ))
        }
        None => return None,
    };
    let range = format!("{from} to {to}: {done} of {} kinds of data", p.types);
    Some(match paused_until {
        Some(t) => format!("Older history from Google paused at {range} (Google allows 300 requests a minute). It resumes by itself after {t}; what came is kept."),
        None if more => format!("Fetching older history from Google, {range}."),
        None => format!("Older history from Google stopped at {range}; the rest is asked for the next time you open a view this far back. What came is kept."),
    })
}

/// Signed out, but Google could not revoke the token: it had run out (its hour was over).
pub fn google_revoke_expired(deleted: bool) -> String {
    let kept = if deleted {
        "The data it gave was deleted from this browser."
    } else {
        "The data it gave stays in this browser until you remove it (Sources)."
    };
    format!("Signed out here. {kept} Your Google sign-in had already run out, and Google does not take back a token that has: pulsedeck can no longer read anything, but it stays listed with access in your Google account until you remove it at {GOOGLE_CONNECTIONS_URL} (choose it, then \u{201c}Delete all connections\u{201d}).")
}
