//! The first visit's page: the setup screen alone (see `welcome`), loaded instead of the app
//! when this browser holds no one's data.

fn main() {
    pulsedeck::shell::start(pulsedeck::welcome::mount);
}
