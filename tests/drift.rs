//! End-to-end tests of `netdraft drift`: no drift against itself, each kind of
//! drift with its exit code, the JSON shape, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, text};

use serde_json::Value;

/// The Virtual WAN template, and a "live" copy with a range added to the
/// datacentre, the apps NSG renamed (one missing, one unmanaged, the subnet
/// pointing at the new one).
fn design_and_live(dir: &std::path::Path) -> (String, String) {
    let design = dir.join("design.netdraft.toml");
    let out = netdraft(&[
        "new",
        "--template",
        "virtual-wan-secured-hub",
        "-o",
        design.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let original = std::fs::read_to_string(&design).unwrap();
    let changed = original
        .replacen(
            "address_ranges = [\"192.168.0.0/16\"]",
            "address_ranges = [\"192.168.0.0/16\", \"172.20.0.0/16\"]",
            1,
        )
        .replacen("name = \"nsg-apps\"", "name = \"nsg-apps-by-hand\"", 1);
    assert_ne!(changed, original);
    let live = dir.join("live.netdraft.toml");
    std::fs::write(&live, changed).unwrap();
    (design.to_str().unwrap().to_owned(), live.to_str().unwrap().to_owned())
}

#[test]
fn drift_lists_what_differs_and_exits_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let (design, live) = design_and_live(dir.path());
    let out = netdraft(&["drift", &design, &design]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.starts_with("no drift: "), "{stdout}");
    let out = netdraft(&["drift", &design, &live]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    for want in [
        "missing    Network security group nsg-apps: in the design, not in Azure",
        "unmanaged  Network security group nsg-apps-by-hand: in Azure, not in the design",
        "changed    Subnet snet-apps",
        "nsg: design nsg-apps, live nsg-apps-by-hand",
        "address_ranges: design [\"192.168.0.0/16\"], live [\"192.168.0.0/16\",\"172.20.0.0/16\"]",
        "drift: 4 resources differ",
    ] {
        assert!(stdout.contains(want), "{want} not in:\n{stdout}");
    }
}

#[test]
fn drift_json_has_a_stable_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (design, live) = design_and_live(dir.path());
    let out = netdraft(&["drift", &design, &live, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out).1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["design", "live", "same", "out_of_scope", "entries"] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "{v}");
    let changes: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e["change"].as_str().unwrap(), e["name"].as_str().unwrap()))
        .collect();
    assert!(changes.contains(&("missing", "nsg-apps")), "{changes:?}");
    assert!(changes.contains(&("unmanaged", "nsg-apps-by-hand")), "{changes:?}");
    let subnet = entries.iter().find(|e| e["name"] == "snet-apps").unwrap();
    assert_eq!(subnet["kind"], "subnet");
    assert_eq!(subnet["fields"][0]["field"], "nsg");
    assert_eq!(subnet["fields"][0]["live"], "nsg-apps-by-hand");
}

#[test]
fn drift_with_a_missing_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (design, _) = design_and_live(dir.path());
    let nowhere = dir.path().join("nowhere.netdraft.toml");
    let out = netdraft(&["drift", &design, nowhere.to_str().unwrap()]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("nowhere.netdraft.toml"), "{stderr}");
}

/// The import's report beside the live design lists failed calls: drift says
/// that what they hold may show as missing (on stderr, and in the JSON).
#[test]
fn drift_warns_when_the_imports_report_lists_failures() {
    let dir = tempfile::tempdir().unwrap();
    let (design, live) = design_and_live(dir.path());
    let out = netdraft(&["drift", &design, &live]);
    assert!(!text(&out).1.contains("note:"), "no report, no note");
    let report = format!("{live}.import-report.md");
    std::fs::write(
        &report,
        format!(
            "# Import report\n\n{}\n\n- virtual networks: HTTP 503 after 5 tries\n",
            netdraft_import::report::FAILED_HEADING
        ),
    )
    .unwrap();
    let out = netdraft(&["drift", &design, &live]);
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("lists failed calls: what they hold may show as missing"),
        "{stderr}"
    );
    let out = netdraft(&["drift", &design, &live, "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["caveat"].as_str().unwrap().contains("failed calls"), "{v}");
}

/// Two NSGs of one name in one group (lint ND191) are not compared, and said so: no "no drift".
#[test]
fn drift_says_what_it_could_not_compare() {
    let dir = tempfile::tempdir().unwrap();
    let (design, _) = design_and_live(dir.path());
    let text_of = std::fs::read_to_string(&design).unwrap();
    let start = text_of.find("[nsg.nsg-apps]").unwrap();
    let end = start + text_of[start..].find("\n\n").unwrap();
    let twin = text_of[start..end].replace("[nsg.nsg-apps]", "[nsg.nsg-apps-twin]");
    std::fs::write(&design, format!("{text_of}\n{twin}\n")).unwrap();
    let out = netdraft(&["drift", &design, &design]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout
            .contains("not compared  Network security group nsg-apps: 2 in the design share its kind, name and place"),
        "{stdout}"
    );
    assert!(
        stdout.contains("no difference found, but 4 resources not compared"),
        "{stdout}"
    );
}
