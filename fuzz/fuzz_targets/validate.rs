//! Bytes → JSON → every vendored schema.
//! The checks are in `fuzz/oracles.rs`, shared with `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../oracles.rs"]
mod oracles;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracles::validate(data));
