//! Writing a design over the text it was read from, keeping what the
//! canonical form would lose: comments, the order of the tables and the way
//! unchanged values were written.
//!
//! The canonical text ([`to_toml`]) says *what* the file must hold; the text
//! last read or written says *how* its author laid it out. Both are parsed
//! with `toml_edit` and the canonical document is laid onto the old one:
//!
//! - an unchanged value stays byte for byte, comments and all;
//! - a changed value takes the canonical value with the old comments around it
//!   (arrays keep the elements that are still there, with their comments);
//! - a removed key hands its comments to the key after it (or, last in its
//!   table, to the one before it), so a comment is never lost with a default
//!   that the canonical form leaves out;
//! - a removed resource table takes its comments with it, and they are listed
//!   in [`Updated::dropped`] so the caller can say so;
//! - an added resource goes right after the table that precedes it in
//!   canonical order, in canonical form.
//!
//! The result is then checked twice: it must hold exactly the data of the
//! canonical text, and every comment of the old text must still be there,
//! except the listed ones. Either check failing is a [`KeepError`], never a
//! silent loss.

use std::collections::HashSet;
use std::fmt;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::to_toml;
use crate::model::Design;

/// A design written over its previous text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The new file text.
    pub text: String,
    /// Comments that went with resources or list entries the edit removed.
    pub dropped: Vec<String>,
}

/// Why the previous text could not be kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepError {
    /// The previous text is not TOML (it was not read as a design).
    Unreadable(String),
    /// The file's own layout could not hold the design's data (a bug, or a
    /// layout this module does not know): nothing was written.
    Diverged,
    /// These comments would have been lost.
    WouldDrop(Vec<String>),
}

impl fmt::Display for KeepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeepError::Unreadable(e) => write!(f, "the previous text of the file is not TOML ({e})"),
            KeepError::Diverged => write!(
                f,
                "the design's values cannot be written into the file's own layout (tables, dotted keys or inline tables) without changing it"
            ),
            KeepError::WouldDrop(lost) => write!(f, "these comments would be lost: {}", lost.join(" | ")),
        }
    }
}

impl std::error::Error for KeepError {}

/// Writes `design` over `base`, the text it was last read from or written as,
/// keeping `base`'s comments, table order and the text of unchanged values.
pub fn update(base: &str, design: &Design) -> Result<Updated, KeepError> {
    keep(base, design, false)
}

/// Like [`update`], for `netdraft fmt`: comments and table order are kept, but
/// keys take their canonical order within each table and values their
/// canonical spelling (`[ "a" ]` becomes `["a"]`), except values holding
/// comments, whose elements are kept.
pub fn tidy(base: &str, design: &Design) -> Result<Updated, KeepError> {
    keep(base, design, true)
}

/// What a merge carries along: the mode, and the comments that went with
/// removed items.
struct Cx {
    tidy: bool,
    dropped: Vec<String>,
}

fn keep(base: &str, design: &Design, tidy: bool) -> Result<Updated, KeepError> {
    let canonical = to_toml(design);
    let new: DocumentMut = canonical
        .parse()
        .map_err(|e: toml_edit::TomlError| KeepError::Unreadable(e.message().to_owned()))?;
    let mut old: DocumentMut = base
        .parse()
        .map_err(|e: toml_edit::TomlError| KeepError::Unreadable(e.message().to_owned()))?;

    let mut cx = Cx {
        tidy,
        dropped: Vec::new(),
    };
    merge_table(old.as_table_mut(), new.as_table(), &mut cx);
    let dropped = cx.dropped;
    order_tables(&mut old, &new);
    let text = old.to_string();

    // 1. The same data as the canonical text, nothing more, nothing less.
    let same = match (text.parse::<toml::Table>(), canonical.parse::<toml::Table>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same {
        return Err(KeepError::Diverged);
    }
    // 2. Every comment is still there, or was listed as going with what was removed.
    let mut missing = comments_in(base);
    for c in comments_in(&text) {
        if let Some(i) = missing.iter().position(|m| *m == c) {
            missing.swap_remove(i);
        }
    }
    for d in &dropped {
        if let Some(i) = missing.iter().position(|m| m == d) {
            missing.swap_remove(i);
        }
    }
    if !missing.is_empty() {
        let order = comments_in(base);
        missing.sort_by_key(|m| order.iter().position(|c| c == m));
        return Err(KeepError::WouldDrop(missing));
    }
    Ok(Updated { text, dropped })
}

// ---------------------------------------------------------------- merging

fn merge_item(old: &mut Item, new: &Item, cx: &mut Cx) {
    if item_eq(old, new) && !(cx.tidy && old.is_table_like()) && !(cx.tidy && old.is_value()) {
        return;
    }
    let replace = match (&mut *old, new) {
        (Item::Table(o), Item::Table(n)) => {
            merge_table(o, n, cx);
            false
        }
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => {
            merge_tables(o, n, cx);
            false
        }
        (Item::Value(o), Item::Value(n)) => {
            merge_value(o, n, cx);
            false
        }
        (Item::Value(Value::InlineTable(o)), Item::Table(n)) => {
            merge_inline(o, &n.clone().into_inline_table(), cx);
            false
        }
        (Item::Value(Value::Array(o)), Item::ArrayOfTables(n)) => {
            merge_array(o, &n.clone().into_array(), cx);
            false
        }
        _ => true,
    };
    if replace {
        cx.dropped.extend(comments_in(&item_text(None, old)));
        *old = fresh(new);
    }
}

fn merge_table(old: &mut Table, new: &Table, cx: &mut Cx) {
    let keys: Vec<String> = old.iter().map(|(k, _)| k.to_owned()).collect();
    for (i, key) in keys.iter().enumerate() {
        if new.contains_key(key) {
            continue;
        }
        let formatted = old.key(key).cloned();
        let Some(item) = old.remove(key) else { continue };
        let text = item_text(formatted.as_ref(), &item);
        if !matches!(item, Item::Value(_)) {
            // A resource (or another table) removed by the edit.
            cx.dropped.extend(comments_in(&text));
            continue;
        }
        // A key removed (a default the canonical form omits): its comments
        // move to a neighbour.
        let carried = comments_in(&text);
        if carried.is_empty() {
            continue;
        }
        let next = keys[i + 1..]
            .iter()
            .find(|k| new.contains_key(k) && old.contains_key(k));
        let prev = keys[..i].iter().rev().find(|k| old.get(k).is_some_and(Item::is_value));
        if let Some(next) = next {
            let lines: String = carried.iter().flat_map(|c| [c.as_str(), "\n"]).collect();
            prepend_comments(old, next, &lines);
        } else if let Some(prev) = prev
            && let Some(Item::Value(v)) = old.get_mut(prev)
        {
            let suffix = raw(v.decor().suffix()).to_owned();
            let lines: String = carried.iter().flat_map(|c| ["\n", c.as_str()]).collect();
            v.decor_mut().set_suffix(format!("{suffix}{lines}"));
        } else {
            cx.dropped.extend(carried);
        }
    }
    for (key, item) in new {
        match old.get_mut(key) {
            Some(o) => merge_item(o, item, cx),
            None => {
                old.insert(key, fresh(item));
            }
        }
    }
    if cx.tidy {
        let place = |k: &toml_edit::Key| new.iter().position(|(n, _)| n == k.get());
        old.sort_values_by(|a, _, b, _| place(a).cmp(&place(b)));
    }
}

/// A value as written, without the blanks and comments around it.
fn bare(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

/// Puts comment `lines` before `key` (a value or a table) in `table`.
fn prepend_comments(table: &mut Table, key: &str, lines: &str) {
    if let Some(Item::Table(t)) = table.get_mut(key)
        && !t.is_implicit()
        && !t.is_dotted()
    {
        let prefix = raw(t.decor().prefix()).to_owned();
        t.decor_mut().set_prefix(format!("{lines}{prefix}"));
        return;
    }
    if let Some(Item::ArrayOfTables(a)) = table.get_mut(key)
        && let Some(t) = a.get_mut(0)
    {
        let prefix = raw(t.decor().prefix()).to_owned();
        t.decor_mut().set_prefix(format!("{lines}{prefix}"));
        return;
    }
    if let Some(mut k) = table.key_mut(key) {
        let prefix = raw(k.leaf_decor().prefix()).to_owned();
        k.leaf_decor_mut().set_prefix(format!("{lines}{prefix}"));
    }
}

fn merge_value(old: &mut Value, new: &Value, cx: &mut Cx) {
    if value_eq(old, new) {
        if cx.tidy && bare(old) != bare(new) && !old.to_string().contains('#') {
            let decor = old.decor().clone();
            *old = new.clone();
            *old.decor_mut() = decor;
        }
        return;
    }
    match (&mut *old, new) {
        (Value::Array(o), Value::Array(n)) => merge_array(o, n, cx),
        (Value::InlineTable(o), Value::InlineTable(n)) => merge_inline(o, n, cx),
        _ => {
            let decor = old.decor().clone();
            cx.dropped.extend(comments_in(&old.to_string()).into_iter().filter(|c| {
                // The decor stays: only comments inside the old value go.
                !comments_in(raw(decor.prefix())).contains(c) && !comments_in(raw(decor.suffix())).contains(c)
            }));
            *old = new.clone();
            *old.decor_mut() = decor;
        }
    }
}

fn merge_inline(old: &mut InlineTable, new: &InlineTable, cx: &mut Cx) {
    let keys: Vec<String> = old.iter().map(|(k, _)| k.to_owned()).collect();
    for key in &keys {
        if !new.contains_key(key)
            && let Some(v) = old.remove(key)
        {
            cx.dropped.extend(comments_in(&v.to_string()));
        }
    }
    for (key, value) in new {
        match old.get_mut(key) {
            Some(o) => merge_value(o, value, cx),
            None => {
                old.insert(key, value.clone());
            }
        }
    }
}

/// Lays the elements of `new` onto `old`: elements still there keep their
/// comments, changed ones keep the comments of the element at their place.
fn merge_array(old: &mut Array, new: &Array, cx: &mut Cx) {
    let mut olds: Vec<Option<Value>> = old.iter().cloned().map(Some).collect();
    let mut taken: Vec<Option<Value>> = vec![None; new.len()];
    for (i, n) in new.iter().enumerate() {
        if let Some(j) = olds.iter().position(|o| o.as_ref().is_some_and(|o| value_eq(o, n))) {
            taken[i] = olds[j].take();
        }
    }
    let multiline = old.iter().any(|v| raw(v.decor().prefix()).contains('\n'));
    let indent = old
        .iter()
        .find_map(|v| raw(v.decor().prefix()).rsplit_once('\n').map(|(_, i)| i.to_owned()))
        .unwrap_or_default();
    for (i, n) in new.iter().enumerate() {
        if taken[i].is_some() {
            continue;
        }
        taken[i] = Some(if let Some(mut o) = olds.get_mut(i).and_then(Option::take) {
            merge_value(&mut o, n, cx);
            o
        } else {
            let mut v = n.clone();
            if multiline {
                v.decor_mut().set_prefix(format!("\n{indent}"));
            }
            v
        });
    }
    for o in olds.into_iter().flatten() {
        cx.dropped.extend(comments_in(&o.to_string()));
    }
    let values: Vec<Value> = taken.into_iter().flatten().collect();
    let tidy = !multiline && !values.iter().any(|v| v.to_string().contains(['#', '\n']));
    let (trailing, comma, decor) = (old.trailing().clone(), old.trailing_comma(), old.decor().clone());
    old.clear();
    for (i, mut v) in values.into_iter().enumerate() {
        if tidy {
            v.decor_mut().set_prefix(if i == 0 { "" } else { " " });
            v.decor_mut().set_suffix("");
        }
        old.push_formatted(v);
    }
    old.set_trailing(trailing);
    old.set_trailing_comma(comma);
    *old.decor_mut() = decor;
}

/// Arrays of tables (`[[accept]]`, `[[nsg.x.rules]]`): a table still there
/// keeps its text; a changed one is matched by name, then by place.
fn merge_tables(old: &mut ArrayOfTables, new: &ArrayOfTables, cx: &mut Cx) {
    let mut olds: Vec<Option<Table>> = old.iter().cloned().map(Some).collect();
    let mut taken: Vec<Option<Table>> = vec![None; new.len()];
    for (i, n) in new.iter().enumerate() {
        if let Some(j) = olds
            .iter()
            .position(|o| o.as_ref().is_some_and(|o| table_like_eq(o, n)))
        {
            taken[i] = olds[j].take();
            if cx.tidy
                && let Some(t) = &mut taken[i]
            {
                merge_table(t, n, cx);
            }
        }
    }
    let label = |t: &Table| {
        ["name", "title", "rule"]
            .iter()
            .find_map(|k| t.get(k).and_then(Item::as_str).map(|s| (*k, s.to_owned())))
    };
    for (i, n) in new.iter().enumerate() {
        if taken[i].is_some() {
            continue;
        }
        let by_label = label(n).and_then(|l| {
            olds.iter()
                .position(|o| o.as_ref().is_some_and(|o| label(o).as_ref() == Some(&l)))
        });
        let at = by_label.or_else(|| olds.get(i).and_then(Option::as_ref).map(|_| i));
        taken[i] = Some(match at.and_then(|j| olds[j].take()) {
            Some(mut o) => {
                merge_table(&mut o, n, cx);
                o
            }
            None => match fresh(&Item::Table(n.clone())) {
                Item::Table(t) => t,
                _ => n.clone(),
            },
        });
    }
    for o in olds.into_iter().flatten() {
        let mut one = ArrayOfTables::new();
        one.push(o);
        cx.dropped
            .extend(comments_in(&item_text(None, &Item::ArrayOfTables(one))));
    }
    let mut out = ArrayOfTables::new();
    for t in taken.into_iter().flatten() {
        out.push(t);
    }
    *old = out;
}

/// A copy of a canonical item to insert: its tables get no place yet, so
/// [`order_tables`] puts them after their canonical predecessor.
fn fresh(item: &Item) -> Item {
    fn clear(t: &mut Table) {
        t.set_position(None);
        for (_, item) in t.iter_mut() {
            match item {
                Item::Table(t) => clear(t),
                Item::ArrayOfTables(a) => a.iter_mut().for_each(clear),
                _ => {}
            }
        }
    }
    let mut item = item.clone();
    match &mut item {
        Item::Table(t) => clear(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(clear),
        _ => {}
    }
    item
}

// ---------------------------------------------------------------- table order

type Path = Vec<String>;

/// Every table with a header, with its place in the document.
fn headers(table: &Table, path: &mut Path, out: &mut Vec<(Path, Option<isize>)>) {
    for (key, item) in table {
        match item {
            Item::Table(t) if !t.is_dotted() => {
                path.push(key.to_owned());
                out.push((path.clone(), t.position()));
                headers(t, path, out);
                path.pop();
            }
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    path.push(format!("{key}[{i}]"));
                    out.push((path.clone(), t.position()));
                    headers(t, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

fn set_positions(table: &mut Table, path: &mut Path, order: &[Path]) {
    let place = |p: &Path| order.iter().position(|q| q == p).map(|i| i.cast_signed() + 1);
    for (key, item) in table.iter_mut() {
        match item {
            Item::Table(t) if !t.is_dotted() => {
                path.push(key.get().to_owned());
                t.set_position(place(path));
                set_positions(t, path, order);
                path.pop();
            }
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter_mut().enumerate() {
                    path.push(format!("{}[{i}]", key.get()));
                    t.set_position(place(path));
                    set_positions(t, path, order);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// Tables keep their order in the old text; each added one goes right after
/// the table that precedes it in canonical order.
fn order_tables(old: &mut DocumentMut, new: &DocumentMut) {
    let mut merged = Vec::new();
    headers(old.as_table(), &mut Vec::new(), &mut merged);
    let mut canonical = Vec::new();
    headers(new.as_table(), &mut Vec::new(), &mut canonical);
    canonical.sort_by_key(|(_, p)| p.unwrap_or(isize::MAX));

    let fresh: HashSet<&Path> = merged.iter().filter(|(_, p)| p.is_none()).map(|(p, _)| p).collect();
    let mut kept: Vec<(&Path, isize)> = merged.iter().filter_map(|(path, p)| p.map(|p| (path, p))).collect();
    kept.sort_by_key(|(_, p)| *p);
    let mut order: Vec<Path> = kept.into_iter().map(|(p, _)| p.clone()).collect();
    for (i, (path, _)) in canonical.iter().enumerate() {
        if !fresh.contains(path) || order.contains(path) {
            continue;
        }
        let at = canonical[..i]
            .iter()
            .rev()
            .find_map(|(q, _)| order.iter().position(|o| o == q))
            .map_or(0, |j| j + 1);
        order.insert(at, path.clone());
    }
    for (path, _) in &merged {
        if !order.contains(path) {
            order.push(path.clone());
        }
    }
    set_positions(old.as_table_mut(), &mut Vec::new(), &order);
}

// ---------------------------------------------------------------- equality

fn item_eq(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::None, Item::None) => true,
        (Item::Value(x), Item::Value(y)) => value_eq(x, y),
        (Item::ArrayOfTables(x), Item::ArrayOfTables(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| table_like_eq(x, y))
        }
        (Item::ArrayOfTables(t), Item::Value(Value::Array(v)))
        | (Item::Value(Value::Array(v)), Item::ArrayOfTables(t)) => {
            t.len() == v.len()
                && t.iter()
                    .zip(v.iter())
                    .all(|(t, v)| v.as_inline_table().is_some_and(|v| table_like_eq(t, v)))
        }
        _ => match (a.as_table_like(), b.as_table_like()) {
            (Some(x), Some(y)) => table_like_eq(x, y),
            _ => false,
        },
    }
}

fn table_like_eq(a: &dyn TableLike, b: &dyn TableLike) -> bool {
    a.iter().count() == b.iter().count() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| item_eq(v, w)))
}

fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value().to_bits() == y.value().to_bits(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| value_eq(x, y)),
        (Value::InlineTable(x), Value::InlineTable(y)) => table_like_eq(x, y),
        _ => false,
    }
}

// ---------------------------------------------------------------- comments

fn raw(r: Option<&toml_edit::RawString>) -> &str {
    r.and_then(toml_edit::RawString::as_str).unwrap_or("")
}

/// The text of an item (under `key`, with the key's own comments), nested
/// tables included.
fn item_text(key: Option<&toml_edit::Key>, item: &Item) -> String {
    let mut doc = DocumentMut::new();
    match key {
        Some(k) => doc.as_table_mut().insert_formatted(k, item.clone()),
        None => doc.as_table_mut().insert("x", item.clone()),
    };
    doc.to_string()
}

/// The comments of a TOML text, in order, each from `#` to the end of its line
/// (trailing blanks cut).
pub fn comments_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    let skip_to = |from: usize, close: &str, escapes: bool| -> usize {
        let mut j = from;
        while j < b.len() {
            if escapes && b[j] == b'\\' {
                j += 2;
                continue;
            }
            if b[j..].starts_with(close.as_bytes()) {
                let mut end = j + close.len();
                // `""""` closes a multi-line string with a quote inside it.
                while close.len() == 3 && end < b.len() && b[end] == close.as_bytes()[0] && end - j < 5 {
                    end += 1;
                }
                return end;
            }
            if close.len() == 1 && b[j] == b'\n' {
                return j;
            }
            j += 1;
        }
        b.len()
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                let end = text[i..].find('\n').map_or(text.len(), |e| i + e);
                out.push(text[i..end].trim_end().to_owned());
                i = end;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => i = skip_to(i + 3, "\"\"\"", true),
            b'"' => i = skip_to(i + 1, "\"", true),
            b'\'' if b[i..].starts_with(b"'''") => i = skip_to(i + 3, "'''", false),
            b'\'' => i = skip_to(i + 1, "'", false),
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{self, Command};
    use crate::file::parse;

    const COMMENTED: &str = r#"# Team network, owned by platform. Top comment.
format = 1
name = "commented" # the design's name

# Our region: between tables.
[region.weu]
name = "West Europe"
location = "westeurope"

[vnet.hub]
# inside a table, above a key
name = "vnet-hub"
parent = "weu"
address_space = [
  "10.0.0.0/16", # the hub range
]

# The subnets come before the resource group on purpose.
[subnet.fw]
name = "AzureFirewallSubnet"
parent = "hub"
prefix = "10.0.0.0/26"

[resource_group.rg]
name = "rg-net" # end of line
parent = "weu"
# trailing comment at the end of the file
"#;

    fn design(text: &str) -> Design {
        parse(text, "t").unwrap().design
    }

    #[test]
    fn comments_are_found_outside_strings_only() {
        let text = "a = \"x × # not\" # yes ×\nb = '''\n# no\n''' # also\nc = \"\"\"q\"\"\"\"# tail\n";
        assert_eq!(comments_in(text), ["# yes ×", "# also", "# tail"]);
    }

    #[test]
    fn unchanged_design_keeps_the_text_byte_for_byte() {
        let d = design(COMMENTED);
        let u = update(COMMENTED, &d).unwrap();
        assert_eq!(u.text, COMMENTED);
        assert!(u.dropped.is_empty());
    }

    #[test]
    fn canonical_text_stays_canonical() {
        let d = design(COMMENTED);
        let canonical = to_toml(&d);
        assert_eq!(update(&canonical, &d).unwrap().text, canonical);
    }

    #[test]
    fn edits_write_new_values_and_keep_every_comment() {
        let mut d = design(COMMENTED);
        let mut vnet = d.get("hub").unwrap().clone();
        vnet.meta.name = "vnet-hub-renamed".into();
        command::apply(&mut d, Command::Update(vnet)).unwrap();
        let u = update(COMMENTED, &d).unwrap();
        assert!(u.text.contains("name = \"vnet-hub-renamed\""), "{}", u.text);
        for c in comments_in(COMMENTED) {
            assert!(u.text.contains(&c), "lost {c}:\n{}", u.text);
        }
        // The user's table order stays: subnets before the resource group.
        assert!(u.text.find("[subnet.fw]").unwrap() < u.text.find("[resource_group.rg]").unwrap());
        assert_eq!(to_toml(&design(&u.text)), to_toml(&d));
    }

    #[test]
    fn tidy_spells_values_and_orders_keys_canonically_but_keeps_comments_and_table_order() {
        let messy = "# top\nformat = 1\nname = \"m\"\n[subnet.b]\nparent = \"a\" # eol\nname = 's'\nprefix = \"10.0.0.0/24\"\n# between\n[vnet.a]\naddress_space = [ \"10.0.0.0/16\" ]\nname = \"v\"\n";
        let d = design(messy);
        let u = tidy(messy, &d).unwrap();
        assert_eq!(
            u.text,
            "# top\nformat = 1\nname = \"m\"\n[subnet.b]\nname = \"s\"\nparent = \"a\" # eol\nprefix = \"10.0.0.0/24\"\n# between\n[vnet.a]\nname = \"v\"\naddress_space = [\"10.0.0.0/16\"]\n"
        );
        // Tidy text is a fixed point, and `update` leaves unchanged spelling alone.
        assert_eq!(tidy(&u.text, &d).unwrap().text, u.text);
        assert_eq!(update(messy, &d).unwrap().text, messy);
    }

    #[test]
    fn removed_defaults_hand_their_comments_on() {
        let text = "format = 1\nname = \"d\"\n\n[vnet.v]\nname = \"v\"\n# why it is off\nddos_protection = false # really\naddress_space = [\"10.0.0.0/16\"]\n\n[vnet.w]\nname = \"w\"\naddress_space = [\"10.1.0.0/16\"]\nddos_protection = false # last\n";
        let d = design(text);
        let u = update(text, &d).unwrap();
        assert!(!u.text.contains("ddos_protection"), "{}", u.text);
        for c in ["# why it is off", "# really", "# last"] {
            assert!(u.text.contains(c), "lost {c}:\n{}", u.text);
        }
        assert_eq!(to_toml(&design(&u.text)), to_toml(&d));
    }

    #[test]
    fn added_resources_go_after_their_canonical_predecessor_and_removed_ones_report_comments() {
        let mut d = design(COMMENTED);
        let mut subnet = d.get("fw").unwrap().clone();
        subnet.id = crate::Id::new("fw2").unwrap();
        subnet.meta.name = "snet-two".into();
        if let crate::model::Spec::Subnet(s) = &mut subnet.spec {
            s.prefix = crate::model::SubnetPrefix::Auto;
        }
        command::apply(&mut d, Command::Add(subnet)).unwrap();
        let u = update(COMMENTED, &d).unwrap();
        let fw = u.text.find("[subnet.fw]").unwrap();
        let fw2 = u.text.find("[subnet.fw2]").unwrap();
        let rg = u.text.find("[resource_group.rg]").unwrap();
        assert!(fw < fw2 && fw2 < rg, "{}", u.text);
        assert_eq!(to_toml(&design(&u.text)), to_toml(&d));

        command::apply(&mut d, Command::Delete(vec![crate::Id::new("weu").unwrap()])).unwrap_or_else(|_| {
            panic!("delete");
        });
        let u = update(COMMENTED, &d).unwrap();
        assert!(
            u.dropped.contains(&"# Our region: between tables.".to_owned()),
            "{:?}",
            u.dropped
        );
        assert!(u.text.starts_with("# Team network"));
    }
}
