//! End-to-end tests of the `netdraft` binary: exit codes, messages, files written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, text, write};

const GOOD: &str = r#"format = 1
name = "small"

[vnet.hub]
name = "vnet-hub"
address_space = ["10.0.0.0/16"]

[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"
"#;

/// Runs `check` on a broken variant of GOOD and returns (exit code, stderr).
fn check_variant(from: &str, to: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let bad = GOOD.replacen(from, to, 1);
    assert_ne!(bad, GOOD, "replacement of {from:?} did not apply");
    let p = write(dir.path(), "bad.netdraft.toml", &bad);
    let out = netdraft(&["check", p.to_str().unwrap()]);
    (out.status.code().unwrap(), text(&out).1)
}

#[test]
fn check_accepts_a_good_design() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "good.toml", GOOD);
    let out = netdraft(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert!(text(&out).0.contains("ok"));
}

#[test]
fn bad_inputs_exit_2_naming_file_line_and_problem() {
    let cases = [
        // (from, to, expected fragments in stderr)
        (
            r#"prefix = "10.0.0.0/26""#,
            r#"prefix = "10.0.0.0/33""#,
            vec!["bad.netdraft.toml:11", "subnet.fw.prefix", "/0 to /32"],
        ),
        (
            r#"prefix = "10.0.0.0/26""#,
            r#"prefix = "300.1.1.1/8""#,
            vec![":11", "`300.1.1.1` is not an IP address"],
        ),
        (
            r#"name = "vnet-hub""#,
            "name = 42",
            vec![":5", "vnet.hub.name", "invalid type"],
        ),
        (
            "[subnet.fw]",
            "[subnett.fw]",
            vec![":8", "unknown resource kind `subnett`", "fix:"],
        ),
        (
            r#"parent = "hub""#,
            r#"parent = "hubb""#,
            vec![
                ":10",
                "subnet.fw.parent",
                "`hubb` does not exist",
                "did you mean `hub`?",
            ],
        ),
        (
            "format = 1",
            "format = 7",
            vec![":1", "newer netdraft (format 7)", "upgrade"],
        ),
        ("format = 1\n", "", vec!["no `format` key", "format = 1"]),
        (
            r#"address_space = ["10.0.0.0/16"]"#,
            r#"address_space = ["10.0.0.0/16"]
colour = "blue""#,
            vec![":7", "unknown field `colour`"],
        ),
        ("[vnet.hub]", "[vnet.Hub]", vec!["not a valid id"]),
        (
            r#"name = "AzureFirewallSubnet""#,
            r#"name = "AzureFirewallSubnet"
nsg = "hub""#,
            vec![
                "subnet.fw.nsg",
                "is a Virtual network, but this field takes a Network security group",
            ],
        ),
        ("[subnet.fw]", "[subnet.fw", vec![":8", "error"]),
    ];
    for (from, to, expected) in cases {
        let (code, err) = check_variant(from, to);
        assert_eq!(code, 2, "{to:?} should exit 2; stderr:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
        for fragment in expected {
            assert!(err.contains(fragment), "for {to:?} expected {fragment:?} in:\n{err}");
        }
    }
}

#[test]
fn host_bits_are_normalised_with_a_warning() {
    let (code, err) = check_variant(r#"prefix = "10.0.0.0/26""#, r#"prefix = "10.0.0.9/26""#);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning") && err.contains("read as `10.0.0.0/26`"),
        "{err}"
    );
}

#[test]
fn a_name_with_a_newline_is_a_warning_naming_the_field() {
    let (code, err) = check_variant(r#"name = "vnet-hub""#, r#"name = "vnet-hub\nsecond line""#);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning") && err.contains("vnet.hub.name") && err.contains("control character"),
        "{err}"
    );
}

#[test]
fn check_json_reports_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.toml",
        &GOOD.replace(r#"parent = "hub""#, r#"parent = "nope""#),
    );
    let out = netdraft(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["diagnostics"][0]["field"], "subnet.fw.parent");
    assert_eq!(v["diagnostics"][0]["line"], 10);
}

#[test]
fn missing_file_and_non_text_file_exit_2() {
    let out = netdraft(&["check", "/nonexistent/design.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("/nonexistent/design.toml"));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bin.toml");
    std::fs::write(&p, [0u8, 159, 146, 150]).unwrap();
    let out = netdraft(&["check", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("not UTF-8"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(netdraft(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(netdraft(&["check"]).status.code(), Some(2));
    let out = netdraft(&["new", "--template", "nope", "-o", "/tmp/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("there is no template `nope`"));
}

#[test]
fn templates_list_one_per_line_and_new_writes_each_one() {
    let out = netdraft(&["templates"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out).0;
    let names: Vec<&str> = listing.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(names.len(), netdraft_core::templates::ALL.len());
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        // No extension needed.
        let target = dir.path().join(name);
        let out = netdraft(&["new", "--template", name, "-o", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
        let out = netdraft(&["check", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {:?}", text(&out));
        // Refuses to overwrite without --force.
        let out = netdraft(&["new", "--template", name, "-o", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        // Canonical already: fmt --check passes.
        let out = netdraft(&["fmt", "--check", target.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {:?}", text(&out));
    }
}

#[test]
fn generate_writes_a_valid_design_of_the_requested_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.netdraft.toml");
    let out = netdraft(&[
        "generate",
        "--hubs",
        "4",
        "--spokes-per-hub",
        "10",
        "--clusters",
        "30",
        "--subnets-per-spoke",
        "20",
        "-o",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let loaded = netdraft_files::read_design(&p).unwrap();
    assert!(loaded.design.len() >= 1000, "{}", loaded.design.len());
    let out = netdraft(&["generate", "--hubs", "0", "-o", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_is_json_and_describes_every_kind() {
    let out = netdraft(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for kind in netdraft_core::Kind::ALL {
        assert!(v["properties"][kind.key()].is_object(), "{}", kind.key());
    }
}

#[test]
fn fmt_tidies_values_and_keeps_table_order_and_canonical_reorders() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "format = 1\nname = \"m\"\n[subnet.b]\nparent = \"a\"\nname = \"s\"\nprefix = \"10.0.0.0/24\"\n[vnet.a]\naddress_space = [ \"10.0.0.0/16\" ]\nname = \"v\"\n";
    let p = write(dir.path(), "m.toml", messy);
    assert_eq!(
        netdraft(&["fmt", "--check", p.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert_eq!(netdraft(&["fmt", p.to_str().unwrap()]).status.code(), Some(0));
    let formatted = std::fs::read_to_string(&p).unwrap();
    // The user's table order stays; keys and values take their canonical form.
    assert!(formatted.find("[subnet.b]").unwrap() < formatted.find("[vnet.a]").unwrap());
    assert!(
        formatted.contains("[vnet.a]\nname = \"v\"\naddress_space = [\"10.0.0.0/16\"]\n"),
        "{formatted}"
    );
    assert_eq!(
        netdraft(&["fmt", "--check", p.to_str().unwrap()]).status.code(),
        Some(0)
    );
    // --canonical: catalogue order.
    assert_eq!(
        netdraft(&["fmt", "--canonical", p.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let canonical = std::fs::read_to_string(&p).unwrap();
    assert!(canonical.find("[vnet.a]").unwrap() < canonical.find("[subnet.b]").unwrap());
}

/// A design with comments everywhere a person puts them.
const COMMENTED: &str = r#"# Platform team's network. Reviewed in PR 12.
format = 1
name = "commented"

# The region, between tables.
[region.weu]
name = "West Europe"
location = "westeurope" # end of a line

[vnet.hub]
# inside a table, above a key
name = "vnet-hub"
parent = "weu"
address_space = [
  "10.0.0.0/16", # inside an array
]

[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"
# the last line of the file
"#;

#[test]
fn fmt_keeps_every_comment_and_drops_them_only_with_canonical_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.toml", COMMENTED);
    let out = netdraft(&["fmt", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let after = std::fs::read_to_string(&p).unwrap();
    for comment in netdraft_core::file::comments_in(COMMENTED) {
        assert!(after.contains(&comment), "fmt lost {comment:?}:\n{after}");
    }
    assert_eq!(after, COMMENTED, "a tidy file stays byte for byte");
    let out = netdraft(&["fmt", "--canonical", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).0.contains("6 comments dropped"), "{:?}", text(&out));
}

#[test]
fn gui_without_display_says_so_honestly() {
    let out = netdraft(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("no display"));
}
