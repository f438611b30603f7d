//! Fitbit error bodies come in two shapes: the legacy
//! `{"errors":[{"errorType":…,"message":…}],"success":false}` and, since Fitbit moved onto
//! Google's front end, `{"error":{"code":403,"message":…,"status":"PERMISSION_DENIED"}}`.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorBody {
    /// Legacy `errorType` (e.g. `expired_token`) or Google `status` (e.g. `PERMISSION_DENIED`).
    pub kind: String,
    pub message: String,
}

/// Parses an error body of any known shape; `None` if it is none of them. Read as a `Value`
/// (the reader every loose answer shares): a struct per shape cost ~5 KB of wasm.
pub fn parse(body: &str) -> Option<ErrorBody> {
    let v: Value = serde_json::from_str(body).ok()?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let body = |kind: &Value, message: &Value| {
        Some(ErrorBody {
            kind: text(kind),
            message: text(message),
        })
    };
    if let Some(errors) = v["errors"].as_array() {
        let first = errors.first()?;
        return body(&first["errorType"], &first["message"]);
    }
    match &v["error"] {
        e @ Value::Object(_) => body(&e["status"], &e["message"]),
        // RFC 6749 §5.2 (`{"error":"invalid_grant","error_description":…}`), in case Fitbit's
        // OAuth endpoints ever answer like the standard.
        e @ Value::String(_) => body(e, &v["error_description"]),
        _ => None,
    }
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
        assert_eq!(
            parse(&fixture("ha/error_401_invalid_grant.json"))
                .unwrap()
                .kind,
            "invalid_grant"
        );
        assert_eq!(
            parse(&fixture("Fitbit.NET/ApiError-Request-Forbidden.json"))
                .unwrap()
                .kind,
            "insufficient_permissions"
        );
        assert_eq!(
            parse(&fixture("ha/error_500_request.json")).unwrap().kind,
            "request"
        );
    }

    #[test]
    fn google_body_from_the_fixture() {
        let g = parse(&fixture("ha/issue_169485_google_style_403_body.json")).unwrap();
        assert_eq!(
            g,
            ErrorBody {
                kind: "PERMISSION_DENIED".into(),
                message: "The caller does not have permission".into()
            }
        );
    }

    #[test]
    fn rfc_shape_and_garbage() {
        assert_eq!(
            parse(r#"{"error":"invalid_grant","error_description":"used"}"#)
                .unwrap()
                .kind,
            "invalid_grant"
        );
        assert_eq!(parse("<html>502 Bad Gateway</html>"), None);
        assert_eq!(parse(r#"{"errors":[]}"#), None);
        assert_eq!(parse(""), None);
    }
}
