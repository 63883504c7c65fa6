//! The colours of the kinds and the container roles, once, for the canvas
//! and the picture (SVG/PNG). Which family a kind belongs to is stated in the
//! `kinds!` table ([`Kind::colour_family`]); the scene itself stays
//! colourless, each drawer asks here.

use netdraft_core::model::{ColourFamily, Kind};

use crate::Role;

/// An opaque colour, red, green and blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The colour of a family of kinds (icon squares, tiles, edges of its kind).
pub fn family(family: ColourFamily) -> Rgb {
    match family {
        ColourFamily::Scope => Rgb(110, 120, 140),
        ColourFamily::Network => Rgb(40, 120, 220),
        ColourFamily::Hybrid => Rgb(110, 110, 120),
        ColourFamily::Kubernetes => Rgb(50, 100, 230),
        ColourFamily::Security => Rgb(220, 70, 60),
        ColourFamily::Egress => Rgb(230, 130, 20),
        ColourFamily::Ingress => Rgb(20, 150, 130),
        ColourFamily::Global => Rgb(120, 80, 210),
        ColourFamily::PrivateAccess => Rgb(150, 80, 190),
    }
}

/// The colour of a kind: its family's.
pub fn kind(kind: Kind) -> Rgb {
    family(kind.colour_family())
}

/// The colour of a node's role: containers have their own, tiles their kind's.
pub fn role(role: Role) -> Rgb {
    match role {
        Role::Region => Rgb(120, 130, 150),
        Role::ResourceGroup => Rgb(150, 140, 110),
        Role::HubVnet => Rgb(0, 150, 170),
        Role::Vnet => Rgb(40, 120, 220),
        Role::Subnet => Rgb(70, 150, 90),
        Role::DedicatedSubnet => Rgb(200, 130, 40),
        Role::Container(k) | Role::Leaf(k) => kind(k),
    }
}
