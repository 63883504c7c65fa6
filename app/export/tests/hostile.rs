//! A design with hostile names and strings (quotes, `${…}` and `%{…}`,
//! backslashes, newlines followed by code, YAML look-alikes, unicode) exports
//! files that still parse and mean the same: the Terraform strings evaluate
//! back to the design's text, no name escapes a comment, and YAML values read
//! back as written. (CI parses the same golden files with the Bicep parser.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use hcl::eval::{Context, Evaluate};
use netdraft_core::{Design, plan};
use netdraft_export::{Format, OutputFile, Templates, export, lint_findings};
use yaml_rust2::{Yaml, YamlLoader};

fn design() -> Design {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile-names.netdraft.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    netdraft_core::file::parse(&text, "hostile-names").unwrap().design
}

fn render(design: &Design, format: Format) -> Vec<OutputFile> {
    let p = plan::plan(design);
    export(design, &p, &Templates::builtin(format), &lint_findings(design, &p)).unwrap()
}

/// The evaluated `name`s of every `resource "<ty>" …` in any of the files
/// (labels come from the hostile names themselves, made into identifiers).
fn tf_names(files: &[OutputFile], ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in files
        .iter()
        .filter(|f| Path::new(&f.path).extension().is_some_and(|e| e == "tf"))
    {
        let body: hcl::Body = hcl::parse(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels().iter().map(hcl::BlockLabel::as_str).collect();
            if block.identifier() == "resource" && labels.first() == Some(&ty) {
                let attr = block.body().attributes().find(|a| a.key() == "name").unwrap();
                match attr.expr().evaluate(&Context::new()).unwrap() {
                    hcl::Value::String(s) => out.push(s),
                    other => panic!("{ty}.{labels:?}.name is {other:?}"),
                }
            }
        }
    }
    out
}

#[test]
fn terraform_strings_mean_what_the_design_says() {
    let d = design();
    let files = render(&d, Format::Terraform);
    for (ty, id) in [
        ("azurerm_virtual_network", "vnet"),
        ("azurerm_resource_group", "rg"),
        ("azurerm_kubernetes_cluster", "cluster"),
        ("azurerm_subnet", "aks"),
    ] {
        let want = d.get(id).unwrap().name();
        let names = tf_names(&files, ty);
        assert!(names.iter().any(|n| n == want), "{ty}: {want:?} not in {names:?}");
    }
    // The hostile text really is hostile: the test would mean nothing otherwise.
    let vnet = d.get("vnet").unwrap().name();
    assert!(
        vnet.contains('\n') && vnet.contains("%{") && vnet.contains('"'),
        "{vnet:?}"
    );
    // No line of any file starts with the code smuggled in after a newline.
    for f in &files {
        assert!(
            !f.contents.lines().any(|l| l.starts_with("resource \"x\"")),
            "{} lets a name end a comment",
            f.path
        );
    }
}

#[test]
fn yaml_values_read_back_as_written_and_names_stay_in_comments() {
    let d = design();
    let subnet = d.get("aks").unwrap().name().to_owned();
    let mut seen_annotation = false;
    for format in [Format::K8s, Format::Helm] {
        for f in render(&d, format)
            .iter()
            .filter(|f| Path::new(&f.path).extension().is_some_and(|e| e == "yaml"))
        {
            let docs = YamlLoader::load_from_str(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
            assert!(
                !f.contents.lines().any(|l| l.starts_with("kind: Secret")),
                "{} lets a name end a comment",
                f.path
            );
            for doc in &docs {
                visit(doc, &mut |key, value| {
                    if key == "service.beta.kubernetes.io/azure-load-balancer-internal-subnet" {
                        assert_eq!(value.as_str(), Some(subnet.as_str()), "{}", f.path);
                        seen_annotation = true;
                    }
                });
            }
        }
    }
    assert!(seen_annotation, "no internal-subnet annotation was exported");
}

/// Calls `f` with every string key and its value, at any depth.
fn visit(y: &Yaml, f: &mut dyn FnMut(&str, &Yaml)) {
    match y {
        Yaml::Hash(h) => {
            for (k, v) in h {
                if let Some(k) = k.as_str() {
                    f(k, v);
                }
                visit(v, f);
            }
        }
        Yaml::Array(a) => a.iter().for_each(|v| visit(v, f)),
        _ => {}
    }
}

#[test]
fn bicep_and_markdown_keep_names_on_their_lines() {
    let d = design();
    for format in [Format::Bicep, Format::Markdown] {
        for f in render(&d, format) {
            assert!(
                !f.contents
                    .lines()
                    .any(|l| l.starts_with("resource \"x\"") || l.starts_with("kind: Secret")),
                "{} lets a name end a comment, heading or cell",
                f.path
            );
        }
    }
}
