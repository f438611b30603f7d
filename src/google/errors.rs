//! What a Google Health API failure means for the person, from its status and Google's error
//! shape (`{"error":{"code","status","message","details":[{"reason"…}]}}`, or OAuth's
//! `{"error":"insufficient_scope"}`). Read as a `Value` (the one reader of loose answers).

use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoogleError {
    /// 401: the hour-long token ran out or was revoked; stored data stays, renew on action.
    Expired,
    /// 403 for a scope the person did not grant: that kind of data shows "not shared".
    NotShared,
    /// The Google account holds no Fitbit / Google Health data: sign in with the one that does.
    NotLinked,
    /// The Google Health API is not enabled in the person's Cloud project (a setup step): the
    /// console's page that enables it, as Google's `Help` link gives it (a Google console
    /// address only).
    ServiceDisabled(Option<String>),
    /// Google refuses this Cloud project (`USER_PROJECT_DENIED`, or `PERMISSION_DENIED` with
    /// another reason): what a project Google does not onboard meets. The reason, as text.
    ProjectDenied(String),
    /// 429 `RESOURCE_EXHAUSTED` (300 requests per person per minute): wait, then try again.
    RateLimited,
    /// 400 for one request (a filter or range the API refused): only what it feeds fails.
    BadRequest(String),
    /// 5xx: Google's side; stored data stays.
    Server(u16),
    Other(u16, String),
}

/// Classifies a failed answer.
pub fn classify(status: u16, body: &str) -> GoogleError {
    let v: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let e = &v["error"];
    let reasons: Vec<&str> = e["details"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["reason"].as_str())
        .collect();
    let has = |r: &str| reasons.contains(&r);
    if e.as_str() == Some("insufficient_scope") || has("ACCESS_TOKEN_SCOPE_INSUFFICIENT") {
        return GoogleError::NotShared;
    }
    if has("ACCOUNT_NOT_LINKED") {
        return GoogleError::NotLinked;
    }
    if has("SERVICE_DISABLED") {
        return GoogleError::ServiceDisabled(help_link(e));
    }
    if status == 403 || e["status"].as_str() == Some("PERMISSION_DENIED") {
        let why = reasons.first().copied().unwrap_or("PERMISSION_DENIED");
        return GoogleError::ProjectDenied(short(why));
    }
    match status {
        401 => GoogleError::Expired,
        429 => GoogleError::RateLimited,
        400 => GoogleError::BadRequest(short(e["message"].as_str().unwrap_or(""))),
        500..=599 => GoogleError::Server(status),
        _ => GoogleError::Other(status, short(e["status"].as_str().unwrap_or(""))),
    }
}

/// The console page a `google.rpc.Help` detail points to, if it is one of Google's consoles.
fn help_link(e: &Value) -> Option<String> {
    e["details"]
        .as_array()?
        .iter()
        .flat_map(|d| d["links"].as_array().into_iter().flatten())
        .filter_map(|l| l["url"].as_str())
        .find(|u| {
            (u.starts_with("https://console.developers.google.com/")
                || u.starts_with("https://console.cloud.google.com/"))
                && u.len() < 300
                && !u.contains(['"', '<', '>', ' '])
        })
        .map(String::from)
}

/// At most a line of Google's words, letters and punctuation only (never markup).
fn short(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '<' | '>'))
        .take(120)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/google-health/python-google-health-api-errors/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn every_error_body_of_the_fixtures_has_its_meaning() {
        for (name, status, want) in [
            ("unauthenticated", 401, GoogleError::Expired),
            (
                "access_token_scope_insufficient",
                403,
                GoogleError::NotShared,
            ),
            ("oauth_insufficient_scope", 403, GoogleError::NotShared),
            ("account_not_linked", 400, GoogleError::NotLinked),
            (
                "service_disabled",
                403,
                GoogleError::ServiceDisabled(Some("https://console.developers.google.com/apis/api/health.googleapis.com/overview?project=123456789".into())),
            ),
            (
                "permission_denied",
                403,
                GoogleError::ProjectDenied("USER_PROJECT_DENIED".into()),
            ),
            ("resource_exhausted", 429, GoogleError::RateLimited),
        ] {
            assert_eq!(classify(status, &fixture(name)), want, "{name}");
        }
    }

    #[test]
    fn a_refused_filter_fails_one_request_and_other_statuses_keep_their_number() {
        let bad = r#"{"error":{"code":400,"message":"Member 'x' is not supported for filtering. <b>","status":"INVALID_ARGUMENT"}}"#;
        assert_eq!(
            classify(400, bad),
            GoogleError::BadRequest("Member 'x' is not supported for filtering. b".into())
        );
        assert_eq!(
            classify(503, "<html>unavailable</html>"),
            GoogleError::Server(503)
        );
        // A refusal of the project with a reason of its own, or none: said as such, not as 403.
        assert_eq!(
            classify(
                403,
                r#"{"error":{"code":403,"status":"PERMISSION_DENIED","details":[{"reason":"CONSUMER_INVALID"}]}}"#
            ),
            GoogleError::ProjectDenied("CONSUMER_INVALID".into())
        );
        assert_eq!(
            classify(
                403,
                r#"{"error":{"code":403,"status":"PERMISSION_DENIED"}}"#
            ),
            GoogleError::ProjectDenied("PERMISSION_DENIED".into())
        );
        // A help link elsewhere than Google's console is not offered.
        let phish = r#"{"error":{"code":403,"details":[{"reason":"SERVICE_DISABLED"},{"links":[{"url":"https://evil.example/x"}]}]}}"#;
        assert_eq!(classify(403, phish), GoogleError::ServiceDisabled(None));
        assert_eq!(
            classify(404, r#"{"error":{"code":404,"status":"NOT_FOUND"}}"#),
            GoogleError::Other(404, "NOT_FOUND".into())
        );
    }
}
