//! End-to-end tests of `netdraft check --fix`: the computable fixes are
//! applied, the file is saved over itself with its comments, and the check
//! that follows passes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, stdout, text, write};

const COMMENTS: [&str; 4] = [
    "# Reviewed by the platform team.",
    "# Pods of the baseline cluster.",
    "# keep until the migration",
    "# Operators reach the VNets through Bastion.",
];

/// The baseline starter, commented, with three fixable errors: the pod CIDR on
/// the spoke (ND004), the API-server subnet without its delegation (ND038)
/// and the Bastion subnet a /27 (ND011).
fn broken() -> String {
    let t = netdraft_core::templates::find("aks-baseline-hub-spoke").unwrap().text;
    let text = format!("{}\n{t}", COMMENTS[0])
        .replacen(
            "pod_cidr = \"10.244.0.0/16\"",
            &format!("{}\npod_cidr = \"10.240.0.0/16\" {}", COMMENTS[1], COMMENTS[2]),
            1,
        )
        .replacen("delegation = \"Microsoft.ContainerService/managedClusters\"\n", "", 1)
        .replacen(
            "[subnet.hub-bastion]",
            &format!("{}\n[subnet.hub-bastion]", COMMENTS[3]),
            1,
        )
        .replacen("prefix = \"10.200.0.128/26\"", "prefix = \"10.200.0.128/27\"", 1);
    assert_ne!(text, t);
    text
}

fn rules_of(design_text: &str) -> Vec<&'static str> {
    let d = netdraft_core::file::parse(design_text, "t").unwrap().design;
    netdraft_core::lint::lint(&d, &netdraft_core::plan::plan(&d))
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn check_fix_applies_the_fixes_keeps_the_comments_and_then_passes() {
    let before = broken();
    let found = rules_of(&before);
    for rule in ["ND004", "ND011", "ND038"] {
        assert!(found.contains(&rule), "{rule} not in {found:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.toml", &before);
    let out = netdraft(&["check", "--fix", p.to_str().unwrap()]);
    let (out_text, err) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{out_text}\n{err}");
    assert!(
        out_text.contains("fixed ND004: set the pod CIDR of cluster aks-baseline-weu to 100.64.0.0/16"),
        "{out_text}"
    );
    assert!(
        out_text.contains(
            "fixed ND038: delegate subnet snet-cluster-apiserver to Microsoft.ContainerService/managedClusters"
        ),
        "{out_text}"
    );
    assert!(
        out_text.contains("fixed ND011: set the prefix of subnet AzureBastionSubnet to 10.200.0.128/26"),
        "{out_text}"
    );
    assert!(out_text.contains(": ok ("), "{out_text}");

    let after = std::fs::read_to_string(&p).unwrap();
    for c in COMMENTS {
        assert!(after.contains(c), "comment {c:?} lost:\n{after}");
    }
    assert!(after.contains("pod_cidr = \"100.64.0.0/16\""), "{after}");
    assert!(after.contains("prefix = \"10.200.0.128/26\""), "{after}");
    // The saved file loads, and the fixed findings are gone.
    let left = rules_of(&after);
    for rule in ["ND004", "ND011", "ND038"] {
        assert!(!left.contains(&rule), "{rule} still in {left:?}");
    }
    // Nothing else changed: the file is the text it was with the three values set.
    let expected = before
        .replacen("pod_cidr = \"10.240.0.0/16\"", "pod_cidr = \"100.64.0.0/16\"", 1)
        .replacen("prefix = \"10.200.0.128/27\"", "prefix = \"10.200.0.128/26\"", 1)
        .replacen(
            "prefix = \"10.240.4.16/28\"\n",
            "prefix = \"10.240.4.16/28\"\ndelegation = \"Microsoft.ContainerService/managedClusters\"\n",
            1,
        );
    assert_eq!(after, expected);
    // A second run has nothing left to fix and leaves the file alone.
    let out = netdraft(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("fixed "), "{}", stdout(&out));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), after);
}

#[test]
fn check_json_shows_the_quick_fix_and_fix_reports_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.toml", &broken());
    // Without --fix the file is untouched and each fixable finding carries its fix.
    let out = netdraft(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ND038")
        .unwrap();
    assert_eq!(f["quick_fix"]["resource"], "apiserver");
    assert_eq!(f["quick_fix"]["changes"][0]["field"], "delegation");
    assert_eq!(
        f["quick_fix"]["changes"][0]["value"],
        "Microsoft.ContainerService/managedClusters"
    );
    assert!(v.get("fixed").is_none());
    // The text output says what --fix would do.
    let out = netdraft(&["check", p.to_str().unwrap()]);
    assert!(
        stdout(&out).contains(
            "  check --fix would: delegate subnet snet-cluster-apiserver to Microsoft.ContainerService/managedClusters"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), broken());

    let out = netdraft(&["check", "--fix", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let fixed = v["fixed"].as_array().unwrap();
    let rules: Vec<&str> = fixed.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    for rule in ["ND004", "ND011", "ND038"] {
        assert!(rules.contains(&rule), "{rules:?}");
    }
    assert_eq!(v["ok"], true);
}

#[test]
fn a_file_that_does_not_load_is_not_touched_by_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "format = 1\nname = \"x\"\n[subnet.s]\nname = \"s\"\nprefix = \"10.0.0.0/24\"\nparent = \"nowhere\"\n";
    let p = write(dir.path(), "bad.toml", bad);
    let out = netdraft(&["check", "--fix", p.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), bad);
}
