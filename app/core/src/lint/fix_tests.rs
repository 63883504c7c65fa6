//! Every quick fix in the case table clears the finding it comes with.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::cases::cases;
use super::tests::{apply, load};
use crate::command;

#[test]
fn every_quick_fix_of_the_case_table_applies_and_clears_its_finding() {
    let mut fixed = Vec::new();
    for c in cases() {
        let design = load(&apply(&c));
        let findings = super::lint(&design, &crate::plan::plan(&design));
        for f in findings.iter().filter(|f| f.rule == c.rule) {
            let Some(q) = &f.quick_fix else { continue };
            let mut after = design.clone();
            command::apply(&mut after, q.command.clone())
                .unwrap_or_else(|e| panic!("{}: fix {:?} refused: {e}", c.rule, q.label));
            let again = super::lint(&after, &crate::plan::plan(&after));
            assert!(
                !again
                    .iter()
                    .any(|g| g.rule == f.rule && g.resources == f.resources && g.message == f.message),
                "{}: still reported after {:?}",
                c.rule,
                q.label
            );
            fixed.push(c.rule);
        }
    }
    // The rules whose fixes the table exercises (a fix that stops being offered fails here).
    for rule in [
        "ND004", "ND005", "ND011", "ND032", "ND034", "ND035", "ND036", "ND037", "ND038", "ND041", "ND047", "ND048",
        "ND066", "ND067", "ND112",
    ] {
        assert!(fixed.contains(&rule), "no quick fix for {rule}; fixed: {fixed:?}");
    }
}
