//! The design parser never panics, and whatever it accepts round-trips exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netdraft_core::file;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(loaded) = file::parse(text, "fuzz") {
        let saved = file::to_toml(&loaded.design);
        let again = file::parse(&saved, "fuzz-resaved").expect("a saved design must load again");
        assert_eq!(again.design, loaded.design, "round trip changed the design");
        assert_eq!(file::to_toml(&again.design), saved, "saving is not idempotent");
    }
});
