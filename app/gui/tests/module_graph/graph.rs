//! A crate's module tree, the paths each module writes, what they resolve
//! to, and the cycles among the modules.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use crate::lex::{Tok, lex};

pub type ModPath = Vec<String>;

/// A reference from a module to another, with where it was written.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: ModPath,
    pub to: ModPath,
    pub file: PathBuf,
    pub line: usize,
    pub text: String,
}

/// Modules that reach each other, and the shortest way round from the first.
#[derive(Debug, Clone)]
pub struct Cycle {
    pub modules: Vec<ModPath>,
    pub steps: Vec<Edge>,
}

/// One entry of a `use` tree: the path and the name it binds (`None`: a
/// glob or `_`). Any `use` counts as a re-export: code that compiles only
/// reaches a private one from where it is visible.
#[derive(Debug, Clone)]
pub struct UseEntry {
    path: Vec<String>,
    binds: Option<String>,
    glob: bool,
    line: usize,
}

/// A path written in a module's code or `use` declarations.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The module it was written in (inline modules included).
    module: ModPath,
    path: Vec<String>,
    line: usize,
}

#[derive(Debug, Default)]
pub struct ModuleGraph {
    /// Each module's file; inline modules map to the file they are written in.
    pub files: BTreeMap<ModPath, PathBuf>,
    /// The file module each module (inline ones included) belongs to.
    owner: BTreeMap<ModPath, ModPath>,
    uses: BTreeMap<ModPath, Vec<UseEntry>>,
    references: Vec<Reference>,
    /// (from, to) → the first reference that makes the edge.
    pub edges: BTreeMap<(ModPath, ModPath), Edge>,
}

impl ModuleGraph {
    pub fn load(root: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Result<ModuleGraph, String> {
        let mut g = ModuleGraph::default();
        let mut queue = VecDeque::from([(Vec::new(), root.to_path_buf(), true)]);
        while let Some((module, file, dir_owner)) = queue.pop_front() {
            let src = read(&file).ok_or_else(|| format!("cannot read {}", file.display()))?;
            let base = if dir_owner {
                file.parent().unwrap_or(Path::new("")).to_path_buf()
            } else {
                file.with_extension("")
            };
            g.files.insert(module.clone(), file.clone());
            for (child, inline_dirs) in g.parse(&module, &lex(&src)) {
                let mut dir = base.clone();
                dir.extend(&inline_dirs);
                let name = child.last().cloned().unwrap_or_default();
                let flat = dir.join(format!("{name}.rs"));
                let nested = dir.join(&name).join("mod.rs");
                let (path, owner) = if read(&flat).is_some() {
                    (flat, false)
                } else if read(&nested).is_some() {
                    (nested, true)
                } else {
                    return Err(format!("{}: module {name} has no file", file.display()));
                };
                g.owner.insert(child.clone(), child.clone());
                queue.push_back((child, path, owner));
            }
        }
        g.owner.insert(Vec::new(), Vec::new());
        g.link();
        Ok(g)
    }

    /// Reads one file of `module`: its `use` trees and paths; returns the
    /// modules it declares in other files, with the inline modules between.
    fn parse(&mut self, module: &ModPath, toks: &[(Tok, usize)]) -> Vec<(ModPath, Vec<String>)> {
        let mut declared = Vec::new();
        // Inline modules open here: name and the brace depth inside them.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0;
        let current = |inline: &[(String, usize)]| {
            let mut m = module.clone();
            m.extend(inline.iter().map(|(n, _)| n.clone()));
            m
        };
        let ident = |i: usize| match toks.get(i) {
            Some((Tok::Ident(s), _)) => Some(s.as_str()),
            _ => None,
        };
        let mut i = 0;
        while i < toks.len() {
            if let Some(end) = test_only_item(toks, i) {
                i = end;
                continue;
            }
            let (tok, line) = &toks[i];
            match tok {
                Tok::Open => depth += 1,
                Tok::Close => {
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                    depth -= 1;
                }
                Tok::Ident(w) if w == "mod" && ident(i + 1).is_some() => {
                    let name = ident(i + 1).unwrap_or_default().to_owned();
                    let mut child = current(&inline);
                    child.push(name.clone());
                    match toks.get(i + 2).map(|t| &t.0) {
                        Some(Tok::Semi) => {
                            declared.push((child, inline.iter().map(|(n, _)| n.clone()).collect()));
                        }
                        Some(Tok::Open) => {
                            self.owner.insert(child, module.clone());
                            depth += 1;
                            inline.push((name, depth));
                            i += 3;
                            continue;
                        }
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                Tok::Ident(w) if w == "use" => {
                    let mut entries = Vec::new();
                    let mut j = i + 1;
                    use_tree(toks, &mut j, Vec::new(), *line, &mut entries);
                    let here = current(&inline);
                    for e in entries {
                        self.references.push(Reference {
                            module: here.clone(),
                            path: e.path.clone(),
                            line: e.line,
                        });
                        self.uses.entry(here.clone()).or_default().push(e);
                    }
                    i = j;
                    continue;
                }
                Tok::Ident(first) => {
                    let after_path = i > 0 && matches!(toks[i - 1].0, Tok::Colon2 | Tok::Dollar);
                    if !after_path && matches!(toks.get(i + 1), Some((Tok::Colon2, _))) && ident(i + 2).is_some() {
                        let mut path = vec![first.clone()];
                        let mut j = i + 1;
                        while matches!(toks.get(j), Some((Tok::Colon2, _))) {
                            match ident(j + 1) {
                                Some(s) => path.push(s.to_owned()),
                                None => break,
                            }
                            j += 2;
                        }
                        self.references.push(Reference {
                            module: current(&inline),
                            path,
                            line: *line,
                        });
                        i = j;
                        continue;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        declared
    }

    fn is_module(&self, m: &ModPath) -> bool {
        self.owner.contains_key(m)
    }

    /// The name `name` bound by a `use` in `module` (or in a module it
    /// glob-imports), as an absolute path.
    fn alias(&self, module: &ModPath, name: &str, depth: usize) -> Option<Vec<String>> {
        if depth > 8 {
            return None;
        }
        let uses = self.uses.get(module)?;
        if let Some(e) = uses.iter().find(|e| e.binds.as_deref() == Some(name)) {
            return self.absolute(module, &e.path, depth + 1);
        }
        uses.iter().filter(|e| e.glob).find_map(|e| {
            let from = self.resolve(module, &e.path, depth + 1)?;
            let mut inner = from.clone();
            inner.push(name.to_owned());
            if self.is_module(&inner) {
                return Some(inner);
            }
            self.alias(&from, name, depth + 1)
        })
    }

    /// `path` written in `module`, from the crate root (external paths: `None`).
    fn absolute(&self, module: &ModPath, path: &[String], depth: usize) -> Option<Vec<String>> {
        let first = path.first()?.as_str();
        let mut out: Vec<String> = match first {
            "crate" => path[1..].to_vec(),
            "self" => module.iter().chain(&path[1..]).cloned().collect(),
            "super" => {
                let mut m = module.clone();
                let mut rest = path;
                while rest.first().is_some_and(|s| s == "super") {
                    m.pop()?;
                    rest = &rest[1..];
                }
                m.extend(rest.iter().cloned());
                m
            }
            name => {
                let mut child = module.clone();
                child.push(name.to_owned());
                if self.is_module(&child) {
                    child.extend(path[1..].iter().cloned());
                    child
                } else {
                    let mut target = self.alias(module, name, depth)?;
                    target.extend(path[1..].iter().cloned());
                    target
                }
            }
        };
        out.retain(|s| s != "self");
        Some(out)
    }

    /// The module `path` (written in `module`) names, following re-exports.
    fn resolve(&self, module: &ModPath, path: &[String], depth: usize) -> Option<ModPath> {
        let abs = self.absolute(module, path, depth)?;
        self.walk(&abs, depth)
    }

    fn walk(&self, abs: &[String], depth: usize) -> Option<ModPath> {
        let mut cur: ModPath = Vec::new();
        for (k, seg) in abs.iter().enumerate() {
            let mut next = cur.clone();
            next.push(seg.clone());
            if self.is_module(&next) {
                cur = next;
                continue;
            }
            let reexport = self
                .uses
                .get(&cur)
                .and_then(|u| u.iter().find(|e| e.binds.as_deref() == Some(seg.as_str())));
            if let Some(e) = reexport
                && depth < 8
                && let Some(mut target) = self.absolute(&cur, &e.path, depth + 1)
            {
                target.extend(abs[k + 1..].iter().cloned());
                return self.walk(&target, depth + 1).or(Some(cur));
            }
            break;
        }
        Some(cur)
    }

    fn link(&mut self) {
        for r in &self.references {
            let Some(target) = self.resolve(&r.module, &r.path, 0) else {
                continue;
            };
            let from = self.owner[&r.module].clone();
            let to = self.owner[&target].clone();
            if to.len() <= from.len() && from[..to.len()] == to[..] {
                continue; // itself or an ancestor
            }
            self.edges.entry((from.clone(), to.clone())).or_insert_with(|| Edge {
                file: self.files[&from].clone(),
                from,
                to,
                line: r.line,
                text: r.path.join("::"),
            });
        }
    }

    /// One cycle per strongly connected set of modules: the set, and the
    /// shortest way round from its first module.
    pub fn cycles(&self) -> Vec<Cycle> {
        let nodes: Vec<&ModPath> = self.files.keys().collect();
        let index: BTreeMap<&ModPath, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (from, to) in self.edges.keys() {
            next[index[from]].push(index[to]);
        }
        let mut out = Vec::new();
        for set in strongly_connected(&next).into_iter().filter(|s| s.len() > 1) {
            let start = *set.iter().min().unwrap_or(&0);
            // The shortest way from the first module back to itself inside the set.
            let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
            let mut queue = VecDeque::from([start]);
            'search: while let Some(n) = queue.pop_front() {
                for &m in &next[n] {
                    if !set.contains(&m) || came_from.contains_key(&m) {
                        continue;
                    }
                    came_from.insert(m, n);
                    if m == start {
                        break 'search;
                    }
                    queue.push_back(m);
                }
            }
            let mut steps = Vec::new();
            let mut at = start;
            loop {
                let prev = came_from[&at];
                steps.push(self.edges[&(nodes[prev].clone(), nodes[at].clone())].clone());
                at = prev;
                if at == start {
                    break;
                }
            }
            steps.reverse();
            let modules = set.iter().map(|&n| nodes[n].clone()).collect();
            out.push(Cycle { modules, steps });
        }
        out
    }
}

/// When `toks[i]` starts `#[cfg(test)]`, the index after the item it
/// gates (its other attributes, then up to its `;` or its closing brace).
pub fn test_only_item(toks: &[(Tok, usize)], i: usize) -> Option<usize> {
    let text = |k: usize| match toks.get(k).map(|t| &t.0) {
        Some(Tok::Ident(s)) => s.clone(),
        Some(Tok::Other(c)) => c.to_string(),
        _ => String::new(),
    };
    let attr: Vec<String> = (i..i + 7).map(text).collect();
    if attr != ["#", "[", "cfg", "(", "test", ")", "]"] {
        return None;
    }
    let mut k = i + 7;
    let mut nesting = 0usize;
    let mut opened = false;
    while k < toks.len() {
        match &toks[k].0 {
            Tok::Open => {
                nesting += 1;
                opened = true;
            }
            Tok::Other('(' | '[') => nesting += 1,
            Tok::Close | Tok::Other(')' | ']') => {
                nesting = nesting.saturating_sub(1);
                if nesting == 0 && opened && toks[k].0 == Tok::Close {
                    return Some(k + 1);
                }
            }
            Tok::Semi if nesting == 0 => return Some(k + 1),
            _ => {}
        }
        k += 1;
    }
    Some(k)
}

/// Parses a `use` tree from `toks[*j]` up to its end, adding its entries.
pub fn use_tree(toks: &[(Tok, usize)], j: &mut usize, prefix: Vec<String>, line: usize, out: &mut Vec<UseEntry>) {
    let mut path = prefix;
    loop {
        match toks.get(*j).map(|t| &t.0) {
            Some(Tok::Colon2) => *j += 1,
            Some(Tok::Ident(s)) => {
                path.push(s.clone());
                *j += 1;
                if matches!(toks.get(*j), Some((Tok::Colon2, _))) {
                    *j += 1;
                    continue;
                }
                let mut binds = path.last().cloned();
                if matches!(toks.get(*j), Some((Tok::Ident(a), _)) if a == "as") {
                    binds = match toks.get(*j + 1) {
                        Some((Tok::Ident(n), _)) if n != "_" => Some(n.clone()),
                        _ => None,
                    };
                    *j += 2;
                }
                if path.last().is_some_and(|s| s == "self") {
                    path.pop();
                    if binds.as_deref() == Some("self") {
                        binds = path.last().cloned();
                    }
                }
                out.push(UseEntry {
                    path,
                    binds,
                    glob: false,
                    line,
                });
                break;
            }
            Some(Tok::Star) => {
                *j += 1;
                out.push(UseEntry {
                    path,
                    binds: None,
                    glob: true,
                    line,
                });
                break;
            }
            Some(Tok::Open) => {
                *j += 1;
                loop {
                    match toks.get(*j).map(|t| &t.0) {
                        Some(Tok::Close) => {
                            *j += 1;
                            break;
                        }
                        Some(Tok::Comma) => *j += 1,
                        None => return,
                        Some(_) => {
                            let line = toks[*j].1;
                            let before = *j;
                            use_tree(toks, j, path.clone(), line, out);
                            if *j == before {
                                *j += 1;
                            }
                        }
                    }
                }
                break;
            }
            _ => break,
        }
    }
    // The caller's tree ends at `;`; nested ones at `,` or `}`.
    if matches!(toks.get(*j), Some((Tok::Semi, _))) {
        *j += 1;
    }
}

/// Tarjan's strongly connected components, iteratively.
pub fn strongly_connected(next: &[Vec<usize>]) -> Vec<BTreeSet<usize>> {
    let n = next.len();
    let (mut index, mut low) = (vec![usize::MAX; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut out, mut counter) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = counter;
                low[v] = counter;
                counter += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = next[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut set = BTreeSet::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    set.insert(w);
                    if w == v {
                        break;
                    }
                }
                out.push(set);
            }
        }
    }
    out
}
