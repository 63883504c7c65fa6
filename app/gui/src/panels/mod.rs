//! Side and bottom panels, one file each.

pub mod bottom;
pub mod drift;
pub mod flows;
pub mod palette;
pub mod plan;
pub mod preview;
