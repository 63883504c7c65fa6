//! Golden tests: every starter template exported in every format, compared
//! with the files under `tests/golden/<template>/<format>/`. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test -p netdraft-export`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use netdraft_core::plan;
use netdraft_core::templates;
use netdraft_export::{Format, OutputFile, Templates, export, lint_findings};

fn render(template: &str, format: Format) -> Vec<OutputFile> {
    let t = templates::find(template).unwrap();
    let design = t.load().unwrap().design;
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
    for t in templates::ALL {
        for &format in Format::ALL {
            let files = render(t.name, format);
            let dir = golden_dir(t.name, format);
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
                    "{}/{format}: files differ: golden {want:?}, export {got:?}",
                    t.name
                ));
                continue;
            }
            for f in &files {
                let golden = std::fs::read_to_string(dir.join(&f.path)).unwrap();
                if golden != f.contents {
                    failures.push(format!("{}/{format}/{} differs from its golden file", t.name, f.path));
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
    for t in templates::ALL {
        for &format in Format::ALL {
            assert_eq!(render(t.name, format), render(t.name, format), "{} {format}", t.name);
        }
    }
}
