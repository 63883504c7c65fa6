//! Diagnostics: a problem (or a warning) located in a design file, with a fix.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found while reading or validating a design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted path of the field (`subnet.hub-fw.prefix`), when it concerns one.
    pub field: Option<String>,
    pub message: String,
    /// How to fix it.
    pub fix: Option<String>,
}

impl Diagnostic {
    pub fn error(field: impl Into<Option<String>>, message: impl Into<String>, fix: impl Into<Option<String>>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            line: None,
            column: None,
            field: field.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    pub fn warning(
        field: impl Into<Option<String>>,
        message: impl Into<String>,
        fix: impl Into<Option<String>>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(field, message, fix)
        }
    }

    /// Formats it as `file:line:col: error: field: message` plus an indented fix.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        DisplayIn { diag: self, file }
    }
}

struct DisplayIn<'a> {
    diag: &'a Diagnostic,
    file: &'a str,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        write!(f, "{}", self.file)?;
        if let Some(line) = d.line {
            write!(f, ":{line}")?;
            if let Some(col) = d.column {
                write!(f, ":{col}")?;
            }
        }
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {sev}: ")?;
        if let Some(field) = &d.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", d.message)?;
        if let Some(fix) = &d.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}
