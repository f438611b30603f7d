//! A value to paste elsewhere (a redirect URL, an origin), with its Copy button.

use leptos::prelude::*;

#[component]
pub fn CopyRow(id: &'static str, value: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let text = value.clone();
    let copy = move |_| {
        let _ = crate::browser::window()
            .navigator()
            .clipboard()
            .write_text(&text);
        copied.set(true);
    };
    view! {
        <div class="copy-row">
            <code id=id>{value}</code>
            <button type="button" class="secondary" on:click=copy aria-describedby=id>
                {move || if copied.get() { "Copied" } else { "Copy" }}
            </button>
        </div>
    }
}
