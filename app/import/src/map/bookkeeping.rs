//! Report bookkeeping: what a resource is called in the report, values
//! changed on the way in, properties not read, and what nothing consumed.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{CONSUMED, FRONT_DOOR_WAF, Mapper, enum_ci};
use crate::raw::{RawResource, get_ci, parent_id};

impl Mapper<'_> {
    /// What a resource is, for the report: the design kind's label when it
    /// was imported, else its Azure type.
    pub(super) fn label(&self, r: &RawResource) -> String {
        self.id_of(&r.id)
            .and_then(|id| self.design.get(id.as_str()).map(|d| d.kind().label().to_owned()))
            .unwrap_or_else(|| r.kind.clone())
    }

    /// Reports a value the design holds differently from Azure.
    pub(super) fn changed(&mut self, r: &RawResource, field: &str, live: impl Into<String>, design: impl Into<String>) {
        let kind = self.label(r);
        self.report.change(&r.id, &kind, &r.name, field, live, design);
    }

    /// An enum value read case-insensitively; a value present but not one
    /// the model has is reported as changed to the default put in its place.
    pub(super) fn enum_or_default<T: Copy + Default + std::fmt::Display>(
        &mut self,
        r: &RawResource,
        field: &str,
        all: &[T],
        text: Option<&str>,
    ) -> T {
        match (enum_ci(all, text), text) {
            (Some(v), _) => v,
            (None, Some(t)) => {
                let d = T::default();
                self.changed(r, field, format!("`{t}`"), format!("`{d}` (netdraft knows no `{t}`)"));
                d
            }
            (None, None) => T::default(),
        }
    }

    /// For every resource read and not skipped, the properties the mapper
    /// does not read ([`crate::props`]); tags counted once.
    pub(super) fn unread_properties(&mut self) {
        let skipped: BTreeSet<String> = self
            .report
            .skipped
            .iter()
            .map(|s| s.source.to_ascii_lowercase())
            .collect();
        let mut tagged = 0u64;
        for r in self.inv.iter() {
            if skipped.contains(&r.key()) || !self.consumed.contains(&r.key()) {
                continue;
            }
            if get_ci(&r.body, "tags")
                .and_then(Value::as_object)
                .is_some_and(|t| !t.is_empty())
            {
                tagged += 1;
            }
            let Some(paths) = crate::props::not_read(&r.kind, &r.body) else {
                continue;
            };
            if paths.is_empty() {
                continue;
            }
            let kind = self.label(r);
            self.report.not_modelled.push(crate::report::NotModelled {
                source: r.id.clone(),
                kind,
                name: r.name.clone(),
                paths,
            });
        }
        if tagged > 0 {
            self.report.note(format!(
                "Tags of {} are not modelled (a design holds no tags).",
                crate::report::count(tagged, "imported resource", "imported resources")
            ));
        }
    }

    pub(super) fn unknown(&mut self) {
        let unknown: Vec<&RawResource> = self
            .inv
            .iter()
            .filter(|r| !self.consumed.contains(&r.key()) && !CONSUMED.contains(&r.kind.as_str()))
            .collect();
        for r in unknown {
            self.report.skip(&r.id, &r.kind, crate::report::TYPE_NOT_READ);
        }
        // Parts of resources (read with their parent) whose parent is not in
        // the design: reported with the parent's id, never dropped.
        let orphans: Vec<&RawResource> = self
            .inv
            .iter()
            .filter(|r| !self.consumed.contains(&r.key()) && CONSUMED.contains(&r.kind.as_str()))
            .collect();
        for r in orphans {
            let why = if r.kind == FRONT_DOOR_WAF {
                "a Front Door WAF policy no imported Front Door security policy names; netdraft reads WAF policies only as the WAF mode of a Front Door".to_owned()
            } else {
                let parent = parent_id(&r.id).unwrap_or("(no parent in its id)");
                let state = if self.inv.get(parent).is_some() {
                    "was skipped (see its entry)"
                } else {
                    "is not in the import"
                };
                format!("its parent {parent} {state}, so it cannot be placed")
            };
            self.report.skip(&r.id, &r.kind, why);
        }
    }
}
