//! The facts-sheet coverage matrix (`docs/coverage.md`) is generated from the
//! code and complete against the sheet.
//!
//! The sheet is looked for at `../shared/reference/azure-facts.md` from the
//! workspace root. Without it the sheet audit is skipped with a note, unless
//! `NETDRAFT_REQUIRE_VALIDATORS=1` (as CI sets) makes its absence a failure.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use netdraft_core::lint;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn coverage_page_is_up_to_date() {
    let path = workspace().join("docs/coverage.md");
    let fresh = lint::coverage_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/coverage.md is stale: run `UPDATE_DOCS=1 cargo test -p netdraft-core --test coverage` \
         (or `netdraft rules --coverage > docs/coverage.md`)"
    );
}

#[test]
fn every_row_names_real_rules_or_a_decision_and_every_rule_has_a_place() {
    let gaps = lint::audit_code();
    assert!(gaps.is_empty(), "coverage table:\n  {}", gaps.join("\n  "));
}

#[test]
fn every_row_and_source_key_of_the_facts_sheet_is_covered_or_decided() {
    let path = workspace().join("../shared/reference/azure-facts.md");
    let Ok(sheet) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("NETDRAFT_REQUIRE_VALIDATORS").is_none(),
            "the facts sheet is not at ../shared/reference/azure-facts.md beside the workspace, \
             and NETDRAFT_REQUIRE_VALIDATORS=1 requires it"
        );
        eprintln!("note: facts sheet not found beside the workspace; sheet coverage audit skipped");
        return;
    };
    let gaps = lint::audit_sheet(&sheet);
    assert!(
        gaps.is_empty(),
        "the coverage table (app/core/src/lint/coverage*) does not match the facts sheet:\n  {}",
        gaps.join("\n  ")
    );
}

#[test]
fn the_audit_finds_a_row_the_table_does_not_know() {
    // A made-up sheet: one source key, a row the table has (A.0.1 cites
    // AKS-IPPLAN), a section it does not know (A.9) and a new source key.
    let sheet = "## 0. Source key\n\n| Tag | Source |\n|---|---|\n| AKS-IPPLAN | x |\n| NEW-KEY | y |\n\n\
                 ## A. AKS\n\n### A.0 Constants\n\n| Fact | Value | Source |\n|---|---|---|\n\
                 | one | 1 | AKS-IPPLAN |\n\n### A.9 New\n\n- something new (NEW-KEY)\n";
    let gaps = lint::audit_sheet(sheet);
    assert!(gaps.iter().any(|g| g.starts_with("row A.9.1 ")), "{gaps:#?}");
    assert!(!gaps.iter().any(|g| g.starts_with("row A.0.1 ")), "{gaps:#?}");
    assert!(gaps.iter().any(|g| g.starts_with("source key NEW-KEY ")), "{gaps:#?}");
    // Entries for rows the made-up sheet lacks are reported too.
    assert!(
        gaps.iter().any(|g| g.contains("coverage entry B.3.1 names no row")),
        "{gaps:#?}"
    );
    // A row whose sources changed is reported.
    let moved = sheet.replace("| one | 1 | AKS-IPPLAN |", "| one | 1 | AKS-QUOTA |");
    let gaps = lint::audit_sheet(&moved);
    assert!(gaps.iter().any(|g| g.starts_with("row A.0.1 ")), "{gaps:#?}");
}
