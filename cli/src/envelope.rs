//! The CLI's NDJSON result envelope: one line per record, written by the thread that mapped it.
//!
//! The library's benchmarks and bulk tests include this file too (`#[path]`), so they measure and
//! check the very bytes the CLI writes.

use std::io;

use unified_accounting::bulk::{Position, RecordResult};

/// Writes one record's result as an NDJSON result envelope, with its newline:
/// `{"index":0,"line":1,"ok":true,"output":{...},"warnings":[...]}` or
/// `{"index":3,"line":4,"ok":false,"error":{"kind":"decode","path":"/refunded_amount","message":"..."}}`
/// (`line` only when the position has one; the error's `hint`, what to pass on the command line,
/// only when `hint` gives one; the output's field `coverage` after its warnings when given).
///
/// The envelope is written directly, without building a JSON value around the output.
///
/// # Errors
///
/// The writer's error.
pub fn write_envelope<W: io::Write>(
    out: &mut W,
    position: Position,
    result: &RecordResult,
    hint: impl Fn(&unified_accounting::Error) -> Option<String>,
    coverage: Option<&unified_accounting::unified::coverage::Coverage>,
) -> io::Result<()> {
    // Numbers through serde_json (itoa) rather than `write!`: the formatting machinery cost more
    // than the rest of the envelope around a record's output.
    out.write_all(b"{\"index\":")?;
    serde_json::to_writer(&mut *out, &position.index)?;
    if let Some(line) = position.line {
        out.write_all(b",\"line\":")?;
        serde_json::to_writer(&mut *out, &line)?;
    }
    match result {
        Ok(mapped) => {
            out.write_all(b",\"ok\":true,\"output\":")?;
            serde_json::to_writer(&mut *out, &mapped.output)?;
            out.write_all(b",\"warnings\":")?;
            serde_json::to_writer(&mut *out, &mapped.warnings)?;
            if let Some(coverage) = coverage {
                out.write_all(b",\"coverage\":")?;
                serde_json::to_writer(&mut *out, coverage)?;
            }
        }
        Err(error) => {
            out.write_all(b",\"ok\":false,\"error\":")?;
            let mut written = serde_json::json!({
                "kind": error.kind(),
                "path": error.path(),
                "message": error.to_string(),
            });
            if let (Some(hint), Some(object)) = (hint(error), written.as_object_mut()) {
                object.insert("hint".into(), hint.into());
            }
            serde_json::to_writer(&mut *out, &written)?;
        }
    }
    out.write_all(b"}\n")
}
