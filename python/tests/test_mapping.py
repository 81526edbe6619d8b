"""One record at a time: the same JSON as the Rust library, exact round trips, errors with paths."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import unified_accounting as ua
from conftest import (
    BUSINESS_ID,
    INVALID_THREDFI,
    THREDFI_RECORDS,
    UNIFIED_RECORDS,
    compact,
    run_cli,
)


def envelopes_of(lines: list[str], *args: str) -> list[dict]:
    """The CLI's envelope per line, parsed exactly, with the output's exact text kept."""
    # One line alone is a single document, printed as pretty JSON: give the CLI two, keep one.
    given = lines if len(lines) > 1 else lines * 2
    stdout = run_cli(*args, "--quiet", stdin="\n".join(given).encode()).stdout.decode()
    envelopes = [(text, json.loads(text, parse_float=Decimal)) for text in stdout.splitlines()]
    return envelopes[: len(lines)]


def assert_same_as_cli(outcome, envelope_text: str, envelope: dict) -> None:
    """A Python outcome (a Mapped or an exception) is the CLI's envelope for the same record."""
    if isinstance(outcome, ua.Mapped):
        assert envelope["ok"], envelope
        # The output's exact text, byte for byte, is in the envelope.
        assert f',"output":{outcome.json},"warnings":' in envelope_text
        assert [w.__dict__ for w in outcome.warnings] == envelope["warnings"]
    else:
        assert not envelope["ok"], (outcome, envelope)
        error = envelope["error"]
        assert (outcome.category, outcome.path, outcome.message) == (
            error["kind"],
            error["path"],
            error["message"],
        )


def outcome_of(call, record, **kwargs):
    try:
        return call(record, **kwargs)
    except ua.UnifiedAccountingError as error:
        return error


@pytest.mark.parametrize("strict", [False, True])
def test_every_thredfi_fixture_maps_to_the_rust_librarys_json(strict: bool) -> None:
    lines = [compact(path) for path in THREDFI_RECORDS + INVALID_THREDFI]
    flags = ["--business-id", BUSINESS_ID] + (["--strict"] if strict else [])
    envelopes = envelopes_of(lines, "to-unified", *flags)
    assert len(envelopes) == len(lines)
    for line, (text, envelope) in zip(lines, envelopes):
        outcome = outcome_of(ua.to_unified, line, business_id=BUSINESS_ID, strict=strict)
        assert_same_as_cli(outcome, text, envelope)
        # bytes, str and a dict (numbers as Decimal) are the same record.
        as_bytes = outcome_of(ua.to_unified, line.encode(), business_id=BUSINESS_ID, strict=strict)
        assert repr(as_bytes) == repr(outcome)
        try:
            as_dict = json.loads(line, parse_float=Decimal)
        except ValueError:
            continue
        if isinstance(as_dict, dict):
            again = outcome_of(ua.to_unified, as_dict, business_id=BUSINESS_ID, strict=strict)
            assert type(again) is type(outcome) and getattr(again, "path", None) == getattr(outcome, "path", None)


def test_every_unified_fixture_maps_back_as_the_rust_library_does() -> None:
    lines = [compact(path) for path in UNIFIED_RECORDS]
    for call, args in [
        (ua.to_create_request, ["to-thredfi"]),
        (ua.to_record, ["to-thredfi", "--record"]),
    ]:
        envelopes = envelopes_of(lines, *args)
        for line, (text, envelope) in zip(lines, envelopes):
            assert_same_as_cli(outcome_of(call, line), text, envelope)


def test_explicit_kind_and_options_are_the_libraries() -> None:
    vendor = next(path for path in THREDFI_RECORDS if "vendor" in path.parent.name)
    envelopes = envelopes_of([compact(vendor)], "to-unified", "--kind", "vendor-refund")
    assert_same_as_cli(ua.to_unified(vendor.read_bytes(), kind="vendor-refund"), *envelopes[0])
    with pytest.raises(ua.DecodeError) as caught:
        ua.to_unified(vendor.read_bytes(), kind="customer-refund")
    assert caught.value.path.startswith("/")
    with pytest.raises(ValueError, match="the kinds are: customer-refund, vendor-refund"):
        ua.to_unified(vendor.read_bytes(), kind="refund")
    with pytest.raises(ValueError, match="the options are: business_id"):
        ua.to_unified(vendor.read_bytes(), vendor_id=BUSINESS_ID)
    with pytest.raises(ValueError, match="needs a value"):
        ua.to_unified(vendor.read_bytes(), business_id=True)


@pytest.mark.parametrize("path", THREDFI_RECORDS, ids=lambda path: path.name)
def test_round_trip_is_exact(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    unified = ua.to_unified(original, business_id=BUSINESS_ID)
    # From the exact text and from the Python dict (Decimal money) alike.
    for given in (unified.json, unified.output):
        again = ua.to_record(given)
        assert json.loads(again.json) == json.loads(original)
        assert again.warnings == ()


def test_split_per_invoice_gives_a_list_of_requests() -> None:
    several = next(path for path in UNIFIED_RECORDS if "several_invoices" in path.name)
    with pytest.raises(ua.MappingError) as caught:
        ua.to_create_request(several.read_bytes())
    assert caught.value.kind is ua.ErrorKind.SEVERAL_INVOICES
    assert caught.value.hint == "pass split_invoices=True"
    split = ua.to_create_request(several.read_bytes(), split_invoices=True)
    assert isinstance(split.output, list) and len(split.output) > 1
    unified = json.loads(several.read_text(), parse_float=Decimal)
    assert sum(request["amount_cents"] for request in split.output) == unified["total_amount"] * 100


def test_money_comes_back_as_decimal_never_float() -> None:
    for path in THREDFI_RECORDS:
        output = ua.to_unified(path.read_bytes(), business_id=BUSINESS_ID).output
        assert output["total_amount"] is None or isinstance(output["total_amount"], Decimal)
        for allocation in output.get("allocations") or []:
            assert allocation["amount"] is None or isinstance(allocation["amount"], Decimal)

        def floats(value) -> list:
            if isinstance(value, dict):
                return [f for item in value.values() for f in floats(item)]
            if isinstance(value, list):
                return [f for item in value for f in floats(item)]
            return [value] if isinstance(value, float) else []

        assert floats(output) == []


def unified_with_total(total) -> dict:
    refund = json.loads((UNIFIED_RECORDS[0]).read_text(), parse_float=Decimal)
    refund["total_amount"] = total
    return refund


def test_decimal_and_int_money_in_gives_exact_cents_out() -> None:
    assert ua.to_create_request(unified_with_total(Decimal("1234567890123.45"))).output["amount_cents"] == 123456789012345
    assert ua.to_create_request(unified_with_total(42)).output["amount_cents"] == 4200


def test_a_float_that_is_exactly_its_text_is_accepted() -> None:
    exact = ua.to_create_request(unified_with_total(Decimal("184.5")))
    assert ua.to_create_request(unified_with_total(184.5)).json == exact.json
    assert ua.to_create_request(unified_with_total(0.07)).output["amount_cents"] == 7


@pytest.mark.parametrize("unsafe", [0.1 + 0.2, 1234567890123.4567, 2.0**70])
def test_an_unsafe_float_is_refused_naming_its_field(unsafe: float) -> None:
    with pytest.raises(ua.DecodeError) as caught:
        ua.to_create_request(unified_with_total(unsafe))
    assert caught.value.path == "/total_amount"
    assert caught.value.kind is ua.ErrorKind.INEXACT_FLOAT
    assert "decimal.Decimal" in str(caught.value)
    refund = unified_with_total(Decimal("10.00"))
    refund["allocations"] = [{"type": "invoice", "id": "x", "amount": unsafe}]
    with pytest.raises(ua.DecodeError, match="/allocations/0/amount"):
        ua.to_create_request(refund)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), Decimal("NaN"), object(), {1: "a"}])
def test_values_without_a_json_form_are_refused(bad) -> None:
    with pytest.raises(ua.DecodeError) as caught:
        ua.to_create_request({"total_amount": Decimal(1), "note": [bad]})
    assert caught.value.kind is ua.ErrorKind.NOT_JSON
    assert caught.value.path == "/note/0"


def test_errors_carry_path_kind_category_and_position() -> None:
    truncated = next(path for path in INVALID_THREDFI if "truncated" in path.name)
    with pytest.raises(ua.DecodeError) as caught:
        ua.to_unified(truncated.read_bytes())
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, ua.UnifiedAccountingError)
    assert (error.category, error.kind) == ("decode", ua.ErrorKind.TRUNCATED)
    assert error.line and error.column
    for path in INVALID_THREDFI:
        try:
            ua.to_unified(path.read_bytes(), strict=True)
        except ua.UnifiedAccountingError as failure:
            # A JSON Pointer: empty (the whole document) or "/"-separated tokens.
            assert failure.path == "" or failure.path.startswith("/")
            assert failure.kind in set(ua.ErrorKind)
        else:
            pytest.fail(f"{path.name} mapped in strict mode")


def test_error_kinds_are_the_rust_sides() -> None:
    names = {kind.value for kind in ua.ErrorKind}
    assert {"over_allocated", "option_needed", "several_invoices", "syntax", "truncated", "data"} <= names
    assert ua.ErrorKind("over_allocated") == "over_allocated"


def test_warnings_are_objects_with_code_source_target_message() -> None:
    mapped = [ua.to_unified(path.read_bytes()) for path in THREDFI_RECORDS]
    warnings = [warning for result in mapped for warning in result.warnings]
    assert warnings, "the fixtures include records that warn"
    for warning in warnings:
        assert warning.code and warning.message and warning.source.startswith("/")
        assert warning.target is None or warning.target.startswith("/")


def test_validate_lists_every_violation_with_its_path() -> None:
    names = [schema.name for schema in ua.schemas()]
    assert "apideck-refund" in names and "thredfi-vendor-refund" in names
    for path in UNIFIED_RECORDS:
        assert ua.validate(path.read_bytes(), "apideck-refund-input") == [], path.name
    broken = {"id": 3, "total_amount": "1", "customer": {"id": None}}
    violations = ua.validate(broken, "apideck-refund")
    done = run_cli("validate", "--schema", "apideck-refund", stdin=json.dumps(broken).encode())
    paths = {violation.path for violation in violations}
    assert {"/id", "/total_amount"} <= paths
    printed = done.stdout.decode() + done.stderr.decode()
    for violation in violations:
        assert f"{violation.path or '(document root)'}: {violation.message}" in printed
    with pytest.raises(ValueError, match="the schemas are"):
        ua.validate({}, "refund")
    with pytest.raises(ua.DecodeError):
        ua.validate("{not json", "apideck-refund")


def test_exceptions_survive_pickling() -> None:
    import pickle

    with pytest.raises(ua.DecodeError) as caught:
        ua.to_unified(b'{"id": 1')
    again = pickle.loads(pickle.dumps(caught.value))
    assert (type(again), again.path, again.kind, again.line, again.message) == (
        type(caught.value),
        caught.value.path,
        caught.value.kind,
        caught.value.line,
        caught.value.message,
    )
