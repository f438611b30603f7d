//! The first visit's page: the setup screen alone (see `welcome`), loaded instead of the app
//! when this browser holds no one's data.

fn main() {
    wasm_bindgen_futures::spawn_local(async {
        pulsedeck::shell::frame_shown().await;
        pulsedeck::shell::drop_frame();
        if pulsedeck::shell::framed() {
            leptos::mount::mount_to_body(pulsedeck::shell::Framed);
        } else {
            pulsedeck::welcome::mount();
        }
    });
}
