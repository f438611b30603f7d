//! The Fitbit endpoints a dashboard load uses, and the planner that picks them.
//!
//! One request per distinct endpoint, range forms instead of per-day calls, summary endpoints
//! where one answer covers many metrics (the daily activity summary gives steps, distance,
//! floors, calories and goals). With every scope granted a full load is 18 requests.

use crate::date::Date;
use crate::model::{Intraday, Metric, Need};
use crate::scope::Scope;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    Profile,
    DailySummary,
    Steps,
    ActiveZoneMinutes,
    Heart,
    Hrv,
    Sleep,
    WeightLog,
    FoodLog,
    Spo2,
    BreathingRate,
    SkinTemperature,
    CardioScore,
    Devices,
    Ecg,
    RhythmAlerts,
    Leaderboard,
    Exercises,
    /// Minute-by-minute data: own data of a Personal app (or an approved app) only.
    StepsIntraday,
    HeartIntraday,
}

const MINUTE: i64 = 60_000;

impl Endpoint {
    pub const ALL: [Endpoint; 18] = [
        Endpoint::Profile,
        Endpoint::DailySummary,
        Endpoint::Steps,
        Endpoint::ActiveZoneMinutes,
        Endpoint::Heart,
        Endpoint::Hrv,
        Endpoint::Sleep,
        Endpoint::WeightLog,
        Endpoint::FoodLog,
        Endpoint::Spo2,
        Endpoint::BreathingRate,
        Endpoint::SkinTemperature,
        Endpoint::CardioScore,
        Endpoint::Devices,
        Endpoint::Ecg,
        Endpoint::RhythmAlerts,
        Endpoint::Leaderboard,
        Endpoint::Exercises,
    ];

    /// The opt-in intraday endpoints (not part of a default load).
    pub const INTRADAY: [Endpoint; 2] = [Endpoint::StepsIntraday, Endpoint::HeartIntraday];

    /// Its serde name, as the cache record's `fetched` map is keyed (see [`Metric::key`]).
    pub fn key(self) -> &'static str {
        match self {
            Endpoint::Profile => "profile",
            Endpoint::DailySummary => "daily_summary",
            Endpoint::Steps => "steps",
            Endpoint::ActiveZoneMinutes => "active_zone_minutes",
            Endpoint::Heart => "heart",
            Endpoint::Hrv => "hrv",
            Endpoint::Sleep => "sleep",
            Endpoint::WeightLog => "weight_log",
            Endpoint::FoodLog => "food_log",
            Endpoint::Spo2 => "spo2",
            Endpoint::BreathingRate => "breathing_rate",
            Endpoint::SkinTemperature => "skin_temperature",
            Endpoint::CardioScore => "cardio_score",
            Endpoint::Devices => "devices",
            Endpoint::Ecg => "ecg",
            Endpoint::RhythmAlerts => "rhythm_alerts",
            Endpoint::Leaderboard => "leaderboard",
            Endpoint::Exercises => "exercises",
            Endpoint::StepsIntraday => "steps_intraday",
            Endpoint::HeartIntraday => "heart_intraday",
        }
    }

    pub fn from_key(key: &str) -> Option<Endpoint> {
        Endpoint::ALL
            .into_iter()
            .chain(Endpoint::INTRADAY)
            .find(|e| e.key() == key)
    }

    /// Scopes the endpoint needs (per each endpoint's documentation page).
    pub fn scopes(self) -> &'static [Scope] {
        use Endpoint::*;
        match self {
            Profile => &[Scope::Profile],
            DailySummary | Steps | ActiveZoneMinutes | Exercises | StepsIntraday => {
                &[Scope::Activity]
            }
            Heart | Hrv | HeartIntraday => &[Scope::Heartrate],
            Sleep => &[Scope::Sleep],
            WeightLog => &[Scope::Weight],
            FoodLog => &[Scope::Nutrition],
            Spo2 => &[Scope::OxygenSaturation],
            BreathingRate => &[Scope::RespiratoryRate],
            SkinTemperature => &[Scope::Temperature],
            CardioScore => &[Scope::CardioFitness],
            Devices => &[Scope::Settings],
            Ecg => &[Scope::Electrocardiogram],
            RhythmAlerts => &[Scope::IrregularRhythmNotifications],
            Leaderboard => &[Scope::Social],
        }
    }

    /// The request path for a dashboard whose "today" is `today` (30-day windows end today).
    pub fn path(self, today: Date) -> String {
        use Endpoint::*;
        let start = today.add_days(-29);
        let after = today.add_days(1);
        match self {
            Profile => "/1/user/-/profile.json".into(),
            DailySummary => format!("/1/user/-/activities/date/{today}.json"),
            Steps => format!("/1/user/-/activities/steps/date/{today}/30d.json"),
            ActiveZoneMinutes => {
                format!("/1/user/-/activities/active-zone-minutes/date/{start}/{today}.json")
            }
            Heart => format!("/1/user/-/activities/heart/date/{today}/30d.json"),
            Hrv => format!("/1/user/-/hrv/date/{start}/{today}.json"),
            Sleep => format!("/1.2/user/-/sleep/date/{start}/{today}.json"),
            WeightLog => format!("/1/user/-/body/log/weight/date/{today}/30d.json"),
            FoodLog => format!("/1/user/-/foods/log/date/{today}.json"),
            Spo2 => format!("/1/user/-/spo2/date/{start}/{today}.json"),
            BreathingRate => format!("/1/user/-/br/date/{start}/{today}.json"),
            SkinTemperature => format!("/1/user/-/temp/skin/date/{start}/{today}.json"),
            CardioScore => format!("/1/user/-/cardioscore/date/{start}/{today}.json"),
            Devices => "/1/user/-/devices.json".into(),
            Ecg => {
                format!("/1/user/-/ecg/list.json?beforeDate={after}&sort=desc&limit=10&offset=0")
            }
            RhythmAlerts => format!(
                "/1/user/-/irn/alerts/list.json?beforeDate={after}&sort=desc&limit=10&offset=0"
            ),
            Leaderboard => "/1.1/user/-/leaderboard/friends.json".into(),
            Exercises => format!(
                "/1/user/-/activities/list.json?beforeDate={after}&sort=desc&limit=10&offset=0"
            ),
            StepsIntraday => format!("/1/user/-/activities/steps/date/{today}/1d/15min.json"),
            HeartIntraday => format!("/1/user/-/activities/heart/date/{today}/1d/5min.json"),
        }
    }

    /// How long an answer stays fresh. Data that changes through the day is re-read after a
    /// quarter of an hour (a tracker syncs about that often); overnight measurements, once an
    /// hour; the profile, once a day.
    pub fn max_age_ms(self) -> i64 {
        use Endpoint::*;
        match self {
            Profile => 24 * 60 * MINUTE,
            DailySummary | Steps | ActiveZoneMinutes | Heart | FoodLog | Devices | Exercises
            | Leaderboard | StepsIntraday | HeartIntraday => 15 * MINUTE,
            Hrv | Sleep | WeightLog | Spo2 | BreathingRate | SkinTemperature | CardioScore
            | Ecg | RhythmAlerts => 60 * MINUTE,
        }
    }

    /// Endpoints refreshed even when the hourly budget runs low.
    pub fn essential(self) -> bool {
        matches!(
            self,
            Endpoint::DailySummary | Endpoint::Sleep | Endpoint::Heart
        )
    }

    /// The parts of the snapshot this endpoint's answer fills.
    pub fn feeds(self) -> &'static [Need] {
        use Metric as M;
        match self {
            Endpoint::Profile => &[Need::Profile],
            Endpoint::DailySummary => &[
                Need::Series(M::Distance),
                Need::Series(M::Floors),
                Need::Series(M::CaloriesOut),
                Need::Series(M::ActiveMinutes),
                Need::Goals,
            ],
            Endpoint::Steps => &[Need::Series(M::Steps)],
            Endpoint::ActiveZoneMinutes => &[Need::Series(M::ActiveZoneMinutes)],
            Endpoint::Heart => &[Need::Series(M::RestingHeartRate), Need::HeartZones],
            Endpoint::Hrv => &[Need::Series(M::HeartRateVariability)],
            Endpoint::Sleep => &[Need::Sleep, Need::Series(M::MinutesAsleep)],
            Endpoint::WeightLog => &[
                Need::Series(M::Weight),
                Need::Series(M::Bmi),
                Need::Series(M::BodyFat),
            ],
            Endpoint::FoodLog => &[
                Need::Nutrition,
                Need::Series(M::CaloriesIn),
                Need::Series(M::Water),
            ],
            Endpoint::Spo2 => &[Need::Series(M::OxygenSaturation)],
            Endpoint::BreathingRate => &[Need::Series(M::BreathingRate)],
            Endpoint::SkinTemperature => &[Need::Series(M::SkinTemperatureDelta)],
            Endpoint::CardioScore => &[Need::CardioFitness, Need::Series(M::Vo2Max)],
            Endpoint::Devices => &[Need::Devices],
            Endpoint::Ecg => &[Need::Ecg],
            Endpoint::RhythmAlerts => &[Need::RhythmAlerts],
            Endpoint::Leaderboard => &[Need::Friends],
            Endpoint::Exercises => &[Need::Exercises],
            Endpoint::StepsIntraday => &[Need::Intraday(Intraday::Steps)],
            Endpoint::HeartIntraday => &[Need::Intraday(Intraday::HeartRate)],
        }
    }

    /// The one endpoint that supplies a need.
    pub fn for_need(need: Need) -> Endpoint {
        Endpoint::ALL
            .into_iter()
            .chain(Endpoint::INTRADAY)
            .find(|e| e.feeds().contains(&need))
            .unwrap_or(Endpoint::DailySummary)
    }
}

/// The endpoints a dashboard showing widgets with `needs` must call, given the granted scopes:
/// each at most once, and none whose scope was not granted.
pub fn plan(needs: &[Need], granted: &[Scope]) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = needs
        .iter()
        .map(|n| Endpoint::for_need(*n))
        .filter(|e| e.scopes().iter().all(|s| granted.contains(s)))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_need() -> Vec<Need> {
        let mut needs: Vec<Need> = Endpoint::ALL
            .iter()
            .flat_map(|e| e.feeds().iter().copied())
            .collect();
        needs.extend([
            Need::Series(Metric::Steps),
            Need::Goals,
            Need::Series(Metric::CaloriesOut),
        ]);
        needs
    }

    #[test]
    fn every_need_has_exactly_one_source() {
        for n in every_need() {
            let sources: Vec<_> = Endpoint::ALL
                .iter()
                .filter(|e| e.feeds().contains(&n))
                .collect();
            assert_eq!(sources.len(), 1, "{n:?} is fed by {sources:?}");
        }
    }

    #[test]
    fn a_full_load_with_every_scope_is_at_most_18_distinct_requests() {
        let p = plan(&every_need(), &Scope::ALL);
        assert_eq!(p.len(), 18);
        let mut paths: Vec<String> = p
            .iter()
            .map(|e| e.path(Date::from_ymd(2026, 11, 21).unwrap()))
            .collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), 18, "no two endpoints share a URL");
    }

    #[test]
    fn only_granted_scopes_are_planned() {
        assert_eq!(
            plan(&every_need(), &[Scope::Profile]),
            vec![Endpoint::Profile]
        );
        let p = plan(&every_need(), &[Scope::Activity, Scope::Sleep]);
        assert_eq!(
            p,
            vec![
                Endpoint::DailySummary,
                Endpoint::Steps,
                Endpoint::ActiveZoneMinutes,
                Endpoint::Sleep,
                Endpoint::Exercises
            ]
        );
        assert!(plan(&every_need(), &[]).is_empty());
        // Location adds no request of its own.
        assert_eq!(plan(&every_need(), &[Scope::Location]), vec![]);
    }

    #[test]
    fn two_widgets_needing_one_response_share_it() {
        let needs = [
            Need::Series(Metric::Distance),
            Need::Series(Metric::Floors),
            Need::Goals,
            Need::Series(Metric::CaloriesOut),
        ];
        assert_eq!(plan(&needs, &Scope::ALL), vec![Endpoint::DailySummary]);
    }

    #[test]
    fn paths_use_ranges_ending_today() {
        let today = Date::from_ymd(2026, 11, 21).unwrap();
        assert_eq!(
            Endpoint::Sleep.path(today),
            "/1.2/user/-/sleep/date/2026-10-23/2026-11-21.json"
        );
        assert_eq!(
            Endpoint::Hrv.path(today),
            "/1/user/-/hrv/date/2026-10-23/2026-11-21.json"
        );
        assert!(Endpoint::Ecg.path(today).contains("beforeDate=2026-11-22"));
    }
}
