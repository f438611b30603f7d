//! Browser wiring for a connected account: the tab's session and API client, starting
//! sign-in, and the last snapshot kept for each user so a return visit (or an ended session)
//! still shows data.

use crate::auth::flow::{self, AuthRequest};
use crate::auth::session::{Endpoints, Session};
use crate::browser::{window, JsClock, WebLocks, WebStorage};
use crate::date::Date;
use crate::env::{Clock, KvStore, Locks};
use crate::fitbit::endpoints::Endpoint;
use crate::fitbit::sync::{self, CacheRecord, Outcome};
use crate::fitbit::{self, client::Client};
use crate::history::idb::IdbParts;
use crate::history::person::ME;
use crate::history::store::{self, StoreError};
use crate::history::History;
use crate::layout::Layout;
use crate::model::{Origin, Slot, Snapshot};
use crate::net::FetchHttp;
use crate::scope::Scope;
use crate::settings::{self, CLIENT_ID_KEY, SCOPES_KEY};

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

pub fn local() -> WebStorage {
    WebStorage
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

/// This page's root URL: the Redirect URL to register at dev.fitbit.com.
/// It follows the page's `<base>` (the public URL the build was made for), so it is the same
/// from any path the app is opened at.
pub fn redirect_uri() -> String {
    let loc = window().location();
    let base_path = window()
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|b| web_sys::Url::new(&b).ok())
        .map(|u| u.pathname());
    let path = base_path.unwrap_or_else(|| loc.pathname().unwrap_or_else(|_| "/".into()));
    settings::app_root(&loc.origin().unwrap_or_default(), &path)
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

/// Removes the callback's code and state from the address bar and the history entry.
pub fn clean_callback_url() {
    let loc = window().location();
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    }
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
            let _ = local().set(ME.stored_key, &JsClock.now_ms().to_string());
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

pub const REFRESH_MINUTES_KEY: &str = crate::keys::REFRESH_MINUTES;
pub const THEME_KEY: &str = crate::keys::THEME;
pub const INTRADAY_KEY: &str = crate::keys::INTRADAY;

/// Whether minute-by-minute curves are wanted (off by default: they need a Personal app).
pub fn intraday_on() -> bool {
    local().get(INTRADAY_KEY).as_deref() == Some("on")
}

/// The saved widget layout.
pub fn saved_layout() -> Layout {
    Layout::parse(local().get(crate::layout::KEY).as_deref())
}

/// Minutes between automatic refreshes (0: off); 15 unless chosen otherwise.
pub fn refresh_minutes() -> u32 {
    local()
        .get(REFRESH_MINUTES_KEY)
        .and_then(|s| s.parse().ok())
        .unwrap_or(15)
}

/// The endpoints the shown widgets need, with this browser's settings.
pub fn dashboard_plan(granted: &[Scope], layout: &Layout) -> Vec<Endpoint> {
    fitbit::endpoints::plan(&layout.needs(intraday_on()), granted)
}

/// Today's date on this device's clock, in its local time zone.
pub fn device_today() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("valid"))
}

/// The calendar date at `now_ms` in the IANA time zone `tz`, by the browser's `Intl` (so DST
/// rules cost no wasm); `None` for a zone the browser does not know.
pub fn zone_date(tz: &str, now_ms: i64) -> Option<Date> {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let opts = Object::new();
    for (k, v) in [
        ("timeZone", tz),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
    ] {
        Reflect::set(&opts, &k.into(), &v.into()).ok()?;
    }
    // en-CA writes dates as YYYY-MM-DD; an unknown zone throws a RangeError (caught here).
    let fmt = Reflect::construct(&ctor, &Array::of2(&"en-CA".into(), &opts)).ok()?;
    let format: Function = Reflect::get(&fmt, &"format".into()).ok()?.dyn_into().ok()?;
    let text = format
        .call1(&fmt, &JsValue::from_f64(now_ms as f64))
        .ok()?
        .as_string()?;
    Date::parse(&text).ok()
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

/// Local "HH:MM" of an instant, for messages.
pub fn clock_time(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
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
