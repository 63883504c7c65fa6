//! The kind icons, netdraft's own SVG files in `assets/icons/`, compiled in.
//! The canvas and the picture export both draw them from here.

use netdraft_core::Kind;

/// The icon files, by kind key: one per kind of the `kinds!` table (a
/// missing file stops the build).
macro_rules! icon_files {
    ($($key:literal),* $(,)?) => {
        /// Every icon as (kind key, SVG source).
        pub const ICONS: &[(&str, &str)] = &[
            $(($key, include_str!(concat!("../../../assets/icons/", $key, ".svg")))),*
        ];
    };
}

netdraft_core::with_kind_keys!(icon_files);

/// The SVG source of a kind's icon.
pub fn icon(kind: Kind) -> Option<&'static str> {
    ICONS.iter().find(|(k, _)| *k == kind.key()).map(|(_, svg)| *svg)
}
