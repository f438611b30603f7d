fn main() {
    leptos::mount::mount_to_body(pulsedeck::app::App);
}
