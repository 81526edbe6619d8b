//! Bytes as newline-delimited JSON → the bulk API, every operation.
//! The checks are in `fuzz/oracles.rs`, shared with `tests/fuzz_regressions.rs`.

#![no_main]

#[path = "../oracles.rs"]
mod oracles;

libfuzzer_sys::fuzz_target!(|data: &[u8]| oracles::ndjson_bulk(data));
