//! Mutable access to every id-holding field of a spec, so that commands can
//! re-point references (paste with fresh ids) and clear them (delete).
//!
//! The slots are generated from the same annotations of the `kinds!` table as
//! [`Spec::references`]; a test holds the two to each other.

pub(crate) use crate::model::Slot;

use crate::id::Id;
use crate::model::Spec;

impl Slot<'_> {
    /// Every id the slot holds.
    #[cfg(test)]
    pub(crate) fn ids(&self) -> Vec<&Id> {
        match self {
            Slot::Required(id) => vec![&**id],
            Slot::Optional(id) => id.iter().collect(),
            Slot::List(ids) => ids.iter().collect(),
        }
    }

    /// Re-points every id through `map`.
    pub(crate) fn remap(&mut self, map: &mut dyn FnMut(&Id) -> Id) {
        match self {
            Slot::Required(id) => **id = map(id),
            Slot::Optional(Some(id)) => *id = map(id),
            Slot::Optional(None) => {}
            Slot::List(ids) => {
                for id in ids.iter_mut() {
                    *id = map(id);
                }
            }
        }
    }

    /// Clears references to any id for which `gone` holds. Returns `Err(())`
    /// when a required reference points at one (the holder cannot stay), and
    /// `Ok(true)` when something was cleared.
    pub(crate) fn clear(&mut self, gone: &dyn Fn(&Id) -> bool) -> Result<bool, ()> {
        match self {
            Slot::Required(id) if gone(id) => Err(()),
            Slot::Required(_) | Slot::Optional(None) => Ok(false),
            Slot::Optional(id) => {
                if id.as_ref().is_some_and(gone) {
                    **id = None;
                    Ok(true)
                } else {
                    Ok(false)
                }
            }
            Slot::List(ids) => {
                let before = ids.len();
                ids.retain(|id| !gone(id));
                Ok(ids.len() != before)
            }
        }
    }
}

/// Every reference field of a spec (not counting `meta.parent` and `meta.resource_group`).
pub(crate) fn slots(spec: &mut Spec) -> Vec<Slot<'_>> {
    spec.slots()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    #[test]
    fn slots_hold_exactly_the_references() {
        let design = generate(&GenerateOptions::default()).unwrap();
        let mut seen_kinds = std::collections::BTreeSet::new();
        for r in design.resources() {
            let mut expected: Vec<String> = r.spec.references().iter().map(|x| x.target.to_string()).collect();
            let mut spec = r.spec.clone();
            let mut got: Vec<String> = slots(&mut spec)
                .iter()
                .flat_map(|s| s.ids().into_iter().map(ToString::to_string).collect::<Vec<_>>())
                .collect();
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "{}", r.id);
            seen_kinds.insert(r.kind());
        }
        assert!(seen_kinds.len() > 10);
    }
}
