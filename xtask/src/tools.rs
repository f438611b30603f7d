//! Finding or installing every tool the build and the tests need.
//!
//! Installed tools go to a per-user cache (`$PULSEDECK_TOOLS`, else
//! `$XDG_CACHE_HOME/pulsedeck/tools`, else `~/.cache/pulsedeck/tools`), not the repository, so a
//! fresh clone (as in CI) reuses them, and a developer's own global Trunk is never replaced.

use crate::run;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_REQ: &str = "0.21";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The repository root (the xtask crate lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent")
        .to_path_buf()
}

/// Where the end-to-end tests and the npm tools live.
pub fn node_dir() -> PathBuf {
    root().join("tests").join("e2e")
}

fn tools_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("PULSEDECK_TOOLS") {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| root().join("target"));
    cache.join("pulsedeck").join("tools")
}

fn step(msg: &str) {
    println!("==> {msg}");
}

pub struct Toolchain {
    path: OsString,
    /// Debian's rustc-web builds std for wasm32 from source (no prebuilt target available).
    build_std: bool,
    pub chrome: Option<PathBuf>,
    pub chromedriver: Option<PathBuf>,
}

impl Toolchain {
    /// Makes sure the build tools exist; with `browser`, also Chromium and the npm test tools.
    pub fn setup(browser: bool) -> Result<Toolchain, String> {
        let tools_bin = tools_dir().join("bin");
        let node_bin = node_dir().join("node_modules").join(".bin");
        let mut paths = vec![tools_bin.clone(), node_bin];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(paths).map_err(|e| e.to_string())?;
        let mut tc = Toolchain {
            path,
            build_std: false,
            chrome: None,
            chromedriver: None,
        };

        tc.ensure_wasm_target()?;
        tc.ensure_trunk()?;
        tc.ensure_wasm_bindgen()?;
        tc.ensure_node_modules()?;
        if browser {
            tc.ensure_chromium()?;
        }
        Ok(tc)
    }

    fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new(program);
        c.env("PATH", &self.path).current_dir(root());
        c
    }

    fn which(&self, name: &str) -> Option<PathBuf> {
        std::env::split_paths(&self.path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    }

    /// A program found on the toolchain's PATH (its own tools, node_modules/.bin, the system's).
    pub fn tool(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        self.cmd(program)
    }

    /// twiggy, for the benchmark's size breakdown: installed on first use (~1 minute), like
    /// the other build tools, from crates.io.
    pub fn twiggy(&self) -> Result<PathBuf, String> {
        const WANT: &str = "0.8.0";
        if let Some(p) = self.which("twiggy") {
            if run::capture(self.cmd(&p).arg("--version")).is_some_and(|v| v.ends_with(WANT)) {
                return Ok(p);
            }
        }
        step(&format!(
            "installing twiggy {WANT} (for the size breakdown; ~1 minute once)"
        ));
        let mut c = self.cmd("cargo");
        c.args([
            "install",
            "twiggy",
            "--version",
            &format!("={WANT}"),
            "--root",
        ])
        .arg(tools_dir());
        run::status(&mut c, "installing twiggy")?;
        self.which("twiggy")
            .ok_or_else(|| "twiggy is still missing after installing it".into())
    }

    /// Native `cargo`.
    pub fn cargo(&self) -> Command {
        self.cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// Applies the build-std fallback to a command that compiles for wasm32.
    fn wasm_env(&self, c: &mut Command) {
        if self.build_std {
            let mut paths = vec![PathBuf::from("/usr/bin")];
            paths.extend(std::env::split_paths(&self.path));
            c.env("PATH", std::env::join_paths(paths).expect("valid PATH"))
                .env("RUSTC", "/usr/bin/rustc")
                .env("RUSTDOC", "/usr/bin/rustdoc")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
        }
    }

    /// `cargo` for wasm32 builds and browser tests.
    pub fn wasm_cargo(&self) -> Command {
        let mut c = self.cmd("cargo");
        self.wasm_env(&mut c);
        if let Some(d) = &self.chromedriver {
            c.env("CHROMEDRIVER", d);
        }
        c
    }

    pub fn trunk(&self) -> Command {
        let mut c = self.cmd("trunk");
        self.wasm_env(&mut c);
        c.env("TRUNK_SKIP_VERSION_CHECK", "true");
        // The post-build hook calls back into this very binary (see Trunk.toml), so it never
        // has to rebuild xtask under the wasm build-std environment.
        if let Ok(me) = std::env::current_exe() {
            c.env("PULSEDECK_XTASK", me);
        }
        c
    }

    /// `npx` in the end-to-end test directory.
    pub fn npx(&self) -> Command {
        let mut c = self.cmd("npx");
        c.current_dir(node_dir());
        // Tests that rebuild part of a dist (the service-worker update test) call this binary.
        if let Ok(me) = std::env::current_exe() {
            c.env("PULSEDECK_XTASK", me);
        }
        if let Some(p) = &self.chrome {
            c.env("CHROME_PATH", p);
        }
        c
    }

    /// A release build with the given base path into `dist`.
    pub fn release_build(&self, public_url: &str, dist: &Path) -> Result<(), String> {
        step(&format!("release build (public URL {public_url})"));
        let mut c = self.trunk();
        c.args(["build", "--release", "--public-url", public_url, "--dist"])
            .arg(dist);
        run::status(&mut c, "trunk build --release")
    }

    fn ensure_wasm_target(&mut self) -> Result<(), String> {
        let has_target = || {
            run::capture(self.cmd("rustc").args(["--print", "sysroot"]))
                .map(|s| {
                    Path::new(&s)
                        .join("lib/rustlib")
                        .join(WASM_TARGET)
                        .join("lib")
                        .is_dir()
                })
                .unwrap_or(false)
        };
        if has_target() {
            return Ok(());
        }
        if self.which("rustup").is_some() {
            step(&format!("installing the {WASM_TARGET} target with rustup"));
            let ok = run::status(
                self.cmd("rustup").args(["target", "add", WASM_TARGET]),
                "rustup target add",
            )
            .is_ok();
            if ok && has_target() {
                return Ok(());
            }
        }
        // Fallback (shared/toolchain.md): Debian's rustc-web compiles std for wasm32 itself.
        if !Path::new("/usr/lib/rustlib/src/rust/library").is_dir()
            || !Path::new("/usr/bin/rustc").is_file()
        {
            step("no prebuilt wasm32 std: installing Debian's rustc-web toolchain to build it from source");
            apt_install(&["rustc-web", "cargo-web", "rust-web-src", "rust-web-llvm", "lld-22"]).map_err(|e| {
                format!("{e}\nInstall the wasm32 target another way: `rustup target add {WASM_TARGET}`.")
            })?;
        }
        self.build_std = true;
        Ok(())
    }

    fn ensure_trunk(&self) -> Result<(), String> {
        let version = run::capture(self.cmd("trunk").arg("--version")).unwrap_or_default();
        if version.starts_with(&format!("trunk {TRUNK_REQ}.")) {
            return Ok(());
        }
        step(&format!(
            "installing Trunk {TRUNK_REQ} (takes ~7 minutes once; found {version:?})"
        ));
        let mut c = self.cmd("cargo");
        c.args([
            "install",
            "trunk",
            "--version",
            &format!("^{TRUNK_REQ}"),
            "--locked",
            "--root",
        ])
        .arg(tools_dir());
        run::status(&mut c, "installing trunk")
    }

    fn ensure_wasm_bindgen(&self) -> Result<(), String> {
        let want = locked_version("wasm-bindgen")?;
        let found = run::capture(self.cmd("wasm-bindgen").arg("--version")).unwrap_or_default();
        let runner = self.which("wasm-bindgen-test-runner").is_some();
        // Trunk only uses a wasm-bindgen that matches Cargo.lock exactly (otherwise it tries to
        // download one, which fails offline).
        if found == format!("wasm-bindgen {want}") && runner {
            return Ok(());
        }
        step(&format!(
            "installing wasm-bindgen-cli {want} (matches Cargo.lock; ~2 minutes once)"
        ));
        // No --locked: the CLI's own lock file names a version the index no longer has.
        let mut c = self.cmd("cargo");
        c.args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={want}"),
            "--root",
        ])
        .arg(tools_dir());
        run::status(&mut c, "installing wasm-bindgen-cli")
    }

    fn ensure_node_modules(&self) -> Result<(), String> {
        let dir = node_dir();
        let lock = dir.join("package-lock.json");
        let marker = dir.join("node_modules").join(".package-lock.json");
        let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
            (Ok(l), Ok(m)) => m.modified().ok() >= l.modified().ok(),
            _ => false,
        };
        if fresh && dir.join("node_modules/.bin/wasm-opt").exists() {
            return Ok(());
        }
        if self.which("npm").is_none() {
            return Err(
                "npm not found: install Node.js 18 or newer (with npm), then run this again".into(),
            );
        }
        step("installing npm tools (binaryen for wasm-opt, Playwright, Lighthouse, axe-core)");
        let mut c = self.cmd("npm");
        c.args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir);
        run::status(&mut c, "npm ci")
    }

    fn ensure_chromium(&mut self) -> Result<(), String> {
        let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
            if let Some(p) = std::env::var_os(var)
                .map(PathBuf::from)
                .filter(|p| p.is_file())
            {
                return Some(p);
            }
            names.iter().find_map(|n| self.which(n))
        };
        let browsers = ["chromium", "chromium-browser", "google-chrome"];
        let mut chrome = find("CHROME_PATH", &browsers);
        let mut driver = find("CHROMEDRIVER", &["chromedriver"]);
        if chrome.is_none() || driver.is_none() {
            step("installing Chromium and ChromeDriver from apt");
            apt_install(&["chromium", "chromium-driver"]).map_err(|e| {
                format!(
                    "{e}\nThe browser tests need Chromium and a matching ChromeDriver. Install them \
                     (Debian/Ubuntu: `apt-get install chromium chromium-driver`) or point \
                     CHROME_PATH and CHROMEDRIVER at them."
                )
            })?;
            chrome = find("CHROME_PATH", &browsers);
            driver = find("CHROMEDRIVER", &["chromedriver"]);
        }
        self.chrome = Some(chrome.ok_or("Chromium is still missing after installing it")?);
        self.chromedriver =
            Some(driver.ok_or("ChromeDriver is still missing after installing it")?);
        Ok(())
    }
}

pub fn apt_install(packages: &[&str]) -> Result<(), String> {
    let root = run::capture(Command::new("id").arg("-u")).as_deref() == Some("0");
    let sudo = !root && run::capture(Command::new("sudo").args(["-n", "true"])).is_some();
    if !Path::new("/usr/bin/apt-get").exists() || !(root || sudo) {
        return Err(format!(
            "cannot install {} automatically (needs apt-get as root)",
            packages.join(" ")
        ));
    }
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run::status(&mut apt(&["update", "-qq"]), "apt-get update")?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    run::status(&mut install, "apt-get install")
}

/// The exact version of a package in Cargo.lock.
pub fn locked_version(name: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    parse_locked_version(&lock, name).ok_or_else(|| format!("{name} is not in Cargo.lock"))
}

fn parse_locked_version(lock: &str, name: &str) -> Option<String> {
    let needle = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == needle {
            let v = lines
                .next()?
                .trim()
                .strip_prefix("version = \"")?
                .strip_suffix('"')?;
            return Some(v.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_exact_locked_version_and_not_a_prefix_match() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            parse_locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(parse_locked_version(lock, "leptos"), None);
    }

    #[test]
    fn the_real_lock_file_pins_wasm_bindgen() {
        let v = locked_version("wasm-bindgen").unwrap();
        assert!(v.starts_with("0.2."), "{v}");
    }
}
