//! One refresh of the dashboard's data: decide what is stale, spend the request budget on it,
//! apply the answers to the cached snapshot. Generic over the env traits, so it runs under
//! native tests with a scripted Fitbit. The cached record itself is in `record.rs`.

use super::client::{ApiError, ApiResponse, Client};
use super::endpoints::Endpoint;
use super::map::{self, Mark};
use super::rate::Budget;
use crate::date::Date;
use crate::env::{Clock, Http, KvStore, Locks};
use crate::fitbit::auth::session::AuthError;
use crate::fitbit::auth::tokens::TokenError;
use crate::model::Snapshot;

mod record;
pub use record::{today, CacheRecord, CACHE_VERSION};

/// The planned endpoints whose answer is missing or older than its freshness window. A new
/// day makes everything stale.
pub fn stale(plan: &[Endpoint], rec: &CacheRecord, today: Date, now_ms: i64) -> Vec<Endpoint> {
    if rec.snapshot.today != today {
        return plan.to_vec();
    }
    plan.iter()
        .copied()
        .filter(|e| {
            rec.fetched
                .get(e)
                .is_none_or(|t| now_ms - t >= e.max_age_ms())
        })
        .collect()
}

/// What a refresh did, for the UI to explain.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    pub requested: Vec<Endpoint>,
    /// Answered and read well: the parts history may take.
    pub applied: Vec<Endpoint>,
    /// Not sent to keep the budget: until when.
    pub deferred_until_ms: Option<i64>,
    /// Fitbit said 429: nothing is sent before this instant.
    pub rate_limited_until_ms: Option<i64>,
    /// Fitbit answered 410 Gone.
    pub retired: bool,
    /// Network errors or 5xx: cached data kept.
    pub unreachable: bool,
    /// Renewing the sign-in failed for a reason other than the network (client refused,
    /// rate limited, 5xx of the token endpoint…): tokens and data kept, the reason shown.
    pub auth_problem: Option<crate::fitbit::auth::tokens::TokenError>,
    /// Fitbit refused a request even with a renewed token (a persistent 401): that request
    /// failed, the session stands.
    pub refused: bool,
    pub session_ended: bool,
    pub signed_out: bool,
    /// The last readable remaining count.
    pub budget_left: u32,
}

/// What a refresh should fetch.
#[derive(Clone, Debug, PartialEq)]
pub enum Want {
    /// What is missing, failed or past its freshness window (loads, polls, focus, online).
    Stale,
    /// The person pressed Refresh: also what is fresh but older than [`MANUAL_MIN_AGE_MS`].
    Manual,
    /// A widget's "Try again": just these endpoints.
    Only(Vec<Endpoint>),
}

/// "Refresh" never refetches an answer younger than this (or a third of its freshness
/// window): a few clicks must not spend the hour's budget.
pub const MANUAL_MIN_AGE_MS: i64 = 5 * MINUTE;
const MINUTE: i64 = 60_000;

/// The endpoints of `plan` that `want` asks for now.
pub fn select(
    want: &Want,
    plan: &[Endpoint],
    rec: &CacheRecord,
    today: Date,
    now_ms: i64,
) -> Vec<Endpoint> {
    match want {
        Want::Stale => stale(plan, rec, today, now_ms),
        Want::Manual if rec.snapshot.today != today => plan.to_vec(),
        // Data that changes through the day after a few minutes, overnight data after a third
        // of its freshness window: never what was just fetched.
        Want::Manual => plan
            .iter()
            .copied()
            .filter(|e| {
                rec.fetched
                    .get(e)
                    .is_none_or(|t| now_ms - t >= MANUAL_MIN_AGE_MS.max(e.max_age_ms() / 3))
            })
            .collect(),
        Want::Only(list) => plan.iter().copied().filter(|e| list.contains(e)).collect(),
    }
}

/// Fetches what `want` asks for of `plan` into `rec`. `today_in` gives the person's today
/// from what the record knows (their profile's time zone, once fetched).
pub async fn refresh<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    rec: &mut CacheRecord,
    plan: &[Endpoint],
    today_in: &dyn Fn(&CacheRecord) -> Date,
    want: Want,
) -> Outcome
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let mut out = Outcome::default();
    // Until the person's time zone is known, "today" is only this device's guess: ask for the
    // profile first, then date every other request in their zone.
    if rec.time_zone.is_none() && rec.utc_offset_ms.is_none() && plan.contains(&Endpoint::Profile) {
        let today = today_in(rec);
        if select(&want, &[Endpoint::Profile], rec, today, clock.now_ms())
            .contains(&Endpoint::Profile)
        {
            round(
                client,
                budget_store,
                clock,
                rec,
                &[Endpoint::Profile],
                today,
                &mut out,
            )
            .await;
        }
    }
    let today = today_in(rec);
    if rec.snapshot.today != today {
        // A new day: everything is stale, and what belongs to one day (food, zones, curves)
        // is no longer today's. Nothing is removed: dated data stays (history keeps yesterday's
        // food and zones, and shows them with their date until today's arrive).
        rec.snapshot.today = today;
        rec.snapshot.nutrition = crate::model::Slot::Loading;
        rec.snapshot.heart_zones = crate::model::Slot::Loading;
        rec.snapshot.intraday.clear();
        // The profile (once a day, maybe just fetched first) stays fresh. (Not `retain`: its
        // removal machinery costs bundle bytes.)
        let profile = rec.fetched.get(&Endpoint::Profile).copied();
        rec.fetched.clear();
        if let Some(t) = profile {
            rec.fetched.insert(Endpoint::Profile, t);
        }
    }
    let todo: Vec<Endpoint> = select(&want, plan, rec, today, clock.now_ms())
        .into_iter()
        .filter(|e| !out.requested.contains(e))
        .collect();
    round(client, budget_store, clock, rec, &todo, today, &mut out).await;
    out
}

/// One round of requests, sent together within the budget and applied to `rec`.
async fn round<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    rec: &mut CacheRecord,
    todo: &[Endpoint],
    today: Date,
    out: &mut Outcome,
) where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let now = clock.now_ms();
    // Decide what may be sent before sending anything (the budget is shared by all tabs).
    let mut budget = Budget::load(budget_store, now);
    let mut send = Vec::new();
    for e in todo.iter().copied() {
        match budget.check(now, e.essential()) {
            Ok(()) => {
                budget.reserve();
                send.push(e);
            }
            Err(d) if d.limited => out.rate_limited_until_ms = Some(d.until_ms),
            Err(d) => out.deferred_until_ms = Some(d.until_ms),
        }
    }
    budget.save(budget_store);

    let paths: Vec<String> = send.iter().map(|e| e.path(today)).collect();
    let answers = futures::future::join_all(
        send.iter()
            .zip(&paths)
            .map(|(e, p)| client.get(p, e.scopes())),
    )
    .await;
    let mut budget = Budget::load(budget_store, clock.now_ms());
    let done = clock.now_ms();
    for (e, answer) in send.iter().copied().zip(answers) {
        out.requested.push(e);
        take(e, answer, rec, out, &mut budget, done);
    }
    out.budget_left = budget.remaining();
    budget.save(budget_store);
}

/// Applies `e`'s answer (received at `done`): its data to `rec`, what it says of the session,
/// the network and the rate limit to `out` and `budget`.
fn take(
    e: Endpoint,
    answer: Result<ApiResponse, ApiError>,
    rec: &mut CacheRecord,
    out: &mut Outcome,
    budget: &mut Budget,
    done: i64,
) {
    match answer {
        Ok(res) => {
            budget.observe(res.rate_remaining);
            let mut next = rec.snapshot.clone();
            match map::apply(e, &res.body, &mut next) {
                Ok(()) => {
                    rec.snapshot = next;
                    rec.fetched.insert(e, done);
                    out.applied.push(e);
                    if e == Endpoint::Profile {
                        rec.utc_offset_ms = map::utc_offset_ms(&res.body).or(rec.utc_offset_ms);
                        rec.time_zone = map::time_zone(&res.body).or(rec.time_zone.take());
                    }
                }
                // Only the widgets that needed this answer break.
                Err(_) => map::mark(e, &mut rec.snapshot, &Mark::Failed(crate::words::UNREADABLE_ANSWER.into()), false),
            }
        }
        Err(ApiError::NotShared(_)) => map::mark(e, &mut rec.snapshot, &Mark::NotShared, false),
        Err(ApiError::RateLimited { reset_secs }) => {
            budget.rate_limited(done, reset_secs);
            out.rate_limited_until_ms = budget.blocked_until_ms;
        }
        Err(ApiError::Retired) => out.retired = true,
        Err(ApiError::Auth(AuthError::Ended)) => out.session_ended = true,
        Err(ApiError::Auth(AuthError::SignedOut)) => out.signed_out = true,
        Err(ApiError::Server(_)) | Err(ApiError::Network(_)) | Err(ApiError::Auth(AuthError::Temporary(TokenError::Network(_)))) => {
            out.unreachable = true;
            map::mark(e, &mut rec.snapshot, &Mark::Failed(crate::words::COULD_NOT_LOAD.into()), true);
        }
        Err(ApiError::Auth(AuthError::Temporary(t))) => {
            if let TokenError::RateLimited { until_ms: Some(until) } = t {
                out.rate_limited_until_ms = Some(until);
            }
            map::mark(e, &mut rec.snapshot, &Mark::Failed(t.message()), true);
            out.auth_problem = Some(t);
        }
        Err(ApiError::Permission(_)) if Endpoint::INTRADAY.contains(&e) => map::mark(
            e,
            &mut rec.snapshot,
            &Mark::Failed(
                "Minute-by-minute data needs a Fitbit app of type \"Personal\" (or Fitbit's approval). Turn it off \
                 in settings, or switch your app's type at dev.fitbit.com."
                    .into(),
            ),
            false,
        ),
        Err(ApiError::Unauthorized) => {
            out.refused = true;
            map::mark(e, &mut rec.snapshot, &Mark::Failed(ApiError::Unauthorized.message()), true);
        }
        Err(other) => map::mark(e, &mut rec.snapshot, &Mark::Failed(other.message()), true),
    }
}

/// Why a route could not be drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// Held back by the budget or Fitbit's 429: nothing before this instant.
    Limited {
        until_ms: i64,
    },
    Api(ApiError),
}

/// Points kept of a route: enough to draw it on a card, small enough to keep.
pub const ROUTE_POINTS: usize = 300;

/// One exercise's GPS route (a TCX request), spent from the shared budget like every other
/// request and thinned to about [`ROUTE_POINTS`] points.
pub async fn route<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    log_id: u64,
) -> Result<Vec<(f64, f64)>, RouteError>
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let now = clock.now_ms();
    let mut budget = Budget::load(budget_store, now);
    // A route is asked for by the person: it may use the reserve, not a 429 block.
    budget.check(now, true).map_err(|d| RouteError::Limited {
        until_ms: d.until_ms,
    })?;
    budget.reserve();
    budget.save(budget_store);
    let answer = client
        .get(
            &map::route_path(log_id),
            &[crate::scope::Scope::Activity, crate::scope::Scope::Location],
        )
        .await;
    let done = clock.now_ms();
    let mut budget = Budget::load(budget_store, done);
    let result = match answer {
        Ok(res) => {
            budget.observe(res.rate_remaining);
            Ok(map::thin(map::tcx_route(&res.body), ROUTE_POINTS))
        }
        Err(ApiError::RateLimited { reset_secs }) => {
            budget.rate_limited(done, reset_secs);
            Err(RouteError::Limited {
                until_ms: budget.blocked_until_ms.unwrap_or(done),
            })
        }
        Err(e) => Err(RouteError::Api(e)),
    };
    budget.save(budget_store);
    result
}

/// Endpoints whose answer depends on the day viewed (the rest cover the last 30 days already).
pub const DAY_ENDPOINTS: [Endpoint; 3] =
    [Endpoint::DailySummary, Endpoint::FoodLog, Endpoint::Heart];

/// The snapshot as of a previous `day`: the cached data, plus that day's activity summary, food
/// log and heart-rate zones (three requests, within the same budget). Never touches the cache.
pub async fn load_day<S, H, C, L>(
    client: &Client<S, H, C, L>,
    budget_store: &impl KvStore,
    clock: &impl Clock,
    base: &Snapshot,
    granted: &[crate::scope::Scope],
    day: Date,
) -> (Snapshot, Outcome)
where
    S: KvStore + 'static,
    H: Http + 'static,
    C: Clock + 'static,
    L: Locks + 'static,
{
    let mut rec = CacheRecord::new("day", day);
    rec.snapshot = base.clone();
    rec.snapshot.today = day;
    rec.snapshot.nutrition = crate::model::Slot::Loading;
    rec.snapshot.heart_zones = crate::model::Slot::Loading;
    // Today's curves do not belong to another day.
    rec.snapshot.intraday.clear();
    let plan: Vec<Endpoint> = DAY_ENDPOINTS
        .into_iter()
        .filter(|e| e.scopes().iter().all(|s| granted.contains(s)))
        .collect();
    let out = refresh(
        client,
        budget_store,
        clock,
        &mut rec,
        &plan,
        &|_| day,
        Want::Only(plan.clone()),
    )
    .await;
    for e in DAY_ENDPOINTS.iter().filter(|e| !plan.contains(e)) {
        map::mark(*e, &mut rec.snapshot, &Mark::NotShared, false);
    }
    (rec.snapshot, out)
}

#[cfg(test)]
mod tests;
