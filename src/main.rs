fn main() {
    pulsedeck::shell::start(|| leptos::mount::mount_to_body(pulsedeck::app::App));
}
