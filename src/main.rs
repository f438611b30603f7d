fn main() {
    // A `<meta>` CSP cannot carry `frame-ancestors` and GitHub Pages sends no headers, so the
    // app itself refuses to run inside another page's frame (clickjacking).
    pulsedeck::shell::drop_frame();
    if pulsedeck::shell::framed() {
        leptos::mount::mount_to_body(pulsedeck::shell::Framed);
    } else {
        leptos::mount::mount_to_body(pulsedeck::app::App);
    }
}
