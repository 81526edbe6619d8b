"""Round trips and the float rule, over generated records (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import unified_accounting as ua
from conftest import BUSINESS_ID, THREDFI_RECORDS, UNIFIED_RECORDS

TEMPLATES = [json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal) for path in THREDFI_RECORDS]

# Free-form JSON as a provider's metadata holds it: exact numbers of any size and scale.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.decimals(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    uuid=st.uuids(version=4),
    extra_cents=st.integers(min_value=0, max_value=10**12),
    memo=st.text(max_size=200),
    metadata=st.dictionaries(st.text(max_size=12), json_values, max_size=5),
)
def test_thredfi_to_unified_and_back_is_exact(template, uuid, extra_cents, memo, metadata) -> None:
    record = json.loads(json.dumps(template, default=str), parse_float=Decimal)
    record["id"] = str(uuid)
    amount_key = "total_refunded_amount" if "vendor_id" in record else "refunded_amount"
    if record.get(amount_key) is not None:
        # Thredfi amounts are 64-bit cents; one fixture is already near the top.
        extra_cents = min(extra_cents, 2**63 - 1 - record[amount_key])
        record[amount_key] += extra_cents
        if "unallocated_amount" in record and record["unallocated_amount"] is not None:
            record["unallocated_amount"] += extra_cents
    record["memo"] = memo
    record["metadata"] = metadata
    text = ua.to_json_text(record)

    unified = ua.to_unified(text, business_id=BUSINESS_ID)
    # The dict form (Decimal money) maps back exactly as the text form does.
    for given_back in (unified.json, unified.output):
        again = ua.to_record(given_back)
        assert ua.from_json_text(again.json) == ua.from_json_text(text)
    # Amounts are exact: cents / 100 as a Decimal, never a float.
    if record.get(amount_key) is not None:
        assert unified.output["total_amount"] == Decimal(record[amount_key]) / 100


unified_template = json.loads(UNIFIED_RECORDS[0].read_text(), parse_float=Decimal)


@settings(max_examples=150, deadline=None)
@given(amount=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999999.99"), places=2))
def test_a_float_of_at_most_15_digits_is_exactly_its_decimal(amount: Decimal) -> None:
    exact = dict(unified_template, total_amount=amount)
    as_float = dict(unified_template, total_amount=float(amount))
    expected = ua.to_create_request(exact)
    assert ua.to_create_request(as_float).json == expected.json
    assert expected.output["amount_cents"] == int(amount * 100)


@settings(max_examples=300, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_taken_only_when_its_repr_is_exact(value: float) -> None:
    document = {"total_amount": value}
    digits = ua._json.significant_digits(repr(value))
    try:
        text = ua.to_json_text(document)
    except ua.DecodeError as error:
        assert digits > ua.MAX_EXACT_FLOAT_DIGITS
        assert error.path == "/total_amount" and error.kind is ua.ErrorKind.INEXACT_FLOAT
    else:
        assert digits <= ua.MAX_EXACT_FLOAT_DIGITS
        # The text written is the decimal the float came from: parsing it gives the same float.
        written = json.loads(text, parse_float=Decimal)["total_amount"]
        assert float(written) == value and Decimal(repr(value)) == written
