//! Names and string literals per target language.
//!
//! Design ids are already restricted (`[a-z0-9][a-z0-9_-]*`), but each target
//! has its own rules: Terraform labels, Bicep identifiers, Kubernetes object
//! names. [`Names`] hands out unique names per target so two ids that sanitise
//! to the same text (`a-b`, `a_b`) still get distinct labels.

use rustc_hash::{FxHashMap, FxHashSet};
use std::fmt::Write as _;

/// Words Bicep reserves; a symbolic name must not be one of them.
const BICEP_RESERVED: &[&str] = &[
    "as",
    "existing",
    "extension",
    "false",
    "for",
    "func",
    "if",
    "import",
    "in",
    "metadata",
    "module",
    "null",
    "output",
    "param",
    "resource",
    "targetScope",
    "true",
    "type",
    "using",
    "var",
    "with",
];

/// Text for a comment or a heading: control characters (newlines, tabs)
/// become spaces, so a name can never end the comment and start code.
pub fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A Terraform label: `[a-z0-9_]`, starting with a letter.
pub fn tf_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "r_");
    }
    out
}

/// A Bicep symbolic name: a camelCase identifier (`hub-fw` → `hubFw`).
pub fn bicep_ident(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut upper_next = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if out.is_empty() {
                out.extend(c.to_lowercase());
            } else if upper_next {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'r');
    }
    if BICEP_RESERVED.contains(&out.as_str()) {
        out.push_str("Res");
    }
    out
}

/// A Kubernetes object name (DNS-1123 label): lowercase alphanumerics and
/// `-`, starting and ending with an alphanumeric, at most 63 characters.
pub fn k8s_name(text: &str) -> String {
    netdraft_core::text::dns1123(text)
}

/// Hands out unique names for one target.
#[derive(Debug, Default)]
pub struct Names {
    /// Hashed, not ordered: it is only asked whether a name is free (long
    /// labels compared in a tree cost more than the rest of the naming).
    taken: FxHashSet<String>,
    /// Per base and separator, the next number to try: every smaller one is
    /// taken and stays so, so a thousand subnets of one name cost a thousand
    /// tries, not half a million.
    next: FxHashMap<(String, String), u32>,
}

impl Names {
    /// Reserves names the output uses for its own parameters and locals.
    pub fn reserving(words: &[&str]) -> Names {
        Names {
            taken: words.iter().map(|w| (*w).to_owned()).collect(),
            next: FxHashMap::default(),
        }
    }

    /// `base`, or `base_2`, `base_3`, … (`base2` for Bicep-style names) if taken.
    pub fn unique(&mut self, base: String, sep: &str) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry((base.clone(), sep.to_owned())).or_insert(2);
        loop {
            let candidate = format!("{base}{sep}{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// A double-quoted HCL string literal: escapes `\`, `"`, control characters,
/// and the template sequences `${` and `%{`.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A single-quoted Bicep string literal: escapes `\`, `'`, `${` and control characters.
pub fn bicep_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A YAML scalar. Plain when that is unambiguous, double-quoted (JSON
/// escaping, which YAML accepts) otherwise: anything YAML could read as a
/// number, boolean or null, or that contains indicators.
pub fn yaml_string(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !text.starts_with(['-', '.', '/'])
        && !looks_typed(text);
    if plain_safe {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
    }
}

/// Whether YAML 1.1 or 1.2 would resolve a plain scalar to something other than a string.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || text.parse::<f64>().is_ok()
        || text.starts_with("0x")
        || text.starts_with("0o")
        || text.chars().all(|c| c.is_ascii_digit() || c == '_' || c == ':')
}

/// Text for a Markdown table cell: no line breaks, `|` escaped.
pub fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(tf_label("hub-fw"), "hub_fw");
        assert_eq!(tf_label("1st"), "r_1st");
        assert_eq!(tf_label("a--b"), "a_b");
        assert_eq!(bicep_ident("hub-fw"), "hubFw");
        assert_eq!(bicep_ident("rg-spoke_aks"), "rgSpokeAks");
        assert_eq!(bicep_ident("2nd"), "r2nd");
        assert_eq!(bicep_ident("output"), "outputRes");
        assert_eq!(k8s_name("Ingress_Internal"), "ingress-internal");
        let mut n = Names::default();
        assert_eq!(n.unique("a_b".into(), "_"), "a_b");
        assert_eq!(n.unique("a_b".into(), "_"), "a_b_2");
    }

    /// Numbered names skip what is taken, whoever took it, in the order a
    /// plain search from 2 upwards would give them.
    #[test]
    fn numbered_names_skip_taken_ones_like_a_search_from_two() {
        let mut n = Names::default();
        assert_eq!(n.unique("x_3".into(), "_"), "x_3");
        let got: Vec<String> = (0..5).map(|_| n.unique("x".into(), "_")).collect();
        assert_eq!(got, ["x", "x_2", "x_4", "x_5", "x_6"]);
        assert_eq!(n.unique("x".into(), ""), "x2", "Bicep-style numbering is counted apart");
        assert_eq!(n.unique("x_7".into(), "_"), "x_7");
        assert_eq!(n.unique("x".into(), "_"), "x_8");
    }

    #[test]
    fn escaping() {
        assert_eq!(hcl_string(r#"a"b\c ${x} %{y} $z"#), r#""a\"b\\c $${x} %%{y} $z""#);
        assert_eq!(bicep_string(r"it's ${x} \n"), r"'it\'s \${x} \\n'");
        assert_eq!(yaml_string("nginx"), "nginx");
        assert_eq!(yaml_string("true"), "\"true\"");
        assert_eq!(yaml_string("443"), "\"443\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("10.0.0.1"), "10.0.0.1");
        assert_eq!(md_cell("a|b"), "a\\|b");
        assert_eq!(one_line("a\nkind: Secret\r\tx"), "a kind: Secret  x");
    }
}
