//! Golden tests: every starter template, and every test fixture design under
//! `tests/fixtures/` (paths no starter takes: AGIC as a Helm release,
//! ingress-nginx), exported in every format and compared with the files under
//! `tests/golden/<design>/<format>/`. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p netdraft-export`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::case_sensitive_file_extension_comparisons
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use netdraft_core::templates;
use netdraft_core::{Design, plan};
use netdraft_export::{Format, OutputFile, Templates, export, lint_findings};

/// Test-only designs: `tests/fixtures/<name>.netdraft.toml`, golden as `fixture-<name>`.
pub const FIXTURES: &[&str] = &[
    "agc-managed",
    "agic-helm",
    "azurerm4-baseline",
    "front-ends",
    "hostile-names",
    "imported-estate",
    "nginx-internal",
];

/// Every golden design by its golden directory name: starters, then fixtures.
fn designs() -> Vec<String> {
    templates::ALL
        .iter()
        .map(|t| t.name.to_owned())
        .chain(FIXTURES.iter().map(|f| format!("fixture-{f}")))
        .collect()
}

fn load(name: &str) -> Design {
    if let Some(f) = name.strip_prefix("fixture-") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(format!("{f}.netdraft.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        return netdraft_core::file::parse(&text, &path.display().to_string())
            .unwrap()
            .design;
    }
    templates::find(name).unwrap().load().unwrap().design
}

fn render(name: &str, format: Format) -> Vec<OutputFile> {
    let design = load(name);
    let p = plan::plan(&design);
    export(&design, &p, &Templates::builtin(format), &lint_findings(&design, &p)).unwrap()
}

fn golden_dir(template: &str, format: Format) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(template)
        .join(format.as_str())
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[test]
fn exports_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in designs() {
        for &format in Format::ALL {
            let files = render(&name, format);
            let dir = golden_dir(&name, format);
            if update {
                let _ = std::fs::remove_dir_all(&dir);
                for f in &files {
                    let p = dir.join(&f.path);
                    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                    std::fs::write(&p, &f.contents).unwrap();
                }
                continue;
            }
            let want = files_under(&dir);
            let got: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
            if want != got {
                failures.push(format!(
                    "{name}/{format}: files differ: golden {want:?}, export {got:?}"
                ));
                continue;
            }
            for f in &files {
                let golden = std::fs::read_to_string(dir.join(&f.path)).unwrap();
                if golden != f.contents {
                    failures.push(format!("{name}/{format}/{} differs from its golden file", f.path));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(regenerate with UPDATE_GOLDEN=1 if the change is intended)",
        failures.join("\n")
    );
}

#[test]
fn exports_are_deterministic() {
    for name in designs() {
        for &format in Format::ALL {
            assert_eq!(render(&name, format), render(&name, format), "{name} {format}");
        }
    }
}

#[test]
fn fixtures_take_the_helm_paths() {
    let agic = render("fixture-agic-helm", Format::Helm);
    assert!(agic.iter().any(|f| f.path.ends_with("/values-agic.yaml")), "{agic:?}");
    let nginx = render("fixture-nginx-internal", Format::Helm);
    assert!(
        nginx.iter().any(|f| f.path.ends_with("/values-ingress-nginx.yaml")),
        "{nginx:?}"
    );
}

/// Splits a YAML stream on document markers (`---` alone on a line).
fn documents(text: &str) -> Vec<String> {
    let mut docs = vec![String::new()];
    for line in text.lines() {
        if line.trim_end() == "---" {
            docs.push(String::new());
        } else if let Some(last) = docs.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    docs.retain(|d| {
        d.lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    });
    docs
}

#[test]
fn every_yaml_document_parses() {
    let mut count = 0;
    for name in designs() {
        for format in [Format::Helm, Format::K8s] {
            for f in render(&name, format) {
                assert!(f.path.ends_with(".yaml"), "{}", f.path);
                for (i, doc) in documents(&f.contents).iter().enumerate() {
                    let parsed = yaml_rust2::YamlLoader::load_from_str(doc)
                        .unwrap_or_else(|e| panic!("{name}/{format}/{} document {}: {e}\n{doc}", f.path, i + 1));
                    assert_eq!(parsed.len(), 1, "{name}/{format}/{} document {}", f.path, i + 1);
                    let root = &parsed[0];
                    assert!(
                        root.as_hash().is_some(),
                        "{name}/{format}/{} document {} is not a mapping",
                        f.path,
                        i + 1
                    );
                    if format == Format::K8s {
                        for key in ["apiVersion", "kind", "metadata"] {
                            assert!(
                                !root[key].is_badvalue(),
                                "{name}/{}: document {} has no {key}",
                                f.path,
                                i + 1
                            );
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    assert!(count > 20, "only {count} YAML documents");
}
