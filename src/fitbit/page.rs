//! The page's side of Fitbit: the tab's session and API client, starting sign-in (and asking
//! for more), and what is kept for the person (Fitbit's record and their history) so a return
//! visit (or an ended session) still shows data; one refresh under the person's lock.

use super::auth::flow::{self, AuthRequest};
use super::auth::session::{Endpoints, Session};
use super::endpoints::Endpoint;
use super::settings::{self, CLIENT_ID_KEY, SCOPES_KEY};
use super::sync::{self, CacheRecord, Outcome};
use crate::browser::{window, JsClock, WebLocks, WebStorage};
use crate::date::Date;
use crate::env::{Clock, KvStore, Locks};
use crate::fitbit::{self, client::Client};
use crate::here::{device_today, redirect_uri, zone_date};
use crate::history::idb::IdbParts;
use crate::history::person::ME;
use crate::history::store::{self, StoreError};
use crate::history::History;
use crate::layout::Layout;
use crate::model::{Origin, Slot, Snapshot};
use crate::net::FetchHttp;
use crate::prefs::{intraday_on, local, saved_layout};
use crate::scope::Scope;

pub type AppSession = Session<WebStorage, FetchHttp, JsClock, WebLocks>;
pub type AppClient = Client<WebStorage, FetchHttp, JsClock, WebLocks>;

use crate::keys::CACHE_PREFIX;

thread_local! {
    // One session per tab, so concurrent callers share one in-flight refresh.
    static SESSION: AppSession = Session::new(
        WebStorage,
        FetchHttp::default(),
        JsClock,
        WebLocks,
        Endpoints { token_url: fitbit::TOKEN_URL.into(), revoke_url: fitbit::REVOKE_URL.into() },
    );
}

pub fn session() -> AppSession {
    SESSION.with(|s| s.clone())
}

pub fn client() -> AppClient {
    Client {
        session: session(),
        http: FetchHttp::default(),
        api_origin: fitbit::API_ORIGIN.into(),
    }
}

pub fn saved_client_id() -> Option<String> {
    local()
        .get(CLIENT_ID_KEY)
        .or_else(|| settings::default_client_id().map(String::from))
}

pub fn saved_scopes() -> Vec<Scope> {
    settings::parse_saved_scopes(local().get(SCOPES_KEY).as_deref())
}

/// Remembers the choices and sends the browser to Fitbit's consent page.
pub fn start_sign_in(client_id: &str, scopes: &[Scope], force_consent: bool) -> Result<(), String> {
    let client_id = settings::validate_client_id(client_id)?;
    if scopes.is_empty() {
        return Err("Choose at least one kind of data to share.".into());
    }
    let _ = local().set(CLIENT_ID_KEY, &client_id);
    let _ = local().set(
        SCOPES_KEY,
        &scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    let req = AuthRequest {
        client_id,
        redirect_uri: redirect_uri(),
        scopes: scopes.to_vec(),
        force_consent,
    };
    let (tx, url) = flow::begin(&req, fitbit::AUTHORIZE_URL, JsClock.now_ms());
    flow::save_transaction(&local(), &tx).map_err(|e| {
        format!("Cannot start signing in: {e}. Allow this site to store data and try again.")
    })?;
    window()
        .location()
        .assign(&url)
        .map_err(|_| "The browser refused to open Fitbit's sign-in page.".to_string())
}

/// Asks Fitbit again, for what is granted now plus `extra` (with the consent page shown).
pub fn request_more(extra: &[Scope]) -> Result<(), String> {
    let mut scopes = session()
        .tokens()
        .map(|t| t.scopes)
        .unwrap_or_else(saved_scopes);
    scopes.extend_from_slice(extra);
    scopes.sort();
    scopes.dedup();
    let client_id = saved_client_id().ok_or("Set your Fitbit client ID first.")?;
    start_sign_in(&client_id, &scopes, true)
}

pub fn cache_key(user_id: &str) -> String {
    format!("{CACHE_PREFIX}{user_id}")
}

async fn parts() -> Result<IdbParts, StoreError> {
    crate::history::idb::shared().await
}

/// What this browser keeps for a connected person: Fitbit's own record (freshness, time
/// zone, current state) and their history.
pub struct Kept {
    pub rec: CacheRecord,
    pub history: History,
    /// A newer pulsedeck keeps the store: shown as far as readable, never written.
    pub newer: bool,
    /// Why the last write did not happen (the browser refused it, a newer store).
    pub refused: Option<StoreError>,
}

impl Kept {
    /// What the dashboard shows: the record painted with history.
    pub fn shown(&self) -> Snapshot {
        let mut s = self.rec.snapshot.clone();
        self.history.paint(&mut s);
        s
    }
}

/// Reads what is kept for `user_id`; the first time, moves the localStorage cache of the
/// previous version into the store (removed from localStorage only once stored).
pub async fn load_kept(user_id: &str) -> Kept {
    let legacy = CacheRecord::load(&local(), &cache_key(user_id), user_id);
    let loaded = match parts().await {
        Ok(p) => store::load_parts(&p, ME.prefix).await.ok(),
        Err(_) => None,
    };
    let stored_rec = loaded
        .as_ref()
        .and_then(|l| l.live(Origin::Fitbit))
        .and_then(CacheRecord::from_json)
        .filter(|r| r.v == sync::CACHE_VERSION && r.user_id == user_id);
    let newer = loaded.as_ref().is_some_and(|l| l.newer);
    let mut history = loaded.map(|l| l.history).unwrap_or_default();
    let rec = match (stored_rec, legacy) {
        (Some(rec), _) => rec,
        (None, Some(old)) => {
            history.absorb_all(Origin::Fitbit, &old.snapshot);
            old
        }
        (None, None) => CacheRecord::new(user_id, device_today()),
    };
    let today = person_today(&rec);
    if let Ok(p) = parts().await {
        let _ = store::load_curves(&p, ME.prefix, &mut history, today).await;
    }
    let mut kept = Kept {
        rec,
        history,
        newer,
        refused: None,
    };
    if local().get(&cache_key(user_id)).is_some() && !newer && save_kept(&mut kept).await {
        local().remove(&cache_key(user_id));
    }
    kept
}

/// Stores the record and the changed parts of history in one transaction. Without a usable
/// IndexedDB the record goes to localStorage as before (history beyond it is not kept); a
/// newer store or a refused write is kept in `refused`, for the app to say.
async fn save_kept(kept: &mut Kept) -> bool {
    let user_id = kept.rec.user_id.clone();
    let text = serde_json::to_string(&kept.rec).expect("serialisable");
    let result = match parts().await {
        Ok(p) => {
            store::save(
                &p,
                ME.prefix,
                &mut kept.history,
                Some((Origin::Fitbit, text)),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match &result {
        Ok(()) => {
            crate::history::idb::written();
        }
        // Never a copy beside a newer store: that tab's data is the one to keep.
        Err(StoreError::Newer) => {}
        Err(_) => kept.rec.save(&local(), &cache_key(&user_id)),
    }
    kept.refused = result.err();
    kept.refused.is_none()
}

/// Runs `f` on what is kept for `user_id`, holding the writers' lock (so no two tabs or an
/// import ever write at once), re-reading the store first, saving after if `f` says so.
async fn with_kept<T: 'static>(
    user_id: &str,
    f: impl AsyncFnOnce(&mut Kept) -> (bool, T) + 'static,
) -> (Kept, T) {
    let user_id = user_id.to_string();
    // Opened (and an old store adopted) before the lock is taken: adopting takes it too.
    let _ = parts().await;
    WebLocks
        .with_lock(ME.lock, async move {
            let mut kept = load_kept(&user_id).await;
            let (changed, out) = f(&mut kept).await;
            if changed {
                save_kept(&mut kept).await;
            }
            (kept, out)
        })
        .await
}

/// The endpoints the shown widgets need, with this browser's settings.
pub fn dashboard_plan(granted: &[Scope], layout: &Layout) -> Vec<Endpoint> {
    fitbit::endpoints::plan(&layout.needs(intraday_on()), granted)
}

/// The person's today as the record knows it (see `sync::today`).
pub fn person_today(rec: &CacheRecord) -> Date {
    let now = JsClock.now_ms();
    sync::today(rec, now, |tz| zone_date(tz, now), device_today())
}

/// One refresh for `user_id`, one tab at a time: re-reads the store (another tab may just
/// have fetched), fetches what `want` asks for, keeps what came back well.
pub async fn refresh(user_id: &str, granted: &[Scope], want: sync::Want) -> (Kept, Outcome) {
    let granted = granted.to_vec();
    with_kept(user_id, async move |kept: &mut Kept| {
        let plan = dashboard_plan(&granted, &saved_layout());
        let out = sync::refresh(
            &client(),
            &local(),
            &JsClock,
            &mut kept.rec,
            &plan,
            &person_today,
            want,
        )
        .await;
        kept.history.absorb(
            Origin::Fitbit,
            &kept.rec.snapshot,
            &CacheRecord::applied_needs(&out),
        );
        (!out.requested.is_empty(), out)
    })
    .await
}

/// One exercise's route, through the shared budget (see `sync::route`), kept with the record.
pub async fn route(user_id: &str, log_id: u64) -> Result<Vec<(f64, f64)>, sync::RouteError> {
    let result = sync::route(&client(), &local(), &JsClock, log_id).await;
    if let Ok(points) = &result {
        let slot = if points.is_empty() {
            Slot::NoData
        } else {
            Slot::Ready(points.clone())
        };
        with_kept(user_id, async move |kept: &mut Kept| {
            kept.rec.snapshot.routes.insert(log_id, slot);
            (true, ())
        })
        .await;
    }
    result
}

/// The snapshot as of a previous day: three requests (the store is not changed), painted
/// with what history holds of that day (its food, zones and curves, once stored).
pub async fn load_day(
    user_id: &str,
    base: &Snapshot,
    granted: &[Scope],
    day: Date,
) -> (Snapshot, Outcome) {
    let (mut snap, out) = sync::load_day(&client(), &local(), &JsClock, base, granted, day).await;
    let mut history = load_kept(user_id).await.history;
    if let Ok(p) = parts().await {
        let _ = store::load_curves(&p, ME.prefix, &mut history, day).await;
    }
    history.paint(&mut snap);
    (snap, out)
}
