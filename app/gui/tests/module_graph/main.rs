//! No import cycles between the modules of any crate of the workspace.
//!
//! Each crate's module tree is read from its sources the way rustc finds
//! them (`mod name;` from `src/lib.rs` or `src/main.rs`, `name.rs` or
//! `name/mod.rs`). A module (a file) depends on another when it names it:
//! a `use` of it or of anything in it, or a path through it in the code
//! (`crate::…`, `super::…`, `self::…`, or a name a `use` brought in).
//! Re-exports are followed (`crate::NetdraftApp` names `app` when the root
//! says `pub use app::NetdraftApp`); a name reached through a glob
//! re-export (`pub use kinds::*`) counts as naming the module that
//! re-exports it. Comments, doc comments and string literals are not code,
//! and neither is code gated by `#[cfg(test)]` (unit tests may build their
//! fixtures with any module of the crate; that is no dependency of the
//! module they test).

#![allow(clippy::unwrap_used, clippy::expect_used)]
//!
//! A submodule naming its own ancestors is part of them, not a dependency
//! (a child sees its parent's private items on purpose); every other
//! reference is an edge, parent to child included. The graph must be
//! acyclic; a cycle fails with each step and the line that makes it.

mod graph;
mod lex;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use graph::{Cycle, ModPath, ModuleGraph};

/// Cycles known and explained, to be fixed by their own change. An entry
/// must match a cycle exactly (the same modules, no more): a cycle that
/// grows or a new one fails, and so does an entry whose cycle is gone.
const KNOWN_CYCLES: &[(&str, &[&str], &str)] = &[];

#[test]
fn no_module_import_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let crates = workspace_crates(&root);
    assert!(crates.len() >= 7, "the workspace's crates were not found: {crates:?}");
    let mut failures = Vec::new();
    let mut known_seen = BTreeSet::new();
    for (name, root_file) in &crates {
        let graph = ModuleGraph::load(root_file, &|p: &Path| std::fs::read_to_string(p).ok())
            .unwrap_or_else(|e| panic!("crate {name}: {e}"));
        assert!(
            graph.files.len() > 1 || name.contains("bin"),
            "crate {name}: no modules found"
        );
        for cycle in graph.cycles() {
            let modules: BTreeSet<String> = cycle.modules.iter().map(|m| m.join("::")).collect();
            let known = KNOWN_CYCLES.iter().position(|(c, m, _)| {
                *c == name.as_str() && modules == m.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>()
            });
            match known {
                Some(i) => {
                    known_seen.insert(i);
                }
                None => failures.push(format!("crate {name}:\n{}", describe(&cycle))),
            }
        }
    }
    for (i, (c, m, why)) in KNOWN_CYCLES.iter().enumerate() {
        if known_seen.contains(&i) {
            eprintln!("known cycle in {c} ({}) allowed for now: {why}", m.join(", "));
        } else {
            failures.push(format!(
                "crate {c}: the known cycle of {} is gone; remove its KNOWN_CYCLES entry",
                m.join(", ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "module import cycles:\n\n{}",
        failures.join("\n\n")
    );
}

/// The checker finds a cycle through a re-export and a `super` path, and
/// ignores comments, strings and a child naming its parent.
#[test]
fn the_checker_finds_cycles_and_only_cycles() {
    let files: BTreeMap<&str, &str> = [
        (
            "src/lib.rs",
            "mod a;\nmod b;\nmod c;\nmod p;\npub use c::Thing;\n// crate::a::X\n",
        ),
        (
            "src/a.rs",
            "use crate::b::X;\npub fn f() -> X { X }\nfn m(_: crate::p::P) {}\n",
        ),
        ("src/b.rs", "pub struct X;\nfn g() { let _ = crate::Thing::new(); }\n"),
        ("src/c.rs", "pub struct Thing;\nfn h() { super::a::f(); }\n"),
        (
            "src/p.rs",
            "mod q;\npub struct P;\nfn k() { q::f(); }\nconst S: &str = \"crate::a::f\";\n",
        ),
        (
            "src/p/q.rs",
            "use super::P;\n/* crate::c::Thing */\npub fn f() -> P { P }\n\
             #[cfg(test)]\n#[allow(unused)]\nmod tests {\n    use crate::a::f;\n}\n",
        ),
    ]
    .into_iter()
    .collect();
    let read = |p: &Path| files.get(p.to_str()?).map(|s| (*s).to_owned());
    let graph = ModuleGraph::load(Path::new("src/lib.rs"), &read).unwrap();
    let cycles = graph.cycles();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    let modules: Vec<String> = cycles[0].modules.iter().map(|m| m.join("::")).collect();
    assert_eq!(modules, ["a", "b", "c"]);
    let steps: Vec<String> = cycles[0].steps.iter().map(|e| e.from.join("::")).collect();
    assert_eq!(steps, ["a", "b", "c"]);
    // The parent naming its child and the child naming its parent is no cycle;
    // the comment, the string and the unit tests name nothing.
    let p: Vec<String> = vec!["p".into()];
    assert!(
        graph
            .edges
            .keys()
            .all(|(from, to)| from != &p || to == &vec!["p".to_owned(), "q".to_owned()])
    );
    assert!(
        !graph
            .edges
            .keys()
            .any(|(from, _)| from == &vec!["p".to_owned(), "q".to_owned()])
    );
}

/// Every crate of the workspace: its name and root file (`src/lib.rs`,
/// `src/main.rs`, `src/bin/*.rs`).
fn workspace_crates(root: &Path) -> Vec<(String, PathBuf)> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let members = manifest
        .split_once("members")
        .and_then(|(_, rest)| rest.split_once('['))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("the workspace lists its members");
    let mut out = Vec::new();
    for member in members
        .split(',')
        .map(|m| m.trim().trim_matches('"'))
        .filter(|m| !m.is_empty())
    {
        let dir = root.join(member);
        let cargo = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let name = cargo
            .lines()
            .skip_while(|l| l.trim() != "[package]")
            .find_map(|l| l.trim().strip_prefix("name = "))
            .map(|n| n.trim_matches('"').to_owned())
            .expect("a package name");
        let src = dir.join("src");
        if src.join("lib.rs").exists() {
            out.push((name.clone(), src.join("lib.rs")));
        }
        if src.join("main.rs").exists() {
            out.push((format!("{name} (bin)"), src.join("main.rs")));
        }
        if let Ok(bins) = std::fs::read_dir(src.join("bin")) {
            for b in bins
                .flatten()
                .filter(|b| b.path().extension().is_some_and(|e| e == "rs"))
            {
                out.push((format!("{name} (bin {})", b.file_name().to_string_lossy()), b.path()));
            }
        }
    }
    out
}

fn describe(cycle: &Cycle) -> String {
    let name = |m: &ModPath| if m.is_empty() { "crate".to_owned() } else { m.join("::") };
    let mut lines = vec![
        format!(
            "  modules that depend on each other: {}",
            cycle.modules.iter().map(name).collect::<Vec<_>>().join(", ")
        ),
        format!(
            "  for one: {} → {}",
            cycle
                .steps
                .iter()
                .map(|e| name(&e.from))
                .collect::<Vec<_>>()
                .join(" → "),
            name(&cycle.steps[0].from)
        ),
    ];
    for e in &cycle.steps {
        lines.push(format!(
            "    {} names {} ({}:{}: `{}`)",
            name(&e.from),
            name(&e.to),
            e.file.display(),
            e.line,
            e.text
        ));
    }
    lines.join("\n")
}
