//! The few things pulsedeck needs from its surroundings, behind small traits (after
//! AppAuth-JS and auth0-spa-js): a clock, key-value storage, HTTP and a cross-tab lock.
//! Browser implementations live in `browser.rs` (storage, clock, lock) and `net.rs` (HTTP);
//! native tests supply fakes, so auth and data logic run under plain `cargo test`.

use std::future::Future;

pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// String key-value storage (localStorage, sessionStorage).
pub trait KvStore {
    fn get(&self, key: &str) -> Option<String>;
    /// Fails when storage is full or disabled (private mode, quota).
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    fn remove(&self, key: &str);
    /// Every key held (to evict caches when storage is full).
    fn keys(&self) -> Vec<String>;
}

/// Removes every key starting with `prefix`.
pub fn remove_prefixed(store: &impl KvStore, prefix: &str) {
    for k in store.keys().into_iter().filter(|k| k.starts_with(prefix)) {
        store.remove(&k);
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The body, already encoded as its `Content-Type` header says (a form for the token
    /// endpoints, JSON for Google's rollups).
    pub body: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    /// Header names lower-case. Cross-origin, only CORS-exposed headers are visible.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request never produced a response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetError {
    /// Offline, DNS, TLS, CORS refusal… the browser does not say which.
    Failed(String),
    TimedOut,
    Aborted,
}

impl NetError {
    /// Plain words for logs and messages (never a `Debug` dump).
    pub fn describe(&self) -> String {
        match self {
            NetError::Failed(m) => m.clone(),
            NetError::TimedOut => "no answer in time".into(),
            NetError::Aborted => "cancelled".into(),
        }
    }
}

#[allow(async_fn_in_trait)]
pub trait Http {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, NetError>;
}

/// A lock shared by every tab of this origin (the Web Locks API in browsers).
#[allow(async_fn_in_trait)]
pub trait Locks {
    async fn with_lock<T: 'static, F: Future<Output = T> + 'static>(&self, name: &str, f: F) -> T;
}

/// Encodes key-value pairs as `application/x-www-form-urlencoded` (also used for query strings).
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// Decodes a query string (with or without the leading `?`).
pub fn form_decode(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}
