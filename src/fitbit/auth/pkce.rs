//! PKCE (RFC 7636) with S256: a random code verifier and its challenge.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Fills a buffer with cryptographically secure random bytes (the browser's
/// `crypto.getRandomValues`, the OS generator natively).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("a CSPRNG is available");
    buf
}

/// base64url without padding: only unreserved characters (A–Z a–z 0–9 - _).
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A code verifier from 64 random bytes: 86 characters, inside RFC 7636's 43–128.
pub fn verifier_from(bytes: &[u8; 64]) -> String {
    b64url(bytes)
}

pub fn new_verifier() -> String {
    verifier_from(&random_bytes::<64>())
}

/// A one-time `state` value (256 bits).
pub fn new_state() -> String {
    b64url(&random_bytes::<32>())
}

/// challenge = base64url(SHA-256(verifier)), no padding.
pub fn challenge(verifier: &str) -> String {
    b64url(&Sha256::digest(verifier.as_bytes()))
}

/// RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~].
pub fn is_valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fitbit_guide_vector() {
        assert_eq!(
            challenge("01234567890123456789012345678901234567890123456789"),
            "-4cf-Mzo_qg9-uq0F4QwWhRh4AjcAqNx7SbYVsdmyQM"
        );
    }

    #[test]
    fn the_rfc_7636_appendix_b_vector() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_long_enough_unreserved_and_random() {
        let a = new_verifier();
        let b = new_verifier();
        assert!(is_valid_verifier(&a), "{a}");
        assert_eq!(a.len(), 86);
        assert_ne!(a, b);
        assert!(!challenge(&a).contains('='));
        assert_ne!(new_state(), new_state());
    }

    #[test]
    fn verifier_validation_follows_the_rfc() {
        assert!(!is_valid_verifier(&"a".repeat(42)));
        assert!(is_valid_verifier(&"a".repeat(43)));
        assert!(is_valid_verifier(&"a".repeat(128)));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(50))));
        assert!(is_valid_verifier(&format!("{}-._~", "a".repeat(50))));
    }
}
