//! Fitbit error bodies come in two shapes: the legacy
//! `{"errors":[{"errorType":…,"message":…}],"success":false}` and, since Fitbit moved onto
//! Google's front end, `{"error":{"code":403,"message":…,"status":"PERMISSION_DENIED"}}`.

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorBody {
    /// Legacy `errorType` (e.g. `expired_token`) or Google `status` (e.g. `PERMISSION_DENIED`).
    pub kind: String,
    pub message: String,
}

#[derive(Deserialize)]
struct Legacy {
    errors: Vec<LegacyItem>,
}
#[derive(Deserialize)]
struct LegacyItem {
    #[serde(rename = "errorType")]
    error_type: Option<String>,
    message: Option<String>,
}
#[derive(Deserialize)]
struct Google {
    error: GoogleItem,
}
#[derive(Deserialize)]
struct GoogleItem {
    status: Option<String>,
    message: Option<String>,
}
/// RFC 6749 §5.2 (`{"error":"invalid_grant","error_description":…}`), in case Fitbit's OAuth
/// endpoints ever answer like the standard.
#[derive(Deserialize)]
struct Rfc {
    error: String,
    error_description: Option<String>,
}

/// Parses an error body of any known shape; `None` if it is none of them.
pub fn parse(body: &str) -> Option<ErrorBody> {
    if let Ok(l) = serde_json::from_str::<Legacy>(body) {
        let first = l.errors.into_iter().next()?;
        return Some(ErrorBody { kind: first.error_type.unwrap_or_default(), message: first.message.unwrap_or_default() });
    }
    if let Ok(g) = serde_json::from_str::<Google>(body) {
        return Some(ErrorBody { kind: g.error.status.unwrap_or_default(), message: g.error.message.unwrap_or_default() });
    }
    if let Ok(r) = serde_json::from_str::<Rfc>(body) {
        return Some(ErrorBody { kind: r.error, message: r.error_description.unwrap_or_default() });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::fixture;

    #[test]
    fn legacy_bodies_from_the_fixtures() {
        let stale = parse(&fixture("Fitbit.NET/ApiError-Request-StaleToken.json")).unwrap();
        assert_eq!(stale.kind, "expired_token");
        assert!(stale.message.starts_with("Access token expired"));
        assert_eq!(parse(&fixture("ha/error_401_invalid_grant.json")).unwrap().kind, "invalid_grant");
        assert_eq!(parse(&fixture("Fitbit.NET/ApiError-Request-Forbidden.json")).unwrap().kind, "insufficient_permissions");
        assert_eq!(parse(&fixture("ha/error_500_request.json")).unwrap().kind, "request");
    }

    #[test]
    fn google_body_from_the_fixture() {
        let g = parse(&fixture("ha/issue_169485_google_style_403_body.json")).unwrap();
        assert_eq!(g, ErrorBody { kind: "PERMISSION_DENIED".into(), message: "The caller does not have permission".into() });
    }

    #[test]
    fn rfc_shape_and_garbage() {
        assert_eq!(parse(r#"{"error":"invalid_grant","error_description":"used"}"#).unwrap().kind, "invalid_grant");
        assert_eq!(parse("<html>502 Bad Gateway</html>"), None);
        assert_eq!(parse(r#"{"errors":[]}"#), None);
        assert_eq!(parse(""), None);
    }
}
