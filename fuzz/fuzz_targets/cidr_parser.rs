//! The CIDR and surge parsers never panic, and what they accept prints back to
//! text that parses to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netdraft_core::net::{AddressPrefix, Cidr, Surge};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(c) = text.parse::<Cidr>() {
        assert_eq!(c.to_string().parse::<Cidr>().ok(), Some(c));
        assert!(c.normalized().is_normalized());
    }
    if let Ok(p) = text.parse::<AddressPrefix>() {
        assert_eq!(p.to_string().parse::<AddressPrefix>().ok(), Some(p));
    }
    if let Ok(s) = text.parse::<Surge>() {
        assert_eq!(s.to_string().parse::<Surge>().ok(), Some(s));
    }
});
