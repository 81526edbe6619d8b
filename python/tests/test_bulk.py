"""Many records in one call: the CLI's envelopes, byte for byte, in input order."""

from __future__ import annotations

from pathlib import Path

import pytest

import unified_accounting as ua
from conftest import BUSINESS_ID, INVALID_THREDFI, THREDFI_RECORDS, cli_envelopes, compact, generated_lines


@pytest.fixture(scope="module")
def ndjson(tmp_path_factory) -> Path:
    """Fixtures, invalid fixtures, generated records with bad lines, blank lines and CRLF."""
    lines = [compact(path) for path in THREDFI_RECORDS + INVALID_THREDFI]
    lines += ["", "not json at all", "   "]
    lines += generated_lines(1500, corrupt_every=97)
    path = tmp_path_factory.mktemp("bulk") / "records.ndjson"
    text = "\n".join(lines) + "\n"
    path.write_bytes(text.replace("\n", "\r\n", 5).encode())
    return path


@pytest.mark.parametrize("threads", [1, 2])
def test_envelopes_are_the_clis(ndjson: Path, threads: int) -> None:
    expected = cli_envelopes(ndjson, "--business-id", BUSINESS_ID)
    result = ua.map_ndjson(ndjson, business_id=BUSINESS_ID, threads=threads)
    assert result.envelopes == expected
    parsed = list(result.parsed())
    assert result.records == len(expected) == len(parsed)
    assert result.ok == sum(envelope["ok"] for envelope in parsed)
    assert result.failed == result.records - result.ok > 0
    assert result.warnings == sum(len(envelope.get("warnings", [])) for envelope in parsed)
    bad = [envelope for envelope in parsed if not envelope["ok"]]
    assert [(f.index, f.line, f.path, f.message) for f in result.failures] == [
        (e["index"], e["line"], e["error"]["path"], e["error"]["message"]) for e in bad[:100]
    ]
    assert all(failure.file == str(ndjson) for failure in result.failures)


def test_a_path_bytes_and_an_iterable_of_lines_are_the_same_input(ndjson: Path) -> None:
    from_file = ua.map_ndjson(str(ndjson), business_id=BUSINESS_ID).envelopes
    assert ua.map_ndjson(ndjson.read_bytes(), business_id=BUSINESS_ID).envelopes == from_file
    with ndjson.open(encoding="utf-8", newline="") as lines:  # lines keep their "\n" / "\r\n"
        assert ua.map_ndjson(lines, business_id=BUSINESS_ID).envelopes == from_file
    as_bytes = (line.encode() for line in ndjson.read_text(encoding="utf-8").split("\n"))
    assert ua.map_ndjson(as_bytes, business_id=BUSINESS_ID).envelopes == from_file


def test_output_file_gets_the_same_envelopes(ndjson: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.ndjson"
    result = ua.map_ndjson(ndjson, output=out, business_id=BUSINESS_ID, threads=2)
    assert result.envelopes is None
    assert out.read_text(encoding="utf-8").splitlines() == cli_envelopes(ndjson, "--business-id", BUSINESS_ID)
    assert result.records == len(out.read_text().splitlines())


def test_hints_name_keyword_arguments() -> None:
    unrecognised = ua.map_ndjson(['{"id": "x"}'])
    (envelope,) = unrecognised.parsed()
    assert envelope["error"]["hint"] == 'pass kind="customer-refund" or kind="vendor-refund"'


def test_the_other_operations_and_bad_arguments() -> None:
    unified = ua.map_ndjson([compact(path) for path in THREDFI_RECORDS], business_id=BUSINESS_ID)
    outputs = [envelope["output"] for envelope in unified.parsed()]
    back = ua.map_ndjson([ua.to_json_text(output) for output in outputs], "to-record")
    assert back.ok == len(outputs)
    originals = [ua.from_json_text(path.read_bytes()) for path in THREDFI_RECORDS]
    assert [envelope["output"] for envelope in back.parsed()] == originals
    with pytest.raises(ValueError, match="unknown operation"):
        ua.map_ndjson([], "to-apideck")
    with pytest.raises(FileNotFoundError):
        ua.map_ndjson(Path("/nonexistent/records.ndjson"))


def test_coverage_in_envelopes_is_the_clis(ndjson: Path) -> None:
    expected = cli_envelopes(ndjson, "--business-id", BUSINESS_ID, "--coverage")
    result = ua.map_ndjson(ndjson, business_id=BUSINESS_ID, coverage=True, threads=2)
    assert result.envelopes == expected
    covered = [envelope["coverage"] for envelope in result.parsed() if envelope["ok"]]
    assert covered and all("account" in coverage["missing_critical"] for coverage in covered)
    with pytest.raises(ValueError, match="to-unified only"):
        ua.map_ndjson([], "to-record", coverage=True)


def test_coverage_of_one_refund_is_the_librarys() -> None:
    unified = ua.to_unified(THREDFI_RECORDS[0].read_bytes(), business_id=BUSINESS_ID)
    found = ua.coverage(unified.output)
    assert found == ua.coverage(unified.json)
    assert found["levels"][0] == {"weight": "critical", "filled": 5, "rated": 6}
    # With business_id, company_id (medium) is filled: 65 of 86 points.
    assert found["missing_critical"] == ["account"] and found["score"] == 75
    assert ua.coverage({"id": "r1"})["missing_critical"] == ["customer", "currency", "total_amount", "refund_date", "account"]
    with pytest.raises(ua.DecodeError):
        ua.coverage("{not json")
