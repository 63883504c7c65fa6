//! Helpers shared by the end-to-end tests: run the built `netdraft` binary in
//! a clean environment (no display, no netdraft settings from the developer's
//! shell) and read what it printed.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `netdraft` with `args` and the extra environment `env`.
pub fn netdraft_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_netdraft"));
    c.args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("NETDRAFT_ACCESS_TOKEN")
        .env_remove("NETDRAFT_ARM_ENDPOINT")
        .env_remove("NETDRAFT_AUTHORITY_HOST");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run netdraft")
}

/// Runs `netdraft` with `args`.
pub fn netdraft(args: &[&str]) -> Output {
    netdraft_with(args, &[])
}

/// What it printed: (stdout, stderr).
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What it printed on stdout.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `contents` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}
