fn main() {
    // The static frame is left on screen until it has been painted, then replaced in one task.
    wasm_bindgen_futures::spawn_local(async {
        pulsedeck::shell::frame_shown().await;
        pulsedeck::shell::drop_frame();
        // A `<meta>` CSP cannot carry `frame-ancestors` and GitHub Pages sends no headers, so the
        // app itself refuses to run inside another page's frame (clickjacking).
        if pulsedeck::shell::framed() {
            leptos::mount::mount_to_body(pulsedeck::shell::Framed);
        } else {
            leptos::mount::mount_to_body(pulsedeck::app::App);
        }
    });
}
