//! Signing in to Google without a client secret: the OAuth 2.0 token (implicit) response.
//! Google's token endpoint refuses a PKCE-only code exchange from a Web client ("client_secret
//! is missing"), so a static page asks `https://accounts.google.com/o/oauth2/v2/auth` with
//! `response_type=token` and reads the access token from the URL fragment it is sent back
//! with: about an hour, no refresh token; renewal is another request (`prompt=none`) on the
//! person's action. Pure: the page reads and clears the fragment, this checks it.

use crate::scope::Scope;

pub const AUTHORIZE_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";
pub const REVOKE_URL: &str = "https://oauth2.googleapis.com/revoke";
const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/googlehealth.";

/// The read-only Google scope that grants a kind of data (discovery rev 20261030). `None`:
/// nothing to read it with (no friends' successor; food has only a write scope there).
pub fn google_scope(s: Scope) -> Option<&'static str> {
    Some(match s {
        Scope::Activity | Scope::CardioFitness => "activity_and_fitness.readonly",
        Scope::Heartrate
        | Scope::OxygenSaturation
        | Scope::RespiratoryRate
        | Scope::Temperature
        | Scope::Weight => "health_metrics_and_measurements.readonly",
        Scope::Sleep => "sleep.readonly",
        Scope::Profile => "profile.readonly",
        Scope::Settings => "settings.readonly",
        Scope::Electrocardiogram => "ecg.readonly",
        Scope::IrregularRhythmNotifications => "irn.readonly",
        Scope::Location => "location.readonly",
        Scope::Nutrition | Scope::Social => return None,
    })
}

/// The scope strings to ask for `wanted` (each once, full URLs, sorted).
pub fn scope_param(wanted: &[Scope]) -> String {
    let mut names: Vec<String> = wanted
        .iter()
        .filter_map(|s| google_scope(*s))
        .map(|g| format!("{SCOPE_PREFIX}{g}"))
        .collect();
    names.sort();
    names.dedup();
    names.join(" ")
}

/// Our kinds of data a granted scope string covers (granular consent: the person may untick
/// some; unknown and write scopes are ignored).
pub fn granted(scope: &str) -> Vec<Scope> {
    let names: Vec<&str> = scope
        .split_ascii_whitespace()
        .filter_map(|s| s.strip_prefix(SCOPE_PREFIX))
        .collect();
    Scope::ALL
        .into_iter()
        .filter(|s| google_scope(*s).is_some_and(|g| names.contains(&g)))
        .collect()
}

/// A Web client ID is `<digits>-<letters and digits>.apps.googleusercontent.com`.
pub fn validate_client_id(input: &str) -> Result<String, String> {
    let id = input.trim();
    let Some(head) = id.strip_suffix(".apps.googleusercontent.com") else {
        return Err("A Google client ID ends in \u{201c}.apps.googleusercontent.com\u{201d}. Copy it from Google Auth Platform \u{203a} Clients \u{203a} your Web application.".into());
    };
    let ok = head.split_once('-').is_some_and(|(num, rest)| {
        !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit())
            && !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if ok {
        Ok(id.to_string())
    } else {
        Err(format!("\u{201c}{id}\u{201d} is not a Google Web client ID (it looks like 1234567890-abc123.apps.googleusercontent.com)."))
    }
}

/// How to ask: with the consent page, silently renewing (`prompt=none`), or with the consent
/// page and Google's account chooser (after a silent renewal failed: several accounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    Consent,
    None,
    SelectAccount,
}

/// A silent request's state starts with this, so its answer is known to be one.
pub const SILENT_STATE: &str = "n.";

/// The address that asks Google for a token.
pub fn authorize_url(
    client_id: &str,
    redirect_uri: &str,
    wanted: &[Scope],
    state: &str,
    prompt: Prompt,
) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "token")
        .append_pair("scope", &scope_param(wanted))
        .append_pair("state", state)
        .append_pair("include_granted_scopes", "true")
        .append_pair(
            "prompt",
            match prompt {
                Prompt::Consent => "consent",
                Prompt::None => "none",
                Prompt::SelectAccount => "consent select_account",
            },
        );
    format!("{AUTHORIZE_URL}?{}", q.finish())
}

/// A token as the fragment gave it.
#[derive(Clone, PartialEq)]
pub struct Grant {
    pub access_token: String,
    /// Absolute, from `expires_in` at the moment the fragment was read.
    pub expires_at_ms: i64,
    pub scopes: Vec<Scope>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grant")
            .field("access_token", &"<redacted>")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Why a fragment gave no token. None of them keeps what Google sent beyond its error code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FragmentError {
    /// The person chose not to share.
    Denied,
    /// A silent renewal needs the person (signed out of Google, or consent to give): ask again
    /// with the consent page.
    InteractionRequired,
    /// Not the state this page sent (or one already used): a forged or replayed answer.
    WrongState,
    /// An answer without a token or its lifetime.
    NoToken,
    /// A silent renewal answered with another error code (e.g. `account_selection_required`):
    /// the next Continue asks with the account chooser.
    SilentFailed(String),
    /// Another OAuth error code.
    Other(String),
}

/// Reads a fragment (`#access_token=…&expires_in=3599&scope=…&state=…`, or `#error=…`)
/// against the one-time `expected` state (`None`: no sign-in was started here).
pub fn parse_fragment(
    fragment: &str,
    expected: Option<&str>,
    now_ms: i64,
) -> Result<Grant, FragmentError> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(fragment.trim_start_matches('#').as_bytes())
            .into_owned()
            .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // The state first: an answer to a request this page did not make is not even an error of ours.
    if expected.is_none() || get("state") != expected {
        return Err(FragmentError::WrongState);
    }
    if let Some(e) = get("error") {
        return Err(match e {
            "access_denied" => FragmentError::Denied,
            "interaction_required" | "login_required" | "consent_required" => {
                FragmentError::InteractionRequired
            }
            other => FragmentError::Other(
                other
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .take(40)
                    .collect(),
            ),
        });
    }
    let (Some(token), Some(expires_in)) = (
        get("access_token").filter(|t| !t.is_empty()),
        get("expires_in").and_then(|s| s.parse::<i64>().ok()),
    ) else {
        return Err(FragmentError::NoToken);
    };
    if get("token_type").is_some_and(|t| !t.eq_ignore_ascii_case("bearer")) {
        return Err(FragmentError::NoToken);
    }
    Ok(Grant {
        access_token: token.to_string(),
        expires_at_ms: now_ms + expires_in.max(0) * 1000,
        scopes: granted(get("scope").unwrap_or("")),
    })
}

/// Whether a fragment is an OAuth answer at all (anything else in the address is left alone).
pub fn is_answer(fragment: &str) -> bool {
    let f = fragment.trim_start_matches('#');
    f.split('&').any(|p| {
        p.starts_with("access_token=") || p.starts_with("error=") || p.starts_with("state=")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "s7Kq";

    #[test]
    fn the_request_asks_for_a_token_with_read_only_scopes_and_a_state() {
        let url = authorize_url(
            "123-abc.apps.googleusercontent.com",
            "https://me.github.io/pulsedeck/",
            &Scope::ALL,
            STATE,
            Prompt::Consent,
        );
        let q: Vec<(String, String)> =
            form_urlencoded::parse(url.split_once('?').unwrap().1.as_bytes())
                .into_owned()
                .collect();
        let get = |k: &str| {
            q.iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert!(url.starts_with(AUTHORIZE_URL));
        assert_eq!(get("response_type"), "token");
        assert_eq!(get("state"), STATE);
        assert_eq!(get("include_granted_scopes"), "true");
        assert_eq!(get("redirect_uri"), "https://me.github.io/pulsedeck/");
        let scopes: Vec<&str> = get("scope").leak().split(' ').collect();
        assert!(
            scopes
                .iter()
                .all(|s| s.starts_with(SCOPE_PREFIX) && s.ends_with(".readonly")),
            "{scopes:?}"
        );
        assert_eq!(scopes.len(), 8, "each Google scope once: {scopes:?}");
        assert!(
            !scopes.iter().any(|s| s.contains("nutrition")),
            "there is no nutrition.readonly in rev 20261030"
        );
        let silent = authorize_url(
            "123-abc.apps.googleusercontent.com",
            "https://x/",
            &[Scope::Sleep],
            STATE,
            Prompt::None,
        );
        assert!(silent.contains("prompt=none"));
        let choose = authorize_url(
            "1-a.apps.googleusercontent.com",
            "https://x/",
            &[Scope::Sleep],
            STATE,
            Prompt::SelectAccount,
        );
        assert!(choose.contains("prompt=consent+select_account"), "{choose}");
    }

    /// Every scope asked for exists in the newest discovery document.
    #[test]
    fn every_scope_asked_for_is_in_the_discovery_document() {
        let doc =
            include_str!("../../tests/fixtures/google-health/discovery/health.v4.rev20261030.json");
        for s in scope_param(&Scope::ALL).split(' ') {
            assert!(doc.contains(&format!("\"{s}\"")), "{s}");
        }
    }

    #[test]
    fn a_token_answer_gives_the_token_its_expiry_and_the_scopes_granted() {
        let f = format!(
            "#state={STATE}&access_token=ya29.a0Af&token_type=Bearer&expires_in=3599&scope={}",
            form_urlencoded::byte_serialize(format!("{SCOPE_PREFIX}sleep.readonly {SCOPE_PREFIX}activity_and_fitness.readonly https://www.googleapis.com/auth/userinfo.email").as_bytes()).collect::<String>()
        );
        let g = parse_fragment(&f, Some(STATE), 1_000).unwrap();
        assert_eq!(
            (g.access_token.as_str(), g.expires_at_ms),
            ("ya29.a0Af", 1_000 + 3_599_000)
        );
        // Granular consent: only what was ticked.
        assert_eq!(
            g.scopes,
            vec![Scope::Activity, Scope::Sleep, Scope::CardioFitness]
        );
        assert!(
            !format!("{g:?}").contains("ya29"),
            "Debug never shows the token"
        );
    }

    #[test]
    fn errors_and_forged_answers_give_no_token() {
        let cases = [
            (
                format!("#state={STATE}&error=access_denied"),
                FragmentError::Denied,
            ),
            (
                format!("#state={STATE}&error=interaction_required"),
                FragmentError::InteractionRequired,
            ),
            (
                format!("#state={STATE}&error=login_required"),
                FragmentError::InteractionRequired,
            ),
            (
                format!("#state={STATE}&error=invalid_scope%3Cb%3E"),
                FragmentError::Other("invalid_scopeb".into()),
            ),
            (
                "#state=other&access_token=t&expires_in=3599".to_string(),
                FragmentError::WrongState,
            ),
            (
                "#access_token=t&expires_in=3599".to_string(),
                FragmentError::WrongState,
            ),
            (
                format!("#state={STATE}&expires_in=3599"),
                FragmentError::NoToken,
            ),
            (
                format!("#state={STATE}&access_token=t"),
                FragmentError::NoToken,
            ),
            (
                format!("#state={STATE}&access_token=t&expires_in=3599&token_type=mac"),
                FragmentError::NoToken,
            ),
        ];
        for (f, want) in cases {
            assert_eq!(parse_fragment(&f, Some(STATE), 0), Err(want), "{f}");
        }
        // No sign-in started here: any answer is refused.
        assert_eq!(
            parse_fragment(
                &format!("#state={STATE}&access_token=t&expires_in=1"),
                None,
                0
            ),
            Err(FragmentError::WrongState)
        );
        assert!(
            is_answer("#access_token=t&state=x")
                && is_answer("#error=access_denied")
                && !is_answer("#history")
                && !is_answer("")
        );
    }

    #[test]
    fn client_ids_are_checked_by_shape() {
        assert!(validate_client_id(" 1234567890-abc123def.apps.googleusercontent.com ").is_ok());
        for bad in [
            "",
            "23ABCD",
            "1234567890-abc.apps.googleusercontent.co",
            "-abc.apps.googleusercontent.com",
            "12-a_b.apps.googleusercontent.com",
            "https://x/1-a.apps.googleusercontent.com",
        ] {
            assert!(validate_client_id(bad).is_err(), "{bad}");
        }
    }
}
