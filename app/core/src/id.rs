//! Stable resource identifiers.

use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A resource's stable id inside a design: lowercase letters, digits, `-` and `_`,
/// starting with a letter or digit, at most 64 characters. Ids are TOML bare keys,
/// so design files stay readable and diffs stay small. The Azure name is separate
/// (`name`) and may contain anything Azure accepts.
///
/// Ids are shared, immutable strings: the planner, the lint engine and the
/// GUI copy them constantly, and a copy is a reference-count increment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema)]
#[schemars(transparent)]
pub struct Id(#[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"), with = "String")] Arc<str>);

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a valid id: use 1-64 lowercase letters, digits, `-` or `_`, starting with a letter or digit (e.g. `hub-vnet`)"
)]
pub struct IdError(pub String);

impl Id {
    /// Checks and wraps an id.
    pub fn new(s: impl Into<String>) -> Result<Id, IdError> {
        let s = s.into();
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok { Ok(Id(s.into())) } else { Err(IdError(s)) }
    }

    /// Turns any text (an Azure name, a label) into a valid id, best effort.
    pub fn slug(text: &str) -> Id {
        let mut out = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                out.push(c);
            } else if (c == '-' || c == '_' || c == ' ' || c == '.' || c == '/')
                && !out.is_empty()
                && !out.ends_with('-')
            {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out.truncate(64);
        while out.ends_with('-') {
            out.pop();
        }
        if out.is_empty() {
            out.push('r');
        }
        Id(out.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Id::new(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert!(Id::new("hub-vnet").is_ok());
        assert!(Id::new("Hub").is_err());
        assert!(Id::new("-x").is_err());
        assert!(Id::new("").is_err());
        assert!(Id::new("a b").is_err());
    }

    #[test]
    fn slugs_are_valid_ids() {
        for s in ["vnet-Hub 01", "AzureFirewallSubnet", "  ", "ÄÖ", "a/b.c"] {
            let slug = Id::slug(s);
            assert!(Id::new(slug.as_str()).is_ok(), "{s} -> {slug}");
        }
        assert_eq!(Id::slug("vnet-Hub 01").as_str(), "vnet-hub-01");
    }
}
