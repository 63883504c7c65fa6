//! End-to-end tests of `netdraft import`: a local ARM server on loopback, a
//! fake token that must appear nowhere, saved JSON, refusals and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft_with as netdraft, text};

#[path = "../app/import/tests/support/mod.rs"]
mod support;

use std::path::Path;

use support::{Fault, SUB, Server, hub_spoke, list_path};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOi.FAKE-netdraft-token-5b1d";

fn all_files_text(dir: &Path) -> String {
    let mut all = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        all.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
    }
    all
}

#[test]
fn imports_a_live_subscription_and_the_token_appears_nowhere() {
    let server = Server::start();
    hub_spoke(&server);
    server.fault(&list_path("Microsoft.Network/routeTables"), Fault::ThrottleOnce);
    server.fault(&list_path("Microsoft.Cdn/profiles"), Fault::Forbidden);
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("estate.netdraft.toml");
    let out = netdraft(
        &[
            "import",
            "azure",
            "--subscription",
            SUB,
            "--arm-endpoint",
            &server.base,
            "-o",
            out_file.to_str().unwrap(),
        ],
        &[("NETDRAFT_ACCESS_TOKEN", TOKEN)],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("importing:"), "progress on stderr: {stderr}");
    assert!(stdout.contains("403") && stdout.contains("Reader"), "{stdout}");
    let report = std::fs::read_to_string(dir.path().join("estate.netdraft.toml.import-report.md")).unwrap();
    assert!(
        report.contains("## Imported") && report.contains("vnet-hub"),
        "{report}"
    );
    // The token was sent (to loopback only) and is in no output, file or message.
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN));
    assert!(!all_files_text(dir.path()).contains(TOKEN));
    // The design checks cleanly.
    let check = netdraft(&["check", out_file.to_str().unwrap()], &[]);
    assert_eq!(check.status.code(), Some(0), "{:?}", text(&check));
}

#[test]
fn a_token_is_never_sent_over_plain_http_to_a_remote_host() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("x.netdraft.toml");
    let out = netdraft(
        &[
            "import",
            "azure",
            "--subscription",
            SUB,
            "--arm-endpoint",
            "http://management.azure.com",
            "--access-token",
            TOKEN,
            "-o",
            out_file.to_str().unwrap(),
        ],
        &[],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("--arm-endpoint") && stderr.contains("loopback"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN) && !stdout.contains(TOKEN));
    assert!(!out_file.exists());
}

#[test]
fn a_denied_token_names_the_role_and_leaks_nothing() {
    let server = Server::start();
    // Every list is forbidden: the import finishes with every call reported.
    for p in [
        "Microsoft.Network/virtualNetworks",
        "Microsoft.ContainerService/managedClusters",
    ] {
        server.fault(&list_path(p), Fault::Forbidden);
    }
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("d.netdraft.toml");
    let out = netdraft(
        &[
            "import",
            "azure",
            "--subscription",
            SUB,
            "--arm-endpoint",
            &server.base,
            "--access-token",
            TOKEN,
            "-o",
            out_file.to_str().unwrap(),
        ],
        &[],
    );
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains("Reader role") && stdout.contains(&format!("/subscriptions/{SUB}")),
        "{stdout}"
    );
    assert!(!stdout.contains(TOKEN) && !stderr.contains(TOKEN) && !all_files_text(dir.path()).contains(TOKEN));
}

#[test]
fn imports_saved_json_and_rejects_unknown_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let vnets = dir.path().join("vnets.json");
    std::fs::write(
        &vnets,
        r#"[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1", "name": "v1",
            "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [{"name": "s1", "addressPrefix": "10.0.1.0/24"}]}]"#,
    )
    .unwrap();
    let out_file = dir.path().join("o.netdraft.toml");
    let out = netdraft(
        &[
            "import",
            "json",
            vnets.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let toml = std::fs::read_to_string(&out_file).unwrap();
    assert!(toml.contains("[vnet.v1]") && toml.contains("[subnet.v1-s1]"), "{toml}");
    assert!(dir.path().join("o.netdraft.toml.import-report.md").is_file());

    let odd = dir.path().join("odd.json");
    std::fs::write(&odd, r#"{"what": "ever"}"#).unwrap();
    let out = netdraft(
        &[
            "import",
            "json",
            vnets.to_str().unwrap(),
            odd.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ],
        &[],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("odd.json") && stderr.contains("Accepted:"), "{stderr}");
}
