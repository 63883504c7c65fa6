//! Address value types used by the design file: CIDR blocks, route prefixes and
//! surge settings. Each parses from the text a user types and explains what is
//! wrong when it cannot.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnet::IpNet;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An address block such as `10.0.0.0/16`, as written by the user.
///
/// The address is kept as written so that loading can report a prefix with host
/// bits set (`10.0.0.1/16`) and normalise it with a warning rather than silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cidr(IpNet);

impl Cidr {
    /// The block as written (host bits possibly set).
    pub fn net(self) -> IpNet {
        self.0
    }
    /// The block with host bits cleared.
    #[must_use]
    pub fn normalized(self) -> Cidr {
        Cidr(self.0.trunc())
    }
    /// Whether the address part has no host bits set.
    pub fn is_normalized(self) -> bool {
        self.0.trunc() == self.0
    }
    pub fn prefix_len(self) -> u8 {
        self.0.prefix_len()
    }
    pub fn is_ipv4(self) -> bool {
        matches!(self.0, IpNet::V4(_))
    }
    /// Number of addresses in the block (saturating at `u128::MAX`).
    pub fn size(self) -> u128 {
        let host_bits = u32::from(self.0.max_prefix_len() - self.0.prefix_len());
        1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
    }
}

impl From<IpNet> for Cidr {
    fn from(net: IpNet) -> Self {
        Cidr(net)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a CIDR block could not be read; each message says how to write it instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CidrError {
    #[error("`{0}` has no prefix length; write an address and a length, e.g. `10.0.0.0/16`")]
    MissingPrefix(String),
    #[error(
        "`{text}`: `{addr}` is not an IP address; IPv4 is four numbers 0-255 separated by dots, e.g. `10.0.0.0/16`"
    )]
    BadAddress { text: String, addr: String },
    #[error("`{text}`: the prefix length `{len}` is not a number; write e.g. `/24`")]
    BadLength { text: String, len: String },
    #[error("`{text}`: prefix length /{len} is out of range; {family} prefixes go from /0 to /{max}")]
    LengthOutOfRange {
        text: String,
        len: u32,
        family: &'static str,
        max: u8,
    },
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let Some((addr, len)) = text.split_once('/') else {
            return Err(CidrError::MissingPrefix(text.to_owned()));
        };
        let ip: IpAddr = addr.parse().map_err(|_| CidrError::BadAddress {
            text: text.to_owned(),
            addr: addr.to_owned(),
        })?;
        let len: u32 = len.parse().map_err(|_| CidrError::BadLength {
            text: text.to_owned(),
            len: len.to_owned(),
        })?;
        let (family, max) = match ip {
            IpAddr::V4(_) => ("IPv4", 32u8),
            IpAddr::V6(_) => ("IPv6", 128u8),
        };
        let len_u8 = u8::try_from(len)
            .ok()
            .filter(|l| *l <= max)
            .ok_or(CidrError::LengthOutOfRange {
                text: text.to_owned(),
                len,
                family,
                max,
            })?;
        // In range by the check above, so construction cannot fail.
        IpNet::new(ip, len_u8)
            .map(Cidr)
            .map_err(|_| CidrError::LengthOutOfRange {
                text: text.to_owned(),
                len,
                family,
                max,
            })
    }
}

impl Serialize for Cidr {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Cidr {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cidr".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An address block in CIDR notation, e.g. `10.0.0.0/16`.",
            "pattern": r"^[0-9a-fA-F:.]+/[0-9]{1,3}$"
        })
    }
}

/// A route's destination: a CIDR block or an Azure service tag (`AzureCloud`, `Storage.WestEurope`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddressPrefix {
    Cidr(Cidr),
    ServiceTag(String),
}

impl fmt::Display for AddressPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressPrefix::Cidr(c) => c.fmt(f),
            AddressPrefix::ServiceTag(t) => f.write_str(t),
        }
    }
}

impl FromStr for AddressPrefix {
    type Err = CidrError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let looks_like_tag = !text.is_empty()
            && text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && !text.contains(':')
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if looks_like_tag {
            Ok(AddressPrefix::ServiceTag(text.to_owned()))
        } else {
            text.parse().map(AddressPrefix::Cidr)
        }
    }
}

impl Serialize for AddressPrefix {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for AddressPrefix {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for AddressPrefix {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AddressPrefix".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A CIDR block (`0.0.0.0/0`) or an Azure service tag (`AzureCloud`)."
        })
    }
}

/// How many extra nodes a pool adds during an upgrade: a node count (`2`) or a
/// percentage of the pool (`"33%"`, rounded up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Surge {
    Nodes(u32),
    Percent(u32),
}

impl Surge {
    /// Surge nodes for a pool of `nodes` nodes. Percentages round up (AKS-UPG).
    pub fn nodes_for(self, nodes: u32) -> u32 {
        match self {
            Surge::Nodes(n) => n,
            Surge::Percent(p) => (u64::from(nodes) * u64::from(p)).div_ceil(100) as u32,
        }
    }
}

impl fmt::Display for Surge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Surge::Nodes(n) => write!(f, "{n}"),
            Surge::Percent(p) => write!(f, "{p}%"),
        }
    }
}

/// Why a surge value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a surge value; write a node count (`1`, `5`) or a percentage (`33%`) from 1% to 100%")]
pub struct SurgeError(pub String);

impl FromStr for Surge {
    type Err = SurgeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if let Some(p) = text.strip_suffix('%') {
            match p.trim().parse::<u32>() {
                Ok(p) if (1..=100).contains(&p) => Ok(Surge::Percent(p)),
                _ => Err(SurgeError(text.to_owned())),
            }
        } else {
            text.parse().map(Surge::Nodes).map_err(|_| SurgeError(text.to_owned()))
        }
    }
}

impl Serialize for Surge {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Surge::Nodes(n) => serializer.serialize_u32(*n),
            Surge::Percent(_) => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Surge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Surge;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a node count like 1 or a percentage like \"33%\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Surge, E> {
                u32::try_from(v)
                    .map(Surge::Nodes)
                    .map_err(|_| E::custom(SurgeError(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Surge, E> {
                u32::try_from(v)
                    .map(Surge::Nodes)
                    .map_err(|_| E::custom(SurgeError(v.to_string())))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Surge, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl JsonSchema for Surge {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Surge".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Extra nodes during upgrade: a count (`1`) or a percentage of the pool (`\"33%\"`, rounded up).",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": r"^[0-9]{1,3}%$" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_errors_say_what_is_wrong() {
        assert!(matches!(
            "10.0.0.0/33".parse::<Cidr>(),
            Err(CidrError::LengthOutOfRange { len: 33, .. })
        ));
        assert!(matches!(
            "300.1.1.1/8".parse::<Cidr>(),
            Err(CidrError::BadAddress { .. })
        ));
        assert!(matches!("10.0.0.0".parse::<Cidr>(), Err(CidrError::MissingPrefix(_))));
        assert!(matches!("10.0.0.0/x".parse::<Cidr>(), Err(CidrError::BadLength { .. })));
        let msg = "10.0.0.0/33".parse::<Cidr>().unwrap_err().to_string();
        assert!(msg.contains("/0 to /32"), "{msg}");
    }

    #[test]
    fn host_bits_are_kept_until_normalised() {
        let c: Cidr = "10.0.0.1/16".parse().unwrap();
        assert!(!c.is_normalized());
        assert_eq!(c.normalized().to_string(), "10.0.0.0/16");
        assert_eq!(c.size(), 65_536);
    }

    #[test]
    fn surge_rounds_percentages_up() {
        assert_eq!("33%".parse::<Surge>().unwrap().nodes_for(10), 4);
        assert_eq!("10%".parse::<Surge>().unwrap().nodes_for(3), 1);
        assert_eq!("2".parse::<Surge>().unwrap().nodes_for(50), 2);
        assert!("0%".parse::<Surge>().is_err());
        assert!("lots".parse::<Surge>().is_err());
    }

    #[test]
    fn route_prefix_accepts_tags_and_cidrs() {
        assert_eq!(
            "AzureCloud".parse::<AddressPrefix>().unwrap(),
            AddressPrefix::ServiceTag("AzureCloud".into())
        );
        assert!(matches!(
            "0.0.0.0/0".parse::<AddressPrefix>().unwrap(),
            AddressPrefix::Cidr(_)
        ));
        assert!("10.0.0/8".parse::<AddressPrefix>().is_err());
    }
}
