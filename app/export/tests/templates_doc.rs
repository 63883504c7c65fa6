//! `export-templates/README.md` documents every bundled template, and only those.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::collections::BTreeSet;
use std::path::Path;

use netdraft_export::{Format, Templates};

#[test]
fn readme_lists_exactly_the_embedded_templates() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../export-templates/README.md"))
            .unwrap();
    let documented: BTreeSet<String> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .filter(|name| name.ends_with(".j2"))
        .collect();
    let embedded: BTreeSet<String> = Format::ALL
        .iter()
        .flat_map(|f| {
            Templates::builtin(*f)
                .names()
                .map(|n| format!("{}/{n}", f.as_str()))
                .collect::<Vec<_>>()
        })
        .collect();
    let missing: Vec<_> = embedded.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&embedded).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "export-templates/README.md: undocumented {missing:?}, documented but not bundled {stale:?}"
    );
}
