//! Lists the shipped export templates: every file in `export-templates/<format>/`
//! is compiled in, so a new template (a Terraform file, a Bicep part) needs no
//! line of code to be shipped.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a build script reports a broken checkout by failing"
)]

use std::fmt::Write as _;
use std::path::Path;

/// Each format's template folder, with the `Format` variant it belongs to.
const FOLDERS: &[(&str, &str)] = &[
    ("terraform", "Terraform"),
    ("bicep", "Bicep"),
    ("helm", "Helm"),
    ("k8s", "K8s"),
    ("markdown", "Markdown"),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../export-templates");
    let mut out = String::from("&[\n");
    for (dir, format) in FOLDERS {
        let folder = root.join(dir);
        println!("cargo::rerun-if-changed={}", folder.display());
        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("export templates: cannot read {}: {e}", folder.display()))
            .map(|e| e.expect("a directory entry").file_name().to_string_lossy().into_owned())
            .filter(|name| Path::new(name).extension().is_some_and(|e| e == "j2"))
            .collect();
        files.sort();
        assert!(
            !files.is_empty(),
            "export templates: {} holds no .j2 file",
            folder.display()
        );
        for file in files {
            let path = folder.join(&file);
            writeln!(
                out,
                "    Builtin {{ format: Format::{format}, file: {file:?}, text: include_str!({:?}) }},",
                path.display().to_string()
            )
            .expect("writing to a string");
        }
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtins.rs");
    std::fs::write(&dest, out).expect("writing the template list");
}
