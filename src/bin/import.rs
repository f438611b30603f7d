//! The import worker's entry point (see `takeout::worker`).

fn main() {
    pulsedeck::takeout::worker::start();
}
