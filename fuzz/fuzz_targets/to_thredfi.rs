//! Bytes → unified refund → every Thredfi mapping (creates, per-invoice creates, full records).
//! The checks are in `fuzz/oracles.rs`, shared with `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../oracles.rs"]
mod oracles;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracles::to_thredfi(data));
