//! "Sign out" of a live source: one dialog for every source, its words from the source's
//! capability row. It revokes the access, and (the default) deletes exactly the data that
//! source gave, saying what stays: another source's data is never touched.

use super::{sources, AppState};
use crate::browser::window;
use crate::model::Origin;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub(crate) fn SignOut(st: AppState, src: Origin, open: RwSignal<bool>) -> impl IntoView {
    let caps = src.caps();
    let also_clear = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let net = crate::pwa::NeedsNetwork::here();
    // What the other sources hold, read once the dialog opens ("the 399 days from your export stay").
    let stays = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Some((list, _)) = super::place::held().await {
            let _ = stays.try_set(Some(crate::words::what_stays(&list, src)));
        }
    });
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let notice = sources::sign_out(st, src, also_clear.get_untracked()).await;
            open.set(false);
            busy.set(false);
            st.notice.set(Some(notice));
        });
    };
    // A modal <dialog>: the browser moves focus into it, keeps it there, closes it on Esc
    // (the `cancel` event) and gives focus back to "Sign out" afterwards.
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        }
    });
    view! {
        <dialog class="panel signout" node_ref=dialog aria-labelledby="signout-title"
            on:cancel=move |ev: web_sys::Event| {
                // Esc: the browser closes the dialog (then `close` below), unless signing out.
                if busy.get_untracked() {
                    ev.prevent_default();
                }
            }
            on:close=move |_| {
                open.set(false);
                // Focus goes back to "Sign out" once the dialog has left the page.
                set_timeout(|| {
                    if let Some(b) = window().document().and_then(|d| d.get_element_by_id("signout-open")) {
                        let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(b).focus();
                    }
                }, std::time::Duration::ZERO);
            }>
            <h2 id="signout-title">{format!("Sign out of {}?", caps.name)}</h2>
            <p>{move || if !net.offline() {
                format!("pulsedeck will ask {} to revoke its access and forget the sign-in in every tab.", caps.name)
            } else {
                format!(
                    "You are offline: pulsedeck will forget the sign-in in every tab, but cannot ask {} to revoke \
                     its access. You can remove it later in {}.",
                    caps.name, caps.revoke_where
                )
            }}</p>
            <label class="check">
                <input type="checkbox" prop:checked=move || also_clear.get() on:change=move |_| also_clear.update(|v| *v = !*v)/>
                {format!(" Also delete the data {} gave from this browser", caps.name)}
            </label>
            <p class="hint" id="signout-stays">{move || stays.get()}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=confirm disabled=move || busy.get()>"Sign out"</button>
                <button type="button" class="secondary" autofocus on:click=move |_| {
                    if let Some(d) = dialog.get() {
                        d.close();
                    }
                }>"Cancel"</button>
            </div>
        </dialog>
    }
}
