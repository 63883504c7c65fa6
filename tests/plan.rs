//! End-to-end tests of `netdraft size` and `netdraft plan`: the calculator
//! reproduces the facts sheet's worked examples, limits exit 2, and plans of
//! the starter templates and of broken designs say what they should.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::netdraft;

use serde_json::Value;

fn size(args: &[&str]) -> Value {
    let mut all = vec!["size", "--json"];
    all.extend_from_slice(args);
    let out = netdraft(&all);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn block(v: &Value) -> (u64, u64) {
    (v["ips"].as_u64().unwrap(), v["prefix"].as_u64().unwrap())
}

#[test]
fn size_reproduces_the_worked_examples() {
    // AKS-IPPLAN: 50 nodes, Azure CNI, max pods 30, +1 upgrade node: 1,581 IPs, a /21.
    let v = size(&["--plugin", "azure", "--nodes", "50", "--max-pods", "30", "--surge", "1"]);
    assert_eq!(block(&v["node_subnet"]), (1_581, 21));
    assert!(v["pod_subnet"].is_null() && v["pod_cidr"].is_null());
    // Same with 10 scale-out nodes: 1,891 IPs, still a /21.
    let v = size(&["--plugin", "azure", "--nodes", "60", "--max-pods", "30", "--surge", "1"]);
    assert_eq!(block(&v["node_subnet"]), (1_891, 21));
    // Azure CNI on a /24: 8 nodes at the default 30 pods; a ninth needs a /23.
    let v = size(&["--plugin", "azure", "--nodes", "8", "--surge", "0"]);
    assert_eq!(
        (v["max_pods"].as_u64(), block(&v["node_subnet"])),
        (Some(30), (248, 24))
    );
    let v = size(&["--plugin", "azure", "--nodes", "9", "--surge", "0"]);
    assert_eq!(block(&v["node_subnet"]).1, 23);
    // kubenet on a /24: up to 251 nodes; each takes a /24 of the pod CIDR.
    let v = size(&["--plugin", "kubenet", "--nodes", "250", "--surge", "1"]);
    assert_eq!(block(&v["node_subnet"]), (251, 24));
    assert_eq!(block(&v["pod_cidr"]), (251 * 256, 16));
    // Overlay: a /16 pod CIDR holds 256 nodes (one /24 each); a 257th needs a /15.
    let v = size(&["--plugin", "overlay", "--nodes", "255", "--surge", "1"]);
    assert_eq!(block(&v["pod_cidr"]), (65_536, 16));
    assert_eq!(v["max_pods"].as_u64(), Some(250));
    let v = size(&["--plugin", "overlay", "--nodes", "256", "--surge", "1"]);
    assert_eq!(block(&v["pod_cidr"]).1, 15);
    // Static block (AKS-PODSUB): M=30 → 2 blocks of 16 per node; M=32 → 3.
    let v = size(&[
        "--plugin",
        "azure-static-block",
        "--nodes",
        "10",
        "--max-pods",
        "30",
        "--surge",
        "0",
    ]);
    assert_eq!(block(&v["pod_subnet"]).0, 10 * 2 * 16);
    let v = size(&[
        "--plugin",
        "azure-static-block",
        "--nodes",
        "10",
        "--max-pods",
        "32",
        "--surge",
        "0",
    ]);
    assert_eq!(block(&v["pod_subnet"]).0, 10 * 3 * 16);
    // Dynamic pod subnet: at least one batch of 16 per node; nodes alone in the node subnet.
    let v = size(&[
        "--plugin",
        "azure-pod-subnet",
        "--nodes",
        "20",
        "--surge",
        "2",
        "--ilb",
        "3",
    ]);
    assert_eq!(block(&v["node_subnet"]), (25, 27));
    assert!(block(&v["pod_subnet"]).0 >= 22 * 16);
    // Percent surge rounds up: 10% of 11 nodes is 2.
    let v = size(&["--plugin", "overlay", "--nodes", "11", "--surge", "10%"]);
    assert_eq!(v["surge"].as_u64(), Some(2));
    // Never below a /29.
    let v = size(&["--plugin", "overlay", "--nodes", "1", "--surge", "0"]);
    assert_eq!(block(&v["node_subnet"]), (1, 29));
}

#[test]
fn size_text_shows_the_formula() {
    let out = netdraft(&[
        "size",
        "--plugin",
        "azure",
        "--nodes",
        "50",
        "--max-pods",
        "30",
        "--surge",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.contains("(50 nodes + 1 surge) × (30 max pods + 1) = 1,581"),
        "{stdout}"
    );
    assert!(stdout.contains("/21"), "{stdout}");
}

#[test]
fn size_limits_exit_2_naming_the_limit() {
    for (args, limit) in [
        (
            vec!["--plugin", "azure", "--nodes", "10", "--max-pods", "251"],
            "10 to 250",
        ),
        (
            vec!["--plugin", "azure", "--nodes", "10", "--max-pods", "9"],
            "10 to 250",
        ),
        (vec!["--plugin", "kubenet", "--nodes", "401"], "400"),
        (vec!["--plugin", "overlay", "--nodes", "5001"], "5,000"),
        (
            vec!["--plugin", "overlay", "--nodes", "10", "--surge", "lots"],
            "--surge",
        ),
    ] {
        let mut all = vec!["size"];
        all.extend(args.iter().copied());
        let out = netdraft(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(limit), "{all:?}: {stderr}");
    }
}

#[test]
fn every_template_plans_without_errors() {
    let list = netdraft(&["templates"]);
    let names: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert!(names.len() >= 6, "{names:?}");
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        let path = dir.path().join(format!("{name}.netdraft.toml"));
        let p = path.to_str().unwrap();
        assert_eq!(netdraft(&["new", "--template", &name, "-o", p]).status.code(), Some(0));
        let out = netdraft(&["plan", "--json", p]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(plan["overlaps"].as_array().unwrap().is_empty(), "{name}");
        assert!(!plan["vnets"].as_array().unwrap().is_empty(), "{name}");
        let text = netdraft(&["plan", p]);
        assert_eq!(text.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&text.stdout).contains("headroom"), "{name}");
    }
}

#[test]
fn plan_reports_a_too_small_node_subnet_with_exact_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.netdraft.toml");
    std::fs::write(
        &path,
        r#"format = 1
name = "small"

[vnet.v]
name = "vnet-spoke"
address_space = ["10.1.0.0/16"]

[subnet.nodes]
name = "snet-nodes"
parent = "v"
prefix = "10.1.0.0/29"

[aks.c]
name = "aks"
network_model = "azure"

[node_pool.p]
name = "pool"
parent = "nodes"
cluster = "c"
vm_size = "Standard_D4ds_v5"
count = 50
max_pods = 30
max_surge = 1
"#,
    )
    .unwrap();
    let out = netdraft(&["plan", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("3 usable addresses but needs 1581"), "{stdout}");
    assert!(stdout.contains("/21"), "{stdout}");
}

#[test]
fn plan_schema_describes_the_json_output() {
    let out = netdraft(&["plan", "--schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = schema.to_string();
    for field in [
        "vnets",
        "clusters",
        "overlaps",
        "issues",
        "headroom_nodes",
        "free_blocks",
    ] {
        assert!(text.contains(field), "schema lacks {field}");
    }
}

#[test]
fn plan_of_a_missing_file_exits_2() {
    let out = netdraft(&["plan", "no-such-design.netdraft.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-design.netdraft.toml"));
}
