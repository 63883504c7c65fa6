//! End-to-end tests of `netdraft check` with lint, and of `netdraft rules`:
//! exit codes, text, JSON and SARIF output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, stdout, write};

fn template(name: &str) -> &'static str {
    netdraft_core::templates::find(name).unwrap().text
}

/// The baseline with the accelerator's defects: Bastion /27 and App Gateway /27.
fn accelerator_hub() -> String {
    template("aks-baseline-hub-spoke")
        .replacen("prefix = \"10.200.0.128/26\"", "prefix = \"10.200.0.128/27\"", 1)
        .replacen("prefix = \"10.240.5.0/24\"", "prefix = \"10.240.5.0/27\"", 1)
}

#[test]
fn every_template_checks_clean_with_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    for t in netdraft_core::templates::ALL {
        let p = write(dir.path(), &format!("{}.toml", t.name), t.text);
        let out = netdraft(&["check", p.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", t.name, stdout(&out));
        assert!(stdout(&out).contains(": ok ("), "{}", stdout(&out));
    }
}

#[test]
fn lint_errors_exit_1_with_id_why_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "hub.toml", &accelerator_hub());
    let out = netdraft(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    // The finding names the line of the subnet's table header.
    let header = accelerator_hub()
        .lines()
        .position(|l| l == "[subnet.hub-bastion]")
        .unwrap()
        + 1;
    assert!(text.contains(&format!("hub.toml:{header}: ND011 error:")), "{text}");
    assert!(text.contains("ND012 warning:"), "{text}");
    assert!(text.contains("  why: ") && text.contains("BASTION"), "{text}");
    assert!(text.contains("  fix: make it a /26 or larger"), "{text}");
    assert!(text.contains(": 1 error, 1 warning,"), "{text}");
}

#[test]
fn accepted_errors_do_not_fail_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let accepted = accelerator_hub().replacen(
        "\n[[decision]]",
        "\n[[accept]]\nrule = \"ND011\"\nreason = \"reproduces the accelerator as published\"\nresources = [\"hub-bastion\"]\n\n[[decision]]",
        1,
    );
    let p = write(dir.path(), "accepted.toml", &accepted);
    let out = netdraft(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("ND011 error (accepted: reproduces the accelerator as published)"));
}

#[test]
fn unreadable_or_invalid_designs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "broken.toml",
        "format = 1\nname = \"x\"\n[vnet.v]\nname = 3\n",
    );
    assert_eq!(netdraft(&["check", p.to_str().unwrap()]).status.code(), Some(2));
    assert_eq!(netdraft(&["check", "/nonexistent/d.toml"]).status.code(), Some(2));
    let out = netdraft(&["check", "--format", "sarif", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "design-file");
    assert_eq!(v["runs"][0]["results"][0]["level"], "error");
}

#[test]
fn json_lists_findings_and_summary() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "hub.toml", &accelerator_hub());
    let out = netdraft(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["ok"], false);
    assert_eq!(v["summary"]["errors"], 1);
    let findings = v["findings"].as_array().unwrap();
    let f = findings.iter().find(|f| f["rule"] == "ND011").unwrap();
    assert_eq!(f["severity"], "error");
    assert_eq!(f["resources"][0], "hub-bastion");
    assert!(f["why"].as_str().unwrap().contains("BASTION"));
}

#[test]
fn sarif_is_valid_2_1_0_with_rules_results_and_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let text = accelerator_hub();
    let p = write(dir.path(), "hub.toml", &text);
    let out = netdraft(&["check", "--format", "sarif", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "netdraft");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() > 40);
    for r in rules {
        for key in [
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
        ] {
            assert!(!r[key].is_null(), "rule {} lacks {key}", r["id"]);
        }
    }
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    assert!(ids.contains(&"ND011") && ids.contains(&"ND012"), "{ids:?}");
    let nd011 = results.iter().find(|r| r["ruleId"] == "ND011").unwrap();
    assert_eq!(nd011["level"], "error");
    let loc = &nd011["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], p.to_str().unwrap());
    let header = text.lines().position(|l| l == "[subnet.hub-bastion]").unwrap() + 1;
    assert_eq!(loc["region"]["startLine"], header);
    let index = usize::try_from(nd011["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "ND011");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "error");
    assert_eq!(
        results.iter().find(|r| r["ruleId"] == "ND012").unwrap()["level"],
        "warning"
    );

    // Accepted findings are suppressed in source, with the reason.
    let p = write(dir.path(), "kubenet.toml", template("kubenet-vs-overlay"));
    let out = netdraft(&["check", "--format", "sarif", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "ND090")
        .unwrap()
        .clone();
    assert_eq!(r["suppressions"][0]["kind"], "inSource");
    assert!(
        r["suppressions"][0]["justification"]
            .as_str()
            .unwrap()
            .contains("2028-03-31")
    );
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let out = netdraft(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = stdout(&out);
    assert_eq!(listing.lines().count(), netdraft_core::lint::rules().len());
    assert!(listing.lines().any(|l| l.starts_with("ND011  error")));
    let out = netdraft(&["rules", "--explain", "nd056"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("2,496") && stdout(&out).contains("fix: "));
    assert_eq!(netdraft(&["rules", "--explain", "ND999"]).status.code(), Some(2));
    let out = netdraft(&["rules", "--markdown"]);
    assert_eq!(stdout(&out).trim_end(), netdraft_core::lint::markdown().trim_end());
}

#[test]
fn rules_coverage_prints_the_committed_coverage_page() {
    let out = netdraft(&["rules", "--coverage"]);
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/coverage.md")).unwrap();
    assert_eq!(stdout(&out), page);
    assert!(page.contains("| B.3.5 | RS-QS, TF4, TF5 |"), "{page}");
}
