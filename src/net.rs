//! The only code that calls `fetch`. Everything else goes through the `env::Http` trait.

use crate::browser::window;
use crate::env::{Http, HttpRequest, HttpResponse, Method, NetError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `fetch` with a timeout, no cookies, no referrer and no HTTP cache.
#[derive(Clone, Copy, Debug)]
pub struct FetchHttp {
    pub timeout_ms: i32,
}

impl Default for FetchHttp {
    fn default() -> Self {
        FetchHttp { timeout_ms: 20_000 }
    }
}

fn js_err(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

/// The error of a failed step: a timeout if the timer aborted the request, else what `fetch`
/// said.
fn failed(timed_out: bool, e: JsValue) -> NetError {
    if timed_out {
        NetError::TimedOut
    } else {
        NetError::Failed(js_err(e))
    }
}

/// The request as `fetch` takes it, and the controller that aborts it.
fn request(req: &HttpRequest) -> Result<(web_sys::Request, web_sys::AbortController), NetError> {
    let init = web_sys::RequestInit::new();
    init.set_method(match req.method {
        Method::Get => "GET",
        Method::Post => "POST",
    });
    init.set_mode(web_sys::RequestMode::Cors);
    // Tokens travel in the Authorization header only; never cookies or a Referer.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = web_sys::Headers::new().map_err(|e| NetError::Failed(js_err(e)))?;
    for (k, v) in &req.headers {
        headers.set(k, v).map_err(|e| NetError::Failed(js_err(e)))?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    let abort = web_sys::AbortController::new().map_err(|e| NetError::Failed(js_err(e)))?;
    init.set_signal(Some(&abort.signal()));
    let request = web_sys::Request::new_with_str_and_init(&req.url, &init)
        .map_err(|e| NetError::Failed(js_err(e)))?;
    Ok((request, abort))
}

/// A response's headers as (name, value) pairs.
fn headers_of(resp: &web_sys::Response) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            headers.push((
                pair.get(0).as_string().unwrap_or_default(),
                pair.get(1).as_string().unwrap_or_default(),
            ));
        }
    }
    headers
}

impl Http for FetchHttp {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, NetError> {
        let (request, abort) = request(&req)?;

        let timed_out = Rc::new(Cell::new(false));
        let flag = timed_out.clone();
        let aborter = abort.clone();
        let on_timeout = Closure::once(move || {
            flag.set(true);
            aborter.abort();
        });
        let timer = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                self.timeout_ms,
            )
            .ok();
        let outcome = async {
            let resp: web_sys::Response = JsFuture::from(window().fetch_with_request(&request))
                .await
                .map_err(|e| failed(timed_out.get(), e))?
                .unchecked_into();
            let headers = headers_of(&resp);
            let text = resp.text().map_err(|e| NetError::Failed(js_err(e)))?;
            let body = JsFuture::from(text)
                .await
                .map_err(|e| failed(timed_out.get(), e))?
                .as_string()
                .unwrap_or_default();
            Ok(HttpResponse {
                status: resp.status(),
                headers,
                body,
            })
        }
        .await;
        if let Some(t) = timer {
            window().clear_timeout_with_handle(t);
        }
        drop(on_timeout);
        outcome
    }
}
