#!/usr/bin/env python3
"""Translate the vendored OpenAPI 3.0.3 sources into the crate's JSON Schema 2020-12 documents.

Inputs (read-only, outside this repository; see ../README.md "Provenance"):
  <shared>/reference/apideck/openapi-10.34.0-refund-components.json   Apideck Refund closure (44 components)
  <shared>/reference/apideck/openapi-10.34.0-refund-envelopes.json    Apideck Refunds API envelopes
  <shared>/seeds/thredfi-create-customer-refund.md                    Thredfi POST create refund (full YAML)
  <shared>/seeds/thredfi-list-vendor-refunds.md                       Thredfi GET list vendor refunds (full YAML)

Outputs (the files the crate embeds):
  ../apideck/accounting-refunds.schema.json
  ../thredfi/refunds.schema.json

<shared> defaults to <repo>/../shared and can be overridden with the UA_SHARED_DIR environment variable.

Usage:  python3 schemas/translate/translate.py [--check-only]
  --check-only  translate in memory and fail (exit 1) if the committed outputs differ from a fresh translation.

The generic OpenAPI 3.0 -> 2020-12 rules live in `oas30_to_2020`; every deliberate deviation from a source is a
separately named step (`apideck_*` / `thredfi_*`) and is listed in ../README.md.  Only the Python 3 standard library
plus PyYAML is needed.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent
REPO = SCHEMAS.parent
SHARED = Path(os.environ.get("UA_SHARED_DIR", REPO.parent / "shared")).resolve()

DRAFT = "https://json-schema.org/draft/2020-12/schema"
APIDECK_ID = "urn:unified-accounting:apideck:accounting:10.34.0"
THREDFI_ID = "urn:unified-accounting:thredfi:refunds:1.0.0"
APIDECK_OUT = SCHEMAS / "apideck" / "accounting-refunds.schema.json"
THREDFI_OUT = SCHEMAS / "thredfi" / "refunds.schema.json"
REF_PREFIX = "#/components/schemas/"

# ---------------------------------------------------------------------------------------------------------------------
# Generic OpenAPI 3.0.3 Schema Object -> JSON Schema 2020-12 translation
# ---------------------------------------------------------------------------------------------------------------------

# Keywords copied verbatim (same spelling and meaning in OpenAPI 3.0 Schema Objects and JSON Schema 2020-12).
COPY_KEYWORDS = {
    "type", "format", "enum", "title", "description", "readOnly", "writeOnly", "deprecated", "required", "default",
    "minLength", "maxLength", "minimum", "maximum", "pattern", "$ref",
}
# Keywords whose value is a schema (translated recursively).
SCHEMA_KEYWORDS = {"items"}
# Keywords whose value is a list of schemas.
SCHEMA_LIST_KEYWORDS = {"anyOf", "allOf", "oneOf"}

DROPPED = Counter()  # x-* extension keys dropped, by name (reported on stdout)

# Extension keys kept as annotations (R4): the field-coverage report reads them from the vendored
# document, so they must not live as a second copy in code. Validators ignore unknown keywords.
KEPT_EXTENSIONS = ("x-apideck-weights", "x-apideck-strict-required")
KEPT = Counter()


def oas30_to_2020(node: dict, where: str) -> dict:
    """Translate one OpenAPI 3.0 Schema Object (recursively).

    Rules (numbered as in ../README.md):
      R1  type/format/enum/title/description/readOnly/writeOnly/deprecated/required/default/min*/max*/pattern/$ref
          are copied unchanged, in source key order.
      R2  `nullable: true` -> "null" added to `type` (string -> [string, "null"]); if the schema has an `enum`, JSON null
          is appended to it as well.  `nullable` itself is removed.  (A nullable schema without `type` is an error.)
      R3  `example: v` -> `examples: [v]` (same position).
      R4  every `x-*` extension key is dropped (vendor extensions; validators do not enforce them), except
          `x-apideck-weights` and `x-apideck-strict-required`, copied unchanged as annotations for field coverage.
      R5  `properties`, `items`, `additionalProperties` (when a schema), `anyOf`/`allOf`/`oneOf` are translated
          recursively; boolean `additionalProperties` is copied as is; absent stays absent (object stays open).
      R6  `$ref` values stay `#/components/schemas/X` (document-relative; the components keep that layout).
    Any keyword not covered above aborts the translation, so nothing is silently lost.
    """
    if not isinstance(node, dict):
        raise TypeError(f"{where}: schema must be an object, got {type(node).__name__}")
    out: dict = {}
    nullable = False
    for key, value in node.items():
        if key in KEPT_EXTENSIONS:
            KEPT[key] += 1
            out[key] = copy.deepcopy(value)
        elif key.startswith("x-"):
            DROPPED[key] += 1
        elif key == "nullable":
            if not isinstance(value, bool):
                raise ValueError(f"{where}: nullable must be boolean")
            nullable = value
        elif key == "example":
            out["examples"] = [copy.deepcopy(value)]
        elif key == "properties":
            out["properties"] = {name: oas30_to_2020(sub, f"{where}.{name}") for name, sub in value.items()}
        elif key in SCHEMA_KEYWORDS:
            out[key] = oas30_to_2020(value, f"{where}[{key}]")
        elif key in SCHEMA_LIST_KEYWORDS:
            out[key] = [oas30_to_2020(sub, f"{where}[{key}][{i}]") for i, sub in enumerate(value)]
        elif key == "additionalProperties":
            out[key] = value if isinstance(value, bool) else oas30_to_2020(value, f"{where}[{key}]")
        elif key in COPY_KEYWORDS:
            if key == "$ref" and not value.startswith(REF_PREFIX):
                raise ValueError(f"{where}: $ref {value!r} leaves the components layout")
            out[key] = copy.deepcopy(value)
        else:
            raise ValueError(f"{where}: keyword {key!r} has no translation rule")
    if nullable:
        if "type" not in out:
            raise ValueError(f"{where}: nullable without type (no rule for that)")
        t = out["type"]
        out["type"] = [t, "null"] if isinstance(t, str) else list(t) + (["null"] if "null" not in t else [])
        if "enum" in out and None not in out["enum"]:
            out["enum"] = list(out["enum"]) + [None]
    return out


def translate_components(src: dict, names: list[str], prefix: str) -> dict:
    return {name: oas30_to_2020(src[name], f"{prefix}{name}") for name in names}


def document(schema_id: str, components: dict) -> dict:
    return {"$schema": DRAFT, "$id": schema_id, "components": {"schemas": components}}


def iter_refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from iter_refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from iter_refs(v)


def assert_closed(doc: dict) -> None:
    """Every $ref is document-relative and lands on a component of this document; no component has $id/$schema."""
    comps = doc["components"]["schemas"]
    for name, comp in comps.items():
        assert "$id" not in comp and "$schema" not in comp, name
    for ref in iter_refs(comps):
        assert ref.startswith(REF_PREFIX), ref
        assert ref[len(REF_PREFIX):] in comps, f"dangling $ref {ref}"


# ---------------------------------------------------------------------------------------------------------------------
# Apideck
# ---------------------------------------------------------------------------------------------------------------------

APIDECK_ENVELOPES = ["GetRefundsResponse", "GetRefundResponse", "Meta", "Links", "Raw"]


def apideck_custom_field_null_branch(comps: dict) -> None:
    """A1: CustomField.value's anyOf gets an explicit {"type": "null"} branch (every source branch is already
    nullable via R2, except the array branch; the explicit branch states the intent independently of branch order)."""
    any_of = comps["CustomField"]["properties"]["value"]["anyOf"]
    assert {"type": "null"} not in any_of
    any_of.append({"type": "null"})


def apideck_refund_input(comps: dict) -> dict:
    """A2: our own RefundInput = Refund with required ["total_amount"] (Apideck's id is readOnly + required, so it is
    required on records Apideck emits, not on a refund handed to us for a create). Generated, never hand-edited."""
    refund = comps["Refund"]
    assert refund["required"] == ["id", "total_amount"], refund["required"]
    ri = {"$comment": "Generated by schemas/translate/translate.py from Refund: identical except `required` "
                      "(readOnly `id` is not required on input). Not part of Apideck's spec."}
    for key, value in refund.items():
        ri[key] = ["total_amount"] if key == "required" else copy.deepcopy(value)
    return ri


def build_apideck() -> dict:
    ref_dir = SHARED / "reference" / "apideck"
    src = json.loads((ref_dir / "openapi-10.34.0-refund-components.json").read_text())["components"]["schemas"]
    env = json.loads((ref_dir / "openapi-10.34.0-refund-envelopes.json").read_text())["components"]["schemas"]
    assert len(src) == 44, len(src)
    for name in src:  # the envelope file repeats the closure; it must be the same text
        assert env[name] == src[name], name
    closure = translate_components(src, list(src), "apideck:")
    envelopes = translate_components(env, APIDECK_ENVELOPES, "apideck:")
    apideck_custom_field_null_branch(closure)

    comps: dict = {}
    for name, comp in closure.items():
        comps[name] = comp
        if name == "Refund":
            comps["RefundInput"] = apideck_refund_input(closure)
    comps.update(envelopes)
    doc = document(APIDECK_ID, comps)
    assert_closed(doc)
    return doc


# ---------------------------------------------------------------------------------------------------------------------
# Thredfi
# ---------------------------------------------------------------------------------------------------------------------

def load_seed_yaml(path: Path) -> dict:
    """The seeds are Mintlify .md pages with the OpenAPI text inside one ````yaml fence."""
    text = path.read_text()
    m = re.search(r"^````yaml[^\n]*\n(.*?)^````", text, re.S | re.M)
    if not m:
        raise ValueError(f"{path}: no ````yaml block")
    spec = yaml.safe_load(m.group(1))
    assert spec["openapi"] == "3.0.3", spec["openapi"]
    return spec["components"]["schemas"]


CUSTOMER_NAMES = ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
                  "CreateSimpleRefundRequest"]
VENDOR_NAMES = ["VendorRefund", "VendorRefundAllocationResponse", "VendorRefundPaymentResponse",
                "PaginatedVendorRefundList"]
SHARED_NAMES = ["DocumentFileUrl", "EntityReconciliationDetail"]  # defined in both seeds


def thredfi_nullable_document(comps: dict) -> None:
    """T1: `document` on Refund and VendorRefund stays required but may be null (Thredfi FACTS open question 14: real
    refunds without a linked document exist). allOf:[$ref] (OpenAPI's way to put siblings next to a $ref) becomes
    anyOf:[$ref, {type: null}]; readOnly and description are kept."""
    for name in ("Refund", "VendorRefund"):
        comp = comps[name]
        assert "document" in comp["required"]
        doc = comp["properties"]["document"]
        assert doc["allOf"] == [{"$ref": REF_PREFIX + "DocumentFileUrl"}], doc
        new = {"anyOf": [{"$ref": REF_PREFIX + "DocumentFileUrl"}, {"type": "null"}]}
        for key, value in doc.items():
            if key != "allOf":
                new[key] = value
        new["$comment"] = ("Deviation T1: the source schema makes this a non-null DocumentFileUrl; we also accept "
                           "null (refund with no linked document). The key stays required.")
        comp["properties"]["document"] = new


# T8: the response components whose every property may be null (see thredfi_nullable_responses).
RESPONSE_NAMES = ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
                  "VendorRefund", "VendorRefundAllocationResponse", "VendorRefundPaymentResponse",
                  "PaginatedRefundList", "PaginatedVendorRefundList"]
RESPONSE_NON_NULL = {("Refund", "id"), ("VendorRefund", "id")}  # the top-level record ids stay non-null
RESPONSE_NESTED = {"page_info"}  # inline objects whose own properties are also made nullable
ANNOTATION_KEYWORDS = {"title", "description", "readOnly", "writeOnly", "deprecated", "examples", "default", "$comment"}
T8_COMMENT = ("Deviation T8: every property of this response component accepts null{except} (drf-spectacular does "
              "not mark read-only fields with nullable sources as nullable; the API sends null). `required` is "
              "unchanged: the keys must be present.")
T8_CHANGED: list[str] = []  # "Component.property" made nullable by T8 (printed on stdout, listed in ../README.md)


def accepts_null(schema: dict) -> bool:
    """True when the translated (sub)schema already lets JSON null through at its top level."""
    t = schema.get("type")
    if t is not None:
        return t == "null" or (isinstance(t, list) and "null" in t)
    if "anyOf" in schema:
        return any(accepts_null(branch) for branch in schema["anyOf"])
    structural = set(schema) - ANNOTATION_KEYWORDS
    return not structural  # untyped (R7): only annotations, so anything goes, null included


def make_nullable(schema: dict, where: str) -> dict | None:
    """T8 mechanism, the same as R2: `type` gets "null" in its union and an `enum` gets null appended; a `$ref`,
    `allOf` or `anyOf` without `type` becomes anyOf: [<original>, {"type": "null"}] with the annotations kept outside.
    `items` are left as they are (an array may be null, an item may not). Returns the new schema, or None when the
    schema already accepts null (then it is left exactly as it is)."""
    if accepts_null(schema):
        return None
    if "type" in schema:
        out = dict(schema)  # same key order
        t = out["type"]
        out["type"] = [t, "null"] if isinstance(t, str) else list(t) + ["null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = list(out["enum"]) + [None]
        return out
    structural = set(schema) - ANNOTATION_KEYWORDS
    if structural == {"$ref"}:
        original = {"$ref": schema["$ref"]}
    elif structural == {"allOf"} and len(schema["allOf"]) == 1:
        original = schema["allOf"][0]
    elif structural in ({"allOf"}, {"anyOf"}):
        original = {k: schema[k] for k in structural}
    else:
        raise ValueError(f"{where}: no T8 rule for a schema with {sorted(structural)}")
    out = {"anyOf": [copy.deepcopy(original), {"type": "null"}]}
    out.update({k: v for k, v in schema.items() if k not in structural})
    return out


def thredfi_nullable_responses(comps: dict) -> None:
    """T8: Thredfi response schemas describe the API as it behaves. Thredfi's OpenAPI is generated by drf-spectacular,
    which does not mark read-only fields with nullable sources as nullable (tfranzel/drf-spectacular#383, #1306,
    #449; encode/django-rest-framework#8536 fixed only auto-generated fields), so the API sends null in fields the
    schema types as required strings/integers (a `credit` vendor allocation has no bill; a customer `credit` or
    `payment` allocation has no invoice; optional text never set is null). In every RESPONSE component, every
    property (and every property of `page_info`) therefore accepts null, except the top-level `Refund.id` and
    `VendorRefund.id`. `required`, `items`, formats, bounds, annotations and key order are unchanged. Applied after
    T1 (document is already nullable and is left alone) and T3. The create requests are not touched."""

    def walk(comp_name: str, obj: dict, prefix: str) -> None:
        for prop, sub in obj["properties"].items():
            path = f"{prefix}{prop}"
            if (comp_name, path) in RESPONSE_NON_NULL:
                assert not accepts_null(sub), f"{comp_name}.{path} is already nullable"
                continue
            new = make_nullable(sub, f"thredfi:{comp_name}.{path}")
            if new is not None:
                obj["properties"][prop] = new
                T8_CHANGED.append(f"{comp_name}.{path}")
            if prop in RESPONSE_NESTED:
                walk(comp_name, obj["properties"][prop], f"{path}.")

    for name in RESPONSE_NAMES:
        comp = comps[name]
        before = len(T8_CHANGED)
        walk(name, comp, "")
        assert len(T8_CHANGED) > before, f"T8 changed nothing in {name}"
        ids = [p for (c, p) in RESPONSE_NON_NULL if c == name]
        text = T8_COMMENT.replace("{except}", f" except `{ids[0]}`" if ids else "")
        if "$comment" in comp:  # T3 already put one there: one $comment, both deviations named
            comp["$comment"] = comp["$comment"] + " " + text
        else:
            comps[name] = {"$comment": text, **comp}


def thredfi_drop_document_upload(src_request: dict) -> dict:
    """T2 (applied to the OpenAPI source before translation): the multipart-only `document` upload
    (RefundDocumentUploadRequest, `file` is format: binary) is not expressible in a JSON body, so it is removed."""
    req = copy.deepcopy(src_request)
    assert "document" in req["properties"] and "document" not in req.get("required", [])
    del req["properties"]["document"]
    return req


def thredfi_paginated_refund_list(comps: dict) -> dict:
    """T3: PaginatedRefundList (customer list) is not documented in full; we ASSUME the PaginatedVendorRefundList
    envelope (count, page_info, results) with items $ref Refund, as list_refunds' rendered example shows."""
    page = copy.deepcopy(comps["PaginatedVendorRefundList"])
    assert page["properties"]["results"]["items"] == {"$ref": REF_PREFIX + "VendorRefund"}
    page["properties"]["results"]["items"] = {"$ref": REF_PREFIX + "Refund"}
    out = {"$comment": "Deviation T3: assumed envelope (copied from PaginatedVendorRefundList, results -> Refund); "
                       "the customer list page's schema block was not retrieved."}
    out.update(page)
    return out


def thredfi_create_vendor_refund_request(src: dict) -> dict:
    """T4: the POST /vendor-refunds/ body schema was NOT retrieved. It is reconstructed here, in OpenAPI 3.0 form, from
    FACTS.md section 2(b) and create_vendor_refund.md (field list, descriptions, generated example), then passed through
    the same translator. Enum value lists are taken from the VendorRefund seed schemas so they cannot drift:
      currency        <- VendorRefund.currency (9 values)
      refund_type     <- VendorRefund.refund_type (7 values, incl. service_cancellation; T5)
      allocation_type <- VendorRefundAllocationResponse.allocation_type (bill, payment, credit)
      payment_method  <- VendorRefundPaymentResponse.payment_method (7 values)
      processor       <- VendorRefundPaymentResponse.processor (5 values)
    Numeric minimums follow the page's generated example (2 => minimum 1, 0 => minimum 0); string bounds follow the
    matching VendorRefund / VendorRefundPaymentResponse fields. No field is nullable (nothing says so). The `document`
    multipart upload is omitted (T2). The object is left open, like every Thredfi source object."""
    vr = src["VendorRefund"]["properties"]
    alloc = src["VendorRefundAllocationResponse"]["properties"]
    pay = src["VendorRefundPaymentResponse"]["properties"]

    def enum_of(prop: dict, expected: list[str]) -> list[str]:
        assert prop["enum"] == expected, (prop["enum"], expected)
        return list(prop["enum"])

    currency = enum_of(vr["currency"], ["EUR", "GBP", "USD", "SEK", "NOK", "DKK", "ISK", "MYR", "SGD"])
    refund_type = enum_of(vr["refund_type"], ["overpayment", "credit_balance", "duplicate_payment", "billing_error",
                                              "goods_return", "service_cancellation", "other"])
    allocation_type = enum_of(alloc["allocation_type"], ["bill", "payment", "credit"])
    payment_method = enum_of(pay["payment_method"], ["bank_transfer", "ach", "wire", "check", "credit_card", "cash",
                                                     "other"])
    processor = enum_of(pay["processor"], ["stripe", "wise", "paypal", "bank_transfer", "internal"])

    allocation_item = {
        "type": "object",
        "description": "Allocation created with the refund. `bill`: apply the refund to a specific bill (bill_id); "
                       "`payment`: refund a specific bill payment (bill_payment_id); `credit`: create a credit "
                       "balance for future use. All amounts in cents.",
        "properties": {
            "allocation_type": {"type": "string", "enum": allocation_type,
                                "description": "Type of allocation: bill, payment, or credit"},
            "amount_cents": {"type": "integer", "minimum": 1, "description": "Allocation amount in cents"},
            "bill_id": {"type": "string", "format": "uuid", "description": "Bill to allocate to (allocation_type bill)"},
            "bill_payment_id": {"type": "string", "format": "uuid",
                                "description": "Bill payment being refunded (allocation_type payment)"},
            "description": {"type": "string", "maxLength": 500, "description": "Allocation description or notes"},
            "metadata": {"description": "Custom key-value pairs for allocation"},
        },
        "required": ["allocation_type", "amount_cents"],
    }
    payment_item = {
        "type": "object",
        "description": "Payment received for the refund, created with it. All amounts in cents.",
        "properties": {
            "refunded_amount_cents": {"type": "integer", "minimum": 1, "description": "Refunded amount in cents"},
            "payment_reference": {"type": "string", "maxLength": 100, "description": "Your internal payment reference"},
            "processing_fee_cents": {"type": "integer", "minimum": 0, "description": "Processing fee in cents"},
            "payment_method": {"type": "string", "enum": payment_method, "description": "Payment method"},
            "processor": {"type": "string", "enum": processor, "description": "Payment processor"},
            "payment_date": {"type": "string", "format": "date", "description": "Date when payment was made"},
            "description": {"type": "string", "description": "Payment description"},
            "memo": {"type": "string", "description": "Internal memo"},
            "metadata": {"description": "Custom key-value pairs"},
        },
        "required": ["refunded_amount_cents"],
    }
    oas = {
        "type": "object",
        "description": "Create a new vendor refund record (parent transaction), POST "
                       "/v1/platform/businesses/{business_id}/vendor-refunds/. Reconstructed by us (deviation T4): the "
                       "source schema block was not retrieved. All amounts in cents.",
        "properties": {
            "vendor_id": {"type": "string", "format": "uuid", "description": "UUID of the vendor issuing the refund"},
            "total_refunded_amount_cents": {"type": "integer", "minimum": 1,
                                            "description": "Total amount being refunded in cents "
                                                           "(e.g., 10050 for £100.50)"},
            "external_id": {"type": "string", "minLength": 1, "maxLength": 255,
                            "description": "Your system's unique identifier (for idempotency)"},
            "refund_type": {"type": "string", "enum": refund_type,
                            "description": "Type of refund (overpayment, billing_error, goods_return, etc.)"},
            "reference_number": {"type": "string", "minLength": 1, "maxLength": 100,
                                 "description": "External reference number"},
            "currency": {"type": "string", "enum": currency, "description": "ISO 4217 currency code"},
            "refund_date": {"type": "string", "format": "date", "description": "Date of refund (defaults to today)"},
            "description": {"type": "string", "description": "Detailed description"},
            "memo": {"type": "string", "description": "Internal memo/notes"},
            "reason": {"type": "string", "maxLength": 500, "description": "Reason for the refund"},
            "metadata": {"description": "Additional structured data (JSON object)"},
            "allocations": {"type": "array", "items": allocation_item,
                            "description": "Array of allocations to create with the refund"},
            "payments": {"type": "array", "items": payment_item,
                         "description": "Array of payments to create with the refund"},
        },
        "required": ["vendor_id", "total_refunded_amount_cents", "currency"],
    }
    out = {"$comment": "Deviation T4: reconstructed request body (see schemas/README.md)."}
    out.update(oas30_to_2020(oas, "thredfi:CreateVendorRefundRequest"))
    return out


def build_thredfi() -> dict:
    seeds = SHARED / "seeds"
    cust = load_seed_yaml(seeds / "thredfi-create-customer-refund.md")
    vend = load_seed_yaml(seeds / "thredfi-list-vendor-refunds.md")
    for name in SHARED_NAMES:  # identical in both seeds -> translated once
        assert cust[name] == vend[name], name

    cust_src = {n: cust[n] for n in CUSTOMER_NAMES}
    cust_src["CreateSimpleRefundRequest"] = thredfi_drop_document_upload(cust["CreateSimpleRefundRequest"])
    customer = translate_components(cust_src, CUSTOMER_NAMES, "thredfi:")
    vendor = translate_components(vend, VENDOR_NAMES, "thredfi:")

    comps: dict = {}
    comps.update(customer)
    comps.update(vendor)
    thredfi_nullable_document(comps)
    comps["PaginatedRefundList"] = thredfi_paginated_refund_list(comps)
    thredfi_nullable_responses(comps)
    comps["CreateVendorRefundRequest"] = thredfi_create_vendor_refund_request(vend)

    order = ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
             "CreateSimpleRefundRequest", "PaginatedRefundList",
             "VendorRefund", "VendorRefundAllocationResponse", "VendorRefundPaymentResponse",
             "PaginatedVendorRefundList", "CreateVendorRefundRequest"]
    assert sorted(order) == sorted(comps)
    doc = document(THREDFI_ID, {n: comps[n] for n in order})
    assert_closed(doc)
    return doc


# ---------------------------------------------------------------------------------------------------------------------

def render(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check-only", action="store_true",
                    help="do not write; exit 1 if the outputs on disk differ from a fresh translation")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print(f"shared reference directory not found: {SHARED} (set UA_SHARED_DIR)", file=sys.stderr)
        return 2

    outputs = {APIDECK_OUT: render(build_apideck()), THREDFI_OUT: render(build_thredfi())}
    status = 0
    for path, text in outputs.items():
        rel = path.relative_to(REPO)
        if args.check_only:
            current = path.read_text() if path.exists() else None
            if current != text:
                print(f"STALE  {rel}")
                status = 1
            else:
                print(f"ok     {rel}")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            n = len(json.loads(text)["components"]["schemas"])
            print(f"wrote  {rel} ({n} components, {len(text)} bytes)")
    print("dropped x-* keys: " + ", ".join(f"{k} x{v}" for k, v in sorted(DROPPED.items())))
    print("kept x-* keys: " + ", ".join(f"{k} x{v}" for k, v in sorted(KEPT.items())))
    print(f"T8 response properties made nullable: {len(T8_CHANGED)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
