//! End-to-end tests of `netdraft path` and `netdraft paths`: verdicts and exit
//! codes on the starter templates, JSON shape, and errors on bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, text};

use serde_json::Value;

fn template(dir: &std::path::Path, name: &str) -> String {
    let file = dir.join(format!("{name}.toml"));
    let out = netdraft(&["new", "--template", name, "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    file.to_str().unwrap().to_owned()
}

#[test]
fn path_follows_the_firewall_and_exits_by_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let f = template(dir.path(), "aks-baseline-hub-spoke");
    let out = netdraft(&["path", &f, "--from", "cluster", "--to", "internet"]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("firewall afw-hub-weu (10.200.0.4)"), "{stdout}");
    assert!(stdout.contains("verdict: restricted"), "{stdout}");
    let out = netdraft(&["path", &f, "--from", "cluster", "--to", "dc", "--port", "22"]);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("verdict: denied"), "{stdout}");
    assert!(stdout.contains("asymmetric"), "{stdout}");
}

#[test]
fn path_json_has_a_stable_shape() {
    let dir = tempfile::tempdir().unwrap();
    let f = template(dir.path(), "two-region-front-door");
    let out = netdraft(&["path", &f, "--from", "aks-weu", "--to", "internet", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "file", "from", "to", "protocol", "port", "hops", "verdict", "reason", "notes",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["verdict"], "delivered");
    assert_eq!(v["protocol"], "tcp");
    let steps: Vec<&Value> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["steps"].as_array().unwrap())
        .collect();
    assert!(
        steps
            .iter()
            .any(|s| s["kind"] == "snat" && s["text"].as_str().unwrap().contains("NAT gateway ng-app-weu"))
    );
}

#[test]
fn paths_lists_every_cluster_and_flow() {
    let dir = tempfile::tempdir().unwrap();
    let f = template(dir.path(), "kubenet-vs-overlay");
    let out = netdraft(&["paths", &f, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).1);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 2);
    for c in clusters {
        let flows: Vec<&str> = c["flows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["flow"].as_str().unwrap())
            .collect();
        assert_eq!(
            flows,
            [
                "pod → internet",
                "pod → on-premises",
                "pod → private endpoint",
                "internet → ingress → pods",
                "on-premises → API server"
            ]
        );
    }
    let out = netdraft(&["paths", &f]);
    assert!(text(&out).0.contains("cluster aks-kubenet-weu (network model kubenet"));
}

#[test]
fn bad_ends_exit_2_with_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    let f = template(dir.path(), "agc-gateway-api");
    let out = netdraft(&["path", &f, "--from", "nowhere", "--to", "internet"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("--from nowhere") && stderr.contains("give a resource id"),
        "{stderr}"
    );
    let out = netdraft(&["path", &f, "--from", "cluster", "--to", "10.99.0.1"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("no subnet, pod range or on-premises range"), "{stderr}");
    let out = netdraft(&["path", "missing.toml", "--from", "a", "--to", "b"]);
    assert_eq!(out.status.code(), Some(2));
}
