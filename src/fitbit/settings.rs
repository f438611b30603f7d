//! What the person configures for Fitbit: their client ID and the scopes they chose. Pure
//! helpers here (validated natively); the browser wiring is in `page.rs`.

use crate::scope::Scope;

pub const CLIENT_ID_KEY: &str = crate::keys::CLIENT_ID;
pub const SCOPES_KEY: &str = crate::keys::SCOPES;

/// A client ID baked in at build time (`PULSEDECK_CLIENT_ID=… cargo xtask dist`), so a hosted
/// copy works without setup. The person can still use their own.
pub fn default_client_id() -> Option<&'static str> {
    option_env!("PULSEDECK_CLIENT_ID").filter(|s| !s.trim().is_empty())
}

/// Checks a pasted client ID; returns it normalised (trimmed, upper-case) or a message that
/// says what is wrong and what to do.
pub fn validate_client_id(input: &str) -> Result<String, String> {
    let id = input.trim();
    if id.is_empty() {
        return Err("Enter your app's OAuth 2.0 Client ID. You find it on dev.fitbit.com under Manage My Apps.".into());
    }
    if id.len() >= 30 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("That looks like the Client Secret. pulsedeck never needs the secret: paste the OAuth 2.0 Client ID \
                    (6 letters and digits, like 23ABCD) instead."
            .into());
    }
    if id.contains("://") || id.contains('/') {
        return Err("That looks like a web address. Paste the OAuth 2.0 Client ID (6 letters and digits, like 23ABCD).".into());
    }
    if !(4..=12).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "\"{id}\" is not a Fitbit client ID. It is 6 letters and digits, like 23ABCD, shown as \
             \"OAuth 2.0 Client ID\" on your app's page at dev.fitbit.com."
        ));
    }
    Ok(id.to_ascii_uppercase())
}

/// Scopes saved as a space-separated list; defaults to all of them.
pub fn parse_saved_scopes(saved: Option<&str>) -> Vec<Scope> {
    match saved {
        Some(s) => Scope::parse_list(s),
        None => Scope::ALL.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_real_looking_ids() {
        assert_eq!(validate_client_id(" 23abcd "), Ok("23ABCD".into()));
        assert_eq!(validate_client_id("228KWV"), Ok("228KWV".into()));
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(validate_client_id("")
            .unwrap_err()
            .contains("Manage My Apps"));
        assert!(validate_client_id("   ").is_err());
        assert!(validate_client_id("0123456789abcdef0123456789abcdef")
            .unwrap_err()
            .contains("Client Secret"));
        assert!(validate_client_id("https://dev.fitbit.com/apps")
            .unwrap_err()
            .contains("web address"));
        assert!(validate_client_id("23 ABCD")
            .unwrap_err()
            .contains("is not a Fitbit client ID"));
        assert!(validate_client_id("<b>x</b>").is_err());
    }

    #[test]
    fn saved_scopes_default_to_all() {
        assert_eq!(parse_saved_scopes(None).len(), 15);
        assert_eq!(
            parse_saved_scopes(Some("sleep profile")),
            vec![Scope::Profile, Scope::Sleep]
        );
    }
}
