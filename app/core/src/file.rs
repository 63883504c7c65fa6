//! The design file: TOML, one table per resource (`[subnet.hub-firewall]`),
//! kinds in catalogue order, ids sorted, fields in a fixed order, defaults
//! omitted. The same design always serialises to the same bytes, so designs
//! diff well in pull requests.
//!
//! Reading never panics: syntax errors, wrong types, unknown kinds or fields,
//! a newer format version, bad CIDRs and dangling references all come back as
//! [`Diagnostic`]s that name the line, the field and a fix. This module does no
//! I/O: callers pass text and a file name for messages.

use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Severity};
use crate::model::{CURRENT_FORMAT, Design, DesignFile, Kind};
use crate::validate;

mod keep;
pub use keep::{KeepError, Updated, comments_in, tidy, update};

/// A design read from text, with the warnings found on the way (e.g. a prefix
/// with host bits set that was normalised).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub design: Design,
    pub warnings: Vec<Diagnostic>,
}

/// Why a design file could not be read: one or more located errors.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.display(&self.file))?;
        }
        if errors > 1 {
            write!(f, "\n{}: {errors} errors; the design was not loaded", self.file)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Reads a design from TOML text. `file` is only used in messages.
pub fn parse(text: &str, file: &str) -> Result<Loaded, LoadError> {
    let fail = |diagnostics: Vec<Diagnostic>| LoadError {
        file: file.to_owned(),
        diagnostics,
    };
    let lines = LineIndex::new(text);

    // 1. Syntax, with the spans we need to locate later problems.
    let doc = DeTable::parse(text).map_err(|e| fail(vec![toml_error(&e, None, &lines)]))?;
    let locator = Locator {
        root: doc.get_ref(),
        lines: &lines,
    };

    // 2. The format version, before anything else: a newer file's fields would
    // only produce confusing "unknown field" errors.
    check_format(doc.get_ref(), &lines).map_err(|d| fail(vec![d]))?;

    // 3. Types and field names.
    let de = toml::Deserializer::parse(text).map_err(|e| fail(vec![toml_error(&e, None, &lines)]))?;
    let parsed: DesignFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        fail(vec![toml_error(&inner, Some(path), &lines)])
    })?;

    // 4. Ids unique across kinds, references, containment, CIDRs.
    let (header, resources) = parsed.into_parts();
    let mut diagnostics = Vec::new();
    let mut seen: std::collections::BTreeMap<String, Kind> = std::collections::BTreeMap::new();
    for (id, _, spec) in &resources {
        if let Some(first) = seen.insert(id.to_string(), spec.kind()) {
            let mut d = Diagnostic::error(
                format!("{}.{id}", spec.kind().key()),
                format!(
                    "id `{id}` is used by {} and {}; ids must be unique across kinds",
                    crate::validate::article(first.label()),
                    crate::validate::article(spec.kind().label())
                ),
                format!(
                    "rename one of them, e.g. `[{}.{id}-2]`, and update references to it",
                    spec.kind().key()
                ),
            );
            locator.place(&mut d, &[spec.kind().key(), id.as_str()]);
            diagnostics.push(d);
        }
    }
    if !diagnostics.is_empty() {
        // With a duplicate id one of the two resources would be dropped, and
        // every check after this would report confusing consequences of that.
        return Err(fail(diagnostics));
    }
    let mut design = Design::from_parts(header, resources);
    diagnostics.extend(validate::structure(&mut design));
    for d in &mut diagnostics {
        if d.line.is_none()
            && let Some(field) = d.field.clone()
        {
            locator.place(d, &split_path(&field));
        }
    }
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        diagnostics.sort_by_key(|d| (d.severity, d.line));
        return Err(fail(diagnostics));
    }
    diagnostics.sort_by_key(|d| d.line);
    Ok(Loaded {
        design,
        warnings: diagnostics,
    })
}

/// Writes a design as canonical TOML text.
pub fn to_toml(design: &Design) -> String {
    // Serialising plain data (strings, integers, booleans, tables) to TOML cannot
    // fail; a failure would be a bug in the model's derives, caught by the tests.
    let mut text = toml::to_string(&design.to_file())
        .unwrap_or_else(|e| format!("# netdraft could not serialise this design: {e}\n"));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The JSON Schema (draft 2020-12) of the design file, pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(DesignFile);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Splits `subnet.hub-fw.routes[0].next_hop_resource` into TOML path segments.
fn split_path(path: &str) -> Vec<&str> {
    path.split(['.', '[', ']']).filter(|s| !s.is_empty()).collect()
}

fn check_format(root: &DeTable<'_>, lines: &LineIndex) -> Result<(), Diagnostic> {
    let Some(value) = root.get("format") else {
        let mut d = Diagnostic::error(
            Some("format".to_owned()),
            "the file has no `format` key, so it is not a netdraft design (or its first line was lost)",
            Some(format!("add `format = {CURRENT_FORMAT}` as the first line")),
        );
        d.line = Some(1);
        return Err(d);
    };
    let (line, column) = lines.at(value.span().start);
    let located = |mut d: Diagnostic| {
        d.line = Some(line);
        d.column = Some(column);
        d
    };
    match value
        .get_ref()
        .as_integer()
        .and_then(|i| i.to_string().parse::<i64>().ok())
    {
        Some(v) if v >= 1 && v <= i64::from(CURRENT_FORMAT) => Ok(()),
        Some(v) if v > i64::from(CURRENT_FORMAT) => Err(located(Diagnostic::error(
            Some("format".to_owned()),
            format!(
                "this design was written by a newer netdraft (format {v}); this build reads formats up to {CURRENT_FORMAT}"
            ),
            Some("upgrade netdraft to open it".to_owned()),
        ))),
        _ => Err(located(Diagnostic::error(
            Some("format".to_owned()),
            "`format` must be a whole number such as 1",
            Some(format!("write `format = {CURRENT_FORMAT}`")),
        ))),
    }
}

fn toml_error(e: &toml::de::Error, path: Option<String>, lines: &LineIndex) -> Diagnostic {
    let (line, column) = e.span().map_or((None, None), |s| {
        let (l, c) = lines.at(s.start);
        (Some(l), Some(c))
    });
    let message = e.message().trim().to_owned();
    let path = path.filter(|p| p != "." && !p.is_empty());
    let (message, fix) = explain(&message, path.as_deref());
    Diagnostic {
        severity: Severity::Error,
        line,
        column,
        field: path,
        message,
        fix,
    }
}

/// Turns serde/toml messages into ones that say how to fix the file.
fn explain(message: &str, path: Option<&str>) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let top_level = path.is_none_or(|p| !p.contains('.'));
        if top_level {
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
            return (
                format!("unknown resource kind `{name}`"),
                Some(format!(
                    "use one of: {}; or the header keys format, name, description, settings, accept, decision",
                    kinds.join(", ")
                )),
            );
        }
        return (
            format!("unknown field `{name}`"),
            Some(format!(
                "check the spelling; {}",
                rest.split_once(", ").map_or("", |x| x.1)
            )),
        );
    }
    if message.starts_with("missing field") {
        return (
            message.to_owned(),
            Some("add the field; `netdraft schema` lists every field of every kind".to_owned()),
        );
    }
    if message.starts_with("invalid type") {
        return (
            message.to_owned(),
            Some("write the value with the expected type (strings in double quotes)".to_owned()),
        );
    }
    if message.starts_with("unknown variant") {
        return (
            message.to_owned(),
            Some("use one of the listed values, spelt exactly".to_owned()),
        );
    }
    (message.to_owned(), None)
}

/// Byte offset → 1-based line and column.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        (line, offset - self.starts[line - 1] + 1)
    }
}

/// Finds where a field path sits in the parsed document.
struct Locator<'a, 'i> {
    root: &'a DeTable<'i>,
    lines: &'a LineIndex,
}

impl Locator<'_, '_> {
    fn span(&self, path: &[&str]) -> Option<Range<usize>> {
        let (first, rest) = path.split_first()?;
        let mut current: &Spanned<DeValue<'_>> = self.root.get(*first)?;
        let mut best = current.span();
        for seg in rest {
            let next = match seg.parse::<usize>() {
                Ok(i) => current.get_ref().get(i),
                Err(_) => current.get_ref().get(*seg),
            };
            match next {
                Some(v) => {
                    current = v;
                    best = v.span();
                }
                None => break,
            }
        }
        Some(best)
    }

    /// Sets the diagnostic's line and column to the deepest part of `path` found.
    fn place(&self, d: &mut Diagnostic, path: &[&str]) {
        if let Some(span) = self.span(path) {
            let (line, col) = self.lines.at(span.start);
            d.line = Some(line);
            d.column = Some(col);
        }
    }
}
