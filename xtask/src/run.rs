//! Running child processes with clear errors.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output; an error names what failed.
pub fn status(cmd: &mut Command, what: &str) -> Result<(), String> {
    let st = cmd
        .status()
        .map_err(|e| format!("{what}: could not start `{}`: {e}", describe(cmd)))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({st}): `{}`", describe(cmd)))
    }
}

/// Runs a command, echoing its output live, and returns the output lines for parsing.
/// Returns the lines even when the command fails, with its success flag.
pub fn tee(cmd: &mut Command, what: &str) -> Result<(bool, Vec<String>), String> {
    tee_prefixed(cmd, what, "")
}

/// `tee` with each echoed line prefixed (a run alongside another, told apart).
pub fn tee_prefixed(
    cmd: &mut Command,
    what: &str,
    prefix: &'static str,
) -> Result<(bool, Vec<String>), String> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{what}: could not start `{}`: {e}", describe(cmd)))?;
    let stderr = child.stderr.take().expect("piped");
    // Echo stderr on its own thread so neither pipe can fill and block the child.
    let err_thread = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("{prefix}{line}");
            lines.push(line);
        }
        lines
    });
    let mut lines = Vec::new();
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        println!("{prefix}{line}");
        lines.push(line);
    }
    lines.extend(err_thread.join().unwrap_or_default());
    let st = child.wait().map_err(|e| format!("{what}: {e}"))?;
    Ok((st.success(), lines))
}

/// Captures a command's stdout (trimmed); `None` if it cannot run or fails.
pub fn capture(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
