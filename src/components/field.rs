//! A client ID field of a setup form: its label, the value as typed, and the error that the
//! check of its shape gave (cleared as soon as the person types again).

use leptos::prelude::*;

#[component]
pub fn ClientIdField(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=id autocomplete="off" spellcheck="false" placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
                aria-invalid=move || error.with(|e| if e.is_some() { "true" } else { "false" })
                aria-describedby=error_id.clone()/>
            <p id=error_id class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
