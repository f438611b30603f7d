//! Mapping Fitbit responses into the provider-neutral model. Missing fields are "no data",
//! never an error; only a body that is not the expected JSON at all is.

use crate::date::Date;
use crate::model::Profile;
use serde::Deserialize;

#[derive(Deserialize)]
struct ProfileBody {
    user: ProfileUser,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProfileUser {
    display_name: Option<String>,
    full_name: Option<String>,
    first_name: Option<String>,
    avatar150: Option<String>,
    avatar: Option<String>,
    member_since: Option<String>,
    timezone: Option<String>,
}

/// `GET /1/user/-/profile.json`.
pub fn profile(body: &str) -> Result<Profile, String> {
    let p: ProfileBody = serde_json::from_str(body).map_err(|e| format!("unreadable profile: {e}"))?;
    let u = p.user;
    let name = [u.display_name, u.first_name, u.full_name].into_iter().flatten().find(|n| !n.trim().is_empty());
    Ok(Profile {
        display_name: name.unwrap_or_else(|| "Fitbit user".into()),
        avatar_url: u.avatar150.or(u.avatar),
        member_since: u.member_since.as_deref().and_then(|d| Date::parse(d).ok()),
        time_zone: u.timezone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> String {
        std::fs::read_to_string(format!("{}/tests/fixtures/fitbit/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn profile_from_both_fixture_sources() {
        let a = profile(&fixture("allenporter-fitbit-web-api/user_profile.json")).unwrap();
        assert_eq!(a.display_name, "Display name");
        assert_eq!(a.member_since, Date::from_ymd(2020, 1, 1));
        assert_eq!(a.time_zone.as_deref(), Some("America/Los_Angeles"));
        let b = profile(&fixture("Fitbit.NET/UserProfile.json")).unwrap();
        assert_eq!(b.display_name, "Adam");
    }

    #[test]
    fn a_sparse_profile_still_maps() {
        let p = profile(r#"{"user":{"displayName":"  "}}"#).unwrap();
        assert_eq!(p.display_name, "Fitbit user");
        assert_eq!(p.member_since, None);
        assert!(profile(r#"{"nope":1}"#).is_err());
    }
}
