//! Whitespace passes applied after rendering, so templates can stay readable.
//!
//! - [`tidy`]: no trailing spaces, at most one blank line in a row, no blank
//!   line right after an opening or before a closing bracket, one final newline.
//! - [`align_hcl`]: the `=` alignment `terraform fmt` applies: within a run of
//!   consecutive lines that each hold a complete single-line argument, every
//!   `=` lines up one space after the longest name. Lines that open a
//!   multi-line value, block headers, comments and blank lines end a run.

/// Normalises blank lines and trailing whitespace.
pub fn tidy(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        let blank = line.is_empty();
        let prev = out.last().copied();
        if blank && (prev.is_none_or(str::is_empty) || prev.is_some_and(opens)) {
            continue;
        }
        if closes(line) && prev.is_some_and(str::is_empty) {
            out.pop();
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if out.is_empty() {
        return String::new();
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

fn opens(line: &str) -> bool {
    line.ends_with('{') || line.ends_with('[') || line.ends_with('(')
}

fn closes(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('}') || t.starts_with(']') || t.starts_with(')')
}

/// Aligns `=` the way `terraform fmt` does.
pub fn align_hcl(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let cells: Vec<Option<(&str, &str)>> = lines.iter().map(|l| split_assign(l)).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut i = 0;
    while i < lines.len() {
        if cells[i].is_none() {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && cells[i].is_some() {
            i += 1;
        }
        let width = cells[start..i]
            .iter()
            .flatten()
            .map(|(lead, _)| lead.chars().count())
            .max()
            .unwrap_or(0);
        for (lead, rest) in cells[start..i].iter().flatten() {
            out.push_str(lead);
            out.extend(std::iter::repeat_n(' ', width - lead.chars().count() + 1));
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}

/// Splits `  name = value` into (`  name`, `= value`) when the line is a
/// complete single-line argument: an `=` after the first token, outside
/// strings, not part of `==`, `!=`, `<=`, `>=` or `=>`, with balanced brackets after it.
fn split_assign(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with("//") {
        return None;
    }
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut escaped = false;
    let mut eq = None;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'#' => return None,
            b'=' => {
                let prev = i.checked_sub(1).map(|j| bytes[j]);
                let next = bytes.get(i + 1).copied();
                if matches!(prev, Some(b'=' | b'!' | b'<' | b'>')) || matches!(next, Some(b'=' | b'>')) {
                    continue;
                }
                eq = Some(i);
                break;
            }
            _ => {}
        }
    }
    let eq = eq?;
    let lead = line[..eq].trim_end();
    if lead.trim().is_empty() {
        return None;
    }
    let rest = &line[eq..];
    (bracket_balance(rest) == 0).then_some((lead, rest))
}

/// Net bracket depth of a fragment, ignoring brackets inside strings.
fn bracket_balance(text: &str) -> i32 {
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => depth -= 1,
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_single_line_arguments() {
        let input = "resource \"a\" \"b\" {\n  name = \"x\"\n  resource_group_name = \"y\"\n  tags = {\n    a = \"1\"\n    long_key = \"2\"\n  }\n  count = 1\n}\n";
        let want = "resource \"a\" \"b\" {\n  name                = \"x\"\n  resource_group_name = \"y\"\n  tags = {\n    a        = \"1\"\n    long_key = \"2\"\n  }\n  count = 1\n}\n";
        assert_eq!(align_hcl(input), want);
    }

    #[test]
    fn ignores_equals_in_strings_and_comparisons() {
        assert_eq!(split_assign("  a = \"x=y\""), Some(("  a", "= \"x=y\"")));
        assert_eq!(split_assign("  # a = b"), None);
        assert_eq!(split_assign("  x = a == b ? 1 : 2"), Some(("  x", "= a == b ? 1 : 2")));
        assert_eq!(
            split_assign("  for_each = { for k, v in x : k => v }"),
            Some(("  for_each", "= { for k, v in x : k => v }"))
        );
    }

    #[test]
    fn tidies_blank_lines() {
        assert_eq!(tidy("a {\n\n  b  \n\n\n  c\n\n}\n\n"), "a {\n  b\n\n  c\n}\n");
        assert_eq!(tidy("\n\n"), "");
    }
}
