//! The import report: what was imported, what was skipped and why, which
//! calls failed. Printed by the CLI and saved beside the design.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use netdraft_core::Id;
use netdraft_core::model::Kind;

/// One resource of the design that came from Azure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub kind: Kind,
    pub id: Id,
    /// The Azure name.
    pub name: String,
    /// The ARM id it came from (empty for containers netdraft made, like regions).
    pub source: String,
}

/// Something read that is not in the design, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The ARM id (or the file and position for unnamed input).
    pub source: String,
    /// The Azure type, as read.
    pub kind: String,
    pub reason: String,
}

/// Values of one imported resource the design cannot hold: the property
/// paths read but not mapped (`properties.` left out, `[]` for list items).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotModelled {
    /// The ARM id.
    pub source: String,
    /// What it is: the design kind's label, or the Azure type for parts of resources.
    pub kind: String,
    /// The Azure name.
    pub name: String,
    /// Property paths, in key order (`intrusionDetection`, `ipTags`, `sku`).
    pub paths: Vec<String>,
}

/// A value the design holds differently from Azure (a default put in its
/// place, or the nearest value the model has), until the model can hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// The ARM id.
    pub source: String,
    /// The design kind's label, or the Azure type.
    pub kind: String,
    /// The Azure name.
    pub name: String,
    /// The property path (`publicIPAllocationMethod`).
    pub field: String,
    /// The value in Azure, as text.
    pub live: String,
    /// The value the design holds, as text.
    pub design: String,
}

/// The skip reason of a resource whose type netdraft does not import.
/// The report lists those by type with their names.
pub const TYPE_NOT_READ: &str = "netdraft does not import this resource type";

/// A call (or a file) that failed; the rest was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was being read (`virtual networks in subscription …`).
    pub what: String,
    pub message: String,
}

/// Everything an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// What was read: subscriptions or files.
    pub sources: Vec<String>,
    pub imported: Vec<Imported>,
    pub skipped: Vec<Skipped>,
    pub failures: Vec<Failure>,
    /// Things the user should know (placeholders made, values assumed).
    pub notes: Vec<String>,
    /// Per imported resource, the properties the design cannot hold.
    pub not_modelled: Vec<NotModelled>,
    /// Values the design holds differently from Azure.
    pub changed: Vec<Changed>,
    /// HTTP requests sent (live import).
    pub requests: u64,
    /// Of which retries (throttling, server errors, timeouts).
    pub retries: u64,
}

/// The Markdown report's heading over the calls that failed (a reader of a
/// saved report, `netdraft drift`, looks for it).
pub const FAILED_HEADING: &str = "## Failed (the rest was imported)";

/// `1 resource`, `2 resources`: a count with its noun, singular or plural.
pub(crate) fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Report {
    pub(crate) fn skip(&mut self, source: &str, kind: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            source: source.to_owned(),
            kind: kind.to_owned(),
            reason: reason.into(),
        });
    }

    pub(crate) fn fail(&mut self, what: impl Into<String>, message: impl Into<String>) {
        self.failures.push(Failure {
            what: what.into(),
            message: message.into(),
        });
    }

    pub(crate) fn note(&mut self, text: impl Into<String>) {
        self.notes.push(text.into());
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn change(
        &mut self,
        source: &str,
        kind: &str,
        name: &str,
        field: &str,
        live: impl Into<String>,
        design: impl Into<String>,
    ) {
        self.changed.push(Changed {
            source: source.to_owned(),
            kind: kind.to_owned(),
            name: name.to_owned(),
            field: field.to_owned(),
            live: live.into(),
            design: design.into(),
        });
    }

    /// Whether anything was left out (skipped resources or failed calls).
    pub fn is_complete(&self) -> bool {
        self.skipped.is_empty() && self.failures.is_empty()
    }

    /// A short summary line: `42 resources imported, 3 skipped, 1 call failed`,
    /// then, when there are any, the values changed and the resources with
    /// values not modelled.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} imported, {} skipped, {} failed",
            count(self.imported.len() as u64, "resource", "resources"),
            self.skipped.len(),
            count(self.failures.len() as u64, "call or file", "calls or files"),
        );
        if !self.changed.is_empty() {
            let _ = write!(out, "; {} changed", count(self.changed.len() as u64, "value", "values"));
        }
        if !self.not_modelled.is_empty() {
            let _ = write!(
                out,
                "; {} with values not modelled",
                count(self.not_modelled.len() as u64, "resource", "resources")
            );
        }
        out
    }

    /// The Skipped section: types not read, by type with names; the rest by type and reason.
    fn skipped_markdown(&self, out: &mut String) {
        if !self.skipped.is_empty() {
            out.push_str("## Skipped\n\n");
            // Resources of types netdraft does not import: by type, with names.
            let mut by_type: BTreeMap<String, Vec<&str>> = BTreeMap::new();
            for s in self.skipped.iter().filter(|s| s.reason == TYPE_NOT_READ) {
                by_type
                    .entry(s.kind.to_ascii_lowercase())
                    .or_default()
                    .push(crate::raw::last_segment(&s.source));
            }
            if !by_type.is_empty() {
                let _ = writeln!(out, "Not imported (netdraft does not read these types):\n");
                for (kind, names) in &by_type {
                    let shown: Vec<String> = names.iter().take(20).map(|n| format!("`{n}`")).collect();
                    let more = if names.len() > 20 {
                        format!(" and {} more", names.len() - 20)
                    } else {
                        String::new()
                    };
                    let _ = writeln!(out, "- `{kind}` ({}): {}{more}", names.len(), shown.join(", "));
                }
                out.push('\n');
            }
            let mut by_reason: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
            for s in self.skipped.iter().filter(|s| s.reason != TYPE_NOT_READ) {
                by_reason
                    .entry((s.kind.as_str(), s.reason.as_str()))
                    .or_default()
                    .push(s.source.as_str());
            }
            for ((kind, reason), sources) in by_reason {
                let _ = writeln!(out, "- `{kind}` ({}): {reason}", sources.len());
                for s in sources.iter().take(20) {
                    let _ = writeln!(out, "  - `{s}`");
                }
                if sources.len() > 20 {
                    let _ = writeln!(out, "  - … and {} more", sources.len() - 20);
                }
            }
            out.push('\n');
        }
    }

    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("# netdraft import report\n\n");
        let _ = writeln!(out, "{}.\n", self.summary());
        if !self.sources.is_empty() {
            out.push_str("## Read\n\n");
            for s in &self.sources {
                let _ = writeln!(out, "- {s}");
            }
            if self.requests > 0 {
                let _ = writeln!(
                    out,
                    "- {}, {} of them {}",
                    count(self.requests, "HTTP request", "HTTP requests"),
                    self.retries,
                    if self.retries == 1 { "a retry" } else { "retries" }
                );
            }
            out.push('\n');
        }
        if !self.failures.is_empty() {
            out.push_str(FAILED_HEADING);
            out.push_str("\n\n");
            for f in &self.failures {
                let _ = writeln!(out, "- **{}**: {}", f.what, f.message);
            }
            out.push('\n');
        }
        self.skipped_markdown(&mut out);
        if !self.changed.is_empty() {
            out.push_str("## Changed (the design holds another value than Azure)\n\n");
            for c in &self.changed {
                let _ = writeln!(
                    out,
                    "- {} `{}`: `{}` {} → {}",
                    c.kind, c.name, c.field, c.live, c.design
                );
            }
            out.push('\n');
        }
        if !self.not_modelled.is_empty() {
            out.push_str("## Not modelled (read, but the design cannot hold them)\n\n");
            for n in &self.not_modelled {
                let paths: Vec<String> = n.paths.iter().map(|p| format!("`{p}`")).collect();
                let _ = writeln!(out, "- {} `{}`: {}", n.kind, n.name, paths.join(", "));
            }
            out.push('\n');
        }
        if !self.notes.is_empty() {
            out.push_str("## Notes\n\n");
            for n in &self.notes {
                let _ = writeln!(out, "- {n}");
            }
            out.push('\n');
        }
        if !self.imported.is_empty() {
            out.push_str("## Imported\n\n| kind | id | Azure name | from |\n|---|---|---|---|\n");
            for i in &self.imported {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} |",
                    i.kind.label(),
                    i.id,
                    i.name,
                    if i.source.is_empty() { "—" } else { &i.source }
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one() {
        let mut r = Report {
            sources: vec!["subscription s".into()],
            requests: 1,
            retries: 1,
            ..Report::default()
        };
        r.fail("a call", "why");
        let md = r.to_markdown();
        assert!(
            md.contains("0 resources imported, 0 skipped, 1 call or file failed"),
            "{md}"
        );
        assert!(md.contains("- 1 HTTP request, 1 of them a retry"), "{md}");
        r.requests = 2;
        r.retries = 0;
        assert!(r.to_markdown().contains("- 2 HTTP requests, 0 of them retries"));
    }
}
