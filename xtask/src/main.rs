//! pulsedeck's build chores, in Rust instead of shell scripts (rust-analyzer's `xtask` pattern).
//!
//! Every command first makes sure the tools it needs are present, installing what is missing
//! (idempotent, and quick when everything is already there), so a fresh machine needs only
//! rustup/cargo, node/npm and, for the browser, apt or an installed Chromium.

mod bench;
mod csp;
mod engines;
mod icons;
mod loader;
mod minify;
mod plant;
mod pwa;
mod run;
mod size;
mod takeout;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--release] [--port N]     build and serve the app at http://127.0.0.1:8080/ with live reload
  test                             run every test layer (native, browser, mock, end-to-end)
  setup [--browser]                install the build tools (and Chromium + test tools with --browser)
  dist [--public-url /path/] [--out DIR]
                                   release build into dist/ or DIR (default public URL: /)
  bench [--size|--import|--insights|--phone|--lighthouse]  release build under /pulsedeck/: sizes and their breakdown, the first visit counted at the server, requests, store paint, insights, import, the phone section (4x CPU), Lighthouse (median of 3), the budget
                                   (--size: the size table only; --import: sizes and the import only; --insights: sizes and insights only; --phone: the first visit and the phone section only)
  takeout <dir>                    write the generated exports the end-to-end tests open into <dir>
  post-build                       Trunk's post-build hook (CSP hashes, 404.html, service worker)
  icons                            render public/icons/*.png from public/icon.svg (committed)
  screenshots                      retake public/screenshots/*.png from the demo (committed)
  sw <dir>                         regenerate <dir>/sw.js for the files now in <dir>
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "serve" => serve(rest),
        "test" => test::run(rest),
        "setup" => tools::Toolchain::setup(rest.iter().any(|a| a == "--browser")).map(|_| ()),
        "dist" => dist(rest),
        "bench" => bench::run(rest),
        "post-build" => post_build(),
        "takeout" => match rest.first() {
            Some(dir) => takeout::e2e(std::path::Path::new(dir)),
            None => Err("usage: cargo xtask takeout <dir>".into()),
        },
        "icons" => icons::render(&tools::root()),
        "screenshots" => screenshots(),
        "sw" => match rest.first() {
            // A new worker for files changed after a build (the end-to-end update test).
            Some(dir) => pwa::write_worker(std::path::Path::new(dir)),
            None => Err("usage: cargo xtask sw <dir>".into()),
        },
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("\nxtask {cmd}: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Runs inside `trunk build` on the staged files, before they replace the dist directory.
fn post_build() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(std::path::PathBuf::from)
        .ok_or("post-build runs as a Trunk hook (TRUNK_STAGING_DIR is not set)")?;
    let base = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    let release = std::env::var("TRUNK_PROFILE").as_deref() == Ok("release");
    if release {
        // While the page still names the app's loader by its integrity (its preload).
        minify::write(&staging)?;
    }
    loader::write(&staging)?;
    if !release {
        csp::write_dev_reload(&staging, &base)?;
    }
    csp::write(&staging)?;
    // `trunk serve` (debug) gets no worker: it would cache files under live reload.
    if release {
        pwa::write(&staging, &base)
    } else {
        Ok(())
    }
}

/// The manifest's screenshots, taken from the demo dashboard of a release build.
fn screenshots() -> Result<(), String> {
    let tc = tools::Toolchain::setup(true)?;
    let dist = tools::root().join("target").join("screenshot-dist");
    tc.release_build("/pulsedeck/", &dist)?;
    let mut node = tc.npx();
    node.args(["--no-install", "node", "tools/screenshots.js"])
        .env("PULSEDECK_DIST", &dist)
        .env("OUT", tools::root().join("public").join("screenshots"));
    run::status(&mut node, "screenshots")
}

fn flag_value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn serve(args: &[String]) -> Result<(), String> {
    let tc = tools::Toolchain::setup(false)?;
    let port = flag_value(args, "--port").unwrap_or("8080");
    let mut cmd = tc.trunk();
    cmd.args(["serve", "--port", port]);
    if args.iter().any(|a| a == "--release") {
        cmd.arg("--release");
    }
    println!("\npulsedeck will be at http://127.0.0.1:{port}/ (Ctrl-C to stop)\n");
    run::status(&mut cmd, "trunk serve")
}

fn dist(args: &[String]) -> Result<(), String> {
    let tc = tools::Toolchain::setup(false)?;
    let public_url = flag_value(args, "--public-url").unwrap_or("/");
    // Another folder than dist/ (two builds side by side: an end-to-end run, a second checkout).
    let out = flag_value(args, "--out")
        .map_or_else(|| tools::root().join("dist"), std::path::PathBuf::from);
    tc.release_build(public_url, &out)?;
    println!(
        "release build written to {} (public URL {public_url})",
        out.display()
    );
    Ok(())
}
