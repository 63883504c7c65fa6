//! End-to-end tests of `netdraft export`: files written, manifest, refusals, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, text};

use std::path::Path;

/// Writes a starter template to `dir` and returns its path.
fn template(dir: &Path, name: &str) -> String {
    let p = dir.join(format!("{name}.netdraft.toml"));
    let out = netdraft(&["new", "--template", name, "-o", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    p.to_str().unwrap().to_owned()
}

#[test]
fn exports_terraform_and_records_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "aks-baseline-hub-spoke");
    let out_dir = dir.path().join("tf");
    let out = netdraft(&[
        "export",
        &design,
        "--format",
        "terraform",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    for f in [
        "versions.tf",
        "network.tf",
        "egress.tf",
        "aks.tf",
        "dns.tf",
        "outputs.tf",
    ] {
        assert!(out_dir.join(f).is_file(), "{f} missing");
        assert!(stdout.contains(f), "{stdout}");
    }
    let manifest = std::fs::read_to_string(out_dir.join(".netdraft-export")).unwrap();
    assert!(manifest.contains(" network.tf\n"), "{manifest}");

    // A second export finds its own files unchanged.
    let again = netdraft(&[
        "export",
        &design,
        "--format",
        "terraform",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0), "{:?}", text(&again));
    assert!(text(&again).0.contains("unchanged"));
}

#[test]
fn refuses_to_overwrite_files_it_does_not_own() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "agc-gateway-api");
    let out_dir = dir.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("network.tf"), "# mine\n").unwrap();
    let out = netdraft(&["export", &design, "-f", "terraform", "-o", out_dir.to_str().unwrap()]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("network.tf") && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out_dir.join("network.tf")).unwrap(), "# mine\n");

    let forced = netdraft(&[
        "export",
        &design,
        "-f",
        "terraform",
        "-o",
        out_dir.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(forced.status.code(), Some(0), "{:?}", text(&forced));
    assert!(
        std::fs::read_to_string(out_dir.join("network.tf"))
            .unwrap()
            .contains("azurerm_subnet")
    );

    // An edit after the export is protected too.
    std::fs::write(out_dir.join("aks.tf"), "# edited\n").unwrap();
    let out = netdraft(&["export", &design, "-f", "terraform", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("edited since"), "{:?}", text(&out));
}

#[test]
fn every_format_exports_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "two-region-front-door");
    for format in ["terraform", "bicep", "helm", "k8s", "markdown"] {
        let out_dir = dir.path().join(format);
        let out = netdraft(&["export", &design, "-f", format, "-o", out_dir.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{format}: {:?}", text(&out));
    }
    assert!(dir.path().join("markdown/design.md").is_file());
    assert!(dir.path().join("bicep/main.bicep").is_file());
}

#[test]
fn a_design_with_errors_exits_1_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.netdraft.toml");
    std::fs::write(
        &p,
        "format = 1\nname = \"bad\"\n\n[vnet.v]\nname = \"vnet\"\naddress_space = [\"10.0.0.0/24\"]\n\n\
         [subnet.a]\nname = \"a\"\nparent = \"v\"\nprefix = \"10.0.0.0/25\"\n\n\
         [subnet.b]\nname = \"b\"\nparent = \"v\"\nprefix = \"10.0.0.64/26\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = netdraft(&[
        "export",
        p.to_str().unwrap(),
        "-f",
        "terraform",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{:?}", text(&out));
    assert!(!out_dir.join("network.tf").exists());
    let out = netdraft(&[
        "export",
        p.to_str().unwrap(),
        "-f",
        "terraform",
        "-o",
        out_dir.to_str().unwrap(),
        "--allow-errors",
    ]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert!(out_dir.join("network.tf").exists());
}

#[test]
fn bad_input_exits_2_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.toml");
    std::fs::write(&p, "format = 1\nname = \n").unwrap();
    let out = netdraft(&[
        "export",
        p.to_str().unwrap(),
        "-f",
        "terraform",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("broken.toml"), "{:?}", text(&out));

    let design = template(dir.path(), "agc-gateway-api");
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "svg",
        "-o",
        dir.path().join("pic").to_str().unwrap(),
        "--templates",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("SVG and PNG"), "{:?}", text(&out));
}

#[test]
fn exports_svg_and_png_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "agc-gateway-api");
    let out_dir = dir.path().join("pic");
    for format in ["svg", "png"] {
        let out = netdraft(&[
            "export",
            &design,
            "-f",
            format,
            "-o",
            out_dir.join(format).to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{format}: {:?}", text(&out));
    }
    let svg = std::fs::read_to_string(out_dir.join("svg/design.svg")).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(svg.contains("<symbol id=\"icon-aks\""), "{svg}");
    let png = std::fs::read(out_dir.join("png/design.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let manifest = std::fs::read_to_string(out_dir.join("png/.netdraft-export")).unwrap();
    assert!(manifest.contains(" design.png\n"), "{manifest}");
}

#[test]
fn the_flow_flag_draws_one_flow_on_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "aks-baseline-hub-spoke");
    let svg_dir = dir.path().join("flow");
    let args = |flow: &str, format: &str| {
        netdraft(&[
            "export",
            &design,
            "-f",
            format,
            "--flow",
            flow,
            "--allow-errors",
            "-o",
            svg_dir.to_str().unwrap(),
        ])
    };
    let out = args("cluster/pod-on-premises", "svg");
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let svg = std::fs::read_to_string(svg_dir.join("design.svg")).unwrap();
    assert!(svg.contains(">stops here</text>"), "the firewall's deny is marked");
    assert!(svg.contains(">3. firewall afw-hub-weu"), "the hops are listed");
    // Two ends work too, with either arrow.
    let out = args("cluster→internet", "svg");
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let svg = std::fs::read_to_string(svg_dir.join("design.svg")).unwrap();
    assert!(svg.contains(">Traffic flow: pods of aks-baseline-weu"), "{svg}");
    // An unknown flow names the ones there are; text formats refuse the flag.
    let out = args("cluster/pod-moon", "svg");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("cluster/pod-internet"), "{:?}", text(&out));
    let out = args("cluster/pod-internet", "markdown");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("--flow applies to the pictures"),
        "{:?}",
        text(&out)
    );
}

#[test]
fn png_size_flags_bound_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "agc-gateway-api");
    let out_dir = dir.path().join("png");
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "png",
        "--max-size",
        "300",
        "--scale",
        "4",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let png = std::fs::read(out_dir.join("design.png")).unwrap();
    // IHDR: width and height, big-endian, after the signature and chunk header.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(width.max(height) == 300 || width.max(height) == 299, "{width}×{height}");
    // The flags mean nothing for other formats, and a scale must be positive.
    let svg_dir = dir.path().join("svg");
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "svg",
        "--scale",
        "2",
        "-o",
        svg_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
    assert!(text(&out).1.contains("PNG picture only"), "{:?}", text(&out));
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "png",
        "--scale",
        "0",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{:?}", text(&out));
}

#[test]
fn templates_override_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "agc-gateway-api");
    let tdir = dir.path().join("templates/markdown");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(tdir.join("design.md.j2"), "# {{ m.name }} (custom)\n").unwrap();
    let out_dir = dir.path().join("md");
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "markdown",
        "-o",
        out_dir.to_str().unwrap(),
        "--templates",
        dir.path().join("templates").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    assert!(
        std::fs::read_to_string(out_dir.join("design.md"))
            .unwrap()
            .ends_with("(custom)\n")
    );

    std::fs::write(tdir.join("desgin.md.j2"), "typo").unwrap();
    let out = netdraft(&[
        "export",
        &design,
        "-f",
        "markdown",
        "-o",
        out_dir.to_str().unwrap(),
        "--templates",
        dir.path().join("templates").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("desgin.md.j2"), "{:?}", text(&out));
}

/// `design` without the resource `[header]` (its table up to the next blank
/// line) and without the `line` that refers to it.
fn without(design: &str, header: &str, line: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for l in design.lines() {
        if l == header {
            skipping = true;
        }
        if skipping {
            skipping = !l.is_empty();
            continue;
        }
        if l != line {
            out.push(l);
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn formats_share_a_directory_and_each_removes_only_its_own_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let design = template(dir.path(), "kubenet-vs-overlay");
    let out_dir = dir.path().join("out");
    let out_arg = out_dir.to_str().unwrap();
    let export = |format: &str| {
        let out = netdraft(&["export", &design, "--format", format, "-o", out_arg]);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{format}: {stdout}{stderr}");
        stdout
    };

    export("terraform");
    export("markdown");
    for f in ["network.tf", "egress.tf", "aks.tf", "design.md"] {
        assert!(
            out_dir.join(f).is_file(),
            "{f} missing after exporting terraform then markdown"
        );
    }
    let manifest = std::fs::read_to_string(out_dir.join(".netdraft-export")).unwrap();
    assert!(manifest.contains(" terraform egress.tf\n"), "{manifest}");
    assert!(manifest.contains(" markdown design.md\n"), "{manifest}");

    // Without its route table the design needs no egress.tf: re-exporting
    // Terraform removes that file and nothing of the Markdown export.
    let text_before = std::fs::read_to_string(&design).unwrap();
    let edited = without(&text_before, "[route_table.rt-kubenet]", "route_table = \"rt-kubenet\"");
    assert_ne!(
        edited, text_before,
        "the starter no longer has the route table this test removes"
    );
    std::fs::write(&design, edited).unwrap();
    let stdout = export("terraform");
    assert!(stdout.contains("removed") && stdout.contains("egress.tf"), "{stdout}");
    assert!(
        !out_dir.join("egress.tf").exists(),
        "the stale egress.tf is still there"
    );
    for f in ["network.tf", "aks.tf", "design.md"] {
        assert!(out_dir.join(f).is_file(), "{f} went with the stale Terraform file");
    }
    let manifest = std::fs::read_to_string(out_dir.join(".netdraft-export")).unwrap();
    assert!(!manifest.contains("egress.tf"), "{manifest}");
    assert!(manifest.contains(" markdown design.md\n"), "{manifest}");

    // A manifest written before formats were recorded still marks its files as
    // netdraft's: they may be overwritten, and no format removes them as stale.
    let legacy: String = manifest
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(h), Some(_format), Some(path)) if !l.starts_with('#') => format!("{h} {path}\n"),
                _ => format!("{l}\n"),
            }
        })
        .collect();
    std::fs::write(out_dir.join(".netdraft-export"), legacy).unwrap();
    export("markdown");
    assert!(
        out_dir.join("aks.tf").is_file(),
        "a file of an older manifest was removed"
    );
}
