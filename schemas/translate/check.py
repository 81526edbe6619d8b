#!/usr/bin/env python3
"""Checks for the vendored JSON Schema 2020-12 documents under schemas/.

Usage:  python3 schemas/translate/check.py [-v]   (exit 0 = all checks passed; -v lists every passing check too)

Needs: Python 3, PyYAML, jsonschema >= 4.18 (with `referencing`); rfc3339-validator makes FormatChecker assert
date-time (the check fails loudly if it is missing). It reads the same sources as translate.py (UA_SHARED_DIR,
default <repo>/../shared) but does not import translate.py: the comparison with the sources is done here
independently, by translating our schemas BACK to OpenAPI 3.0 form and comparing with the source text.

Sections:
  1. freshness      the outputs equal a fresh run of translate.py (--check-only)
  2. meta-schema    each document and each component is a valid 2020-12 schema; layout rules ($id, $ref, no
                    OpenAPI-only keywords left)
  3. apideck/source every component, property, type, format, enum (incl. all 183 Currency values in order),
                    readOnly/writeOnly/deprecated, required, additionalProperties, anyOf, title, description and
                    example of the reference OpenAPI is in our document (round trip), plus FIELDS.md row by row
  4. thredfi/source the same round trip against the two seed YAMLs; deviations T1-T5 and T8 checked explicitly
  5. instances      records that must pass / fail, validated through a referencing.Registry holding each document
                    under its $id, with formats asserted (FormatChecker)
"""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translate import KEPT_EXTENSIONS  # noqa: E402  (the one list of extensions the documents keep)
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent
REPO = SCHEMAS.parent
SHARED = Path(os.environ.get("UA_SHARED_DIR", REPO.parent / "shared")).resolve()
APIDECK_PATH = SCHEMAS / "apideck" / "accounting-refunds.schema.json"
THREDFI_PATH = SCHEMAS / "thredfi" / "refunds.schema.json"
APIDECK_ID = "urn:unified-accounting:apideck:accounting:10.34.0"
THREDFI_ID = "urn:unified-accounting:thredfi:refunds:1.0.0"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
REF = "#/components/schemas/"

PASSED = 0
FAILURES: list[str] = []
VERBOSE = "-v" in sys.argv[1:]


def check(cond: bool, what: str) -> None:
    global PASSED
    if cond:
        PASSED += 1
        if VERBOSE:
            print(f"  ok   {what}")
    else:
        FAILURES.append(what)
        print(f"  FAIL {what}")


def section(title: str) -> None:
    print(f"\n== {title}")


APIDECK = json.loads(APIDECK_PATH.read_text())
THREDFI = json.loads(THREDFI_PATH.read_text())
AC = APIDECK["components"]["schemas"]
TC = THREDFI["components"]["schemas"]

# ---------------------------------------------------------------------------------------------------------------------
section("1. freshness (translate.py --check-only)")
proc = subprocess.run([sys.executable, str(HERE / "translate.py"), "--check-only"], capture_output=True, text=True)
print("  " + proc.stdout.strip().replace("\n", "\n  "))
check(proc.returncode == 0, "outputs are what translate.py produces now")

# ---------------------------------------------------------------------------------------------------------------------
section("2. meta-schema and layout")


def walk(node, path=""):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}/{i}")


def schema_keys(node, path=""):
    """(path, key) for every keyword of every subschema (skips property names and example payloads)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("examples", "enum", "required", "default"):
                yield path, k
                continue
            if k == "properties":
                yield path, k
                for name, sub in v.items():
                    yield from schema_keys(sub, f"{path}/properties/{name}")
                continue
            yield path, k
            if isinstance(v, (dict, list)):
                yield from schema_keys(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from schema_keys(v, f"{path}/{i}")


for doc, doc_id, name in ((APIDECK, APIDECK_ID, "apideck"), (THREDFI, THREDFI_ID, "thredfi")):
    comps = doc["components"]["schemas"]
    try:
        Draft202012Validator.check_schema(doc)
        ok = True
    except Exception as e:  # noqa: BLE001
        ok = False
        print("   ", e)
    check(ok, f"{name}: document is a valid 2020-12 schema")
    bad = []
    for cname, comp in comps.items():
        try:
            Draft202012Validator.check_schema(comp)
        except Exception as e:  # noqa: BLE001
            bad.append(f"{cname}: {e.message}")
    check(not bad, f"{name}: every component is a valid 2020-12 schema {bad}")
    check(list(doc) == ["$schema", "$id", "components"] and doc["$schema"] == DRAFT and doc["$id"] == doc_id,
          f"{name}: root is exactly $schema/$id/components with $id {doc_id}")
    check(all("$id" not in c and "$schema" not in c for c in comps.values()), f"{name}: no component $id/$schema")
    refs = [v for p, n in walk(comps) if isinstance(n, dict) for k, v in n.items() if k == "$ref"]
    check(all(r.startswith(REF) and r[len(REF):] in comps for r in refs),
          f"{name}: all {len(refs)} $refs are #/components/schemas/X and resolve inside the document")
    leftovers = sorted({f"{p}:{k}" for p, k in schema_keys(comps)
                        if k in ("nullable", "example", "discriminator", "xml", "externalDocs")
                        or (k.startswith("x-") and k not in KEPT_EXTENSIONS)})
    check(not leftovers, f"{name}: no OpenAPI-only keywords (nullable/example/x-* but the kept ones) remain {leftovers[:5]}")

# ---------------------------------------------------------------------------------------------------------------------
# Back-translation 2020-12 -> OpenAPI 3.0 (the inverse of the documented rules R1-R6)


def to_oas(node):
    if isinstance(node, list):
        return [to_oas(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    nullable = False
    for k, v in node.items():
        if k == "$comment":
            continue
        if k == "examples":
            assert isinstance(v, list) and len(v) == 1, node
            out["example"] = v[0]
        elif k == "type" and isinstance(v, list):
            assert len(v) == 2 and v[1] == "null", v
            out["type"] = v[0]
            nullable = True
        elif k == "properties":
            out[k] = {n: to_oas(s) for n, s in v.items()}
        elif k in ("items", "additionalProperties", "anyOf", "allOf", "oneOf"):
            out[k] = to_oas(v)
        else:
            out[k] = copy.deepcopy(v)
    if nullable:
        out["nullable"] = True
        if "enum" in out:
            assert out["enum"][-1] is None and None not in out["enum"][:-1], out["enum"]
            out["enum"] = out["enum"][:-1]
    elif "enum" in out:
        assert None not in out["enum"], "null in enum of a non-nullable schema"
    return out


def strip_x(node):
    """The source without the extension keys the translation drops (R4 keeps KEPT_EXTENSIONS)."""
    if isinstance(node, dict):
        return {k: strip_x(v) for k, v in node.items() if not k.startswith("x-") or k in KEPT_EXTENSIONS}
    if isinstance(node, list):
        return [strip_x(v) for v in node]
    return node


def diff(a, b, path=""):
    """First differences between two JSON values (order of object keys ignored, order of arrays kept)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}/{k}: missing in ours")
            elif k not in b:
                out.append(f"{path}/{k}: extra in ours")
            else:
                out += diff(a[k], b[k], f"{path}/{k}")
        return out
    if a != b or type(a) is not type(b):
        return [f"{path}: ours {json.dumps(a)[:80]} != source {json.dumps(b)[:80]}"]
    return []


# ---------------------------------------------------------------------------------------------------------------------
section("3. apideck: round trip against the reference OpenAPI 3.0.3 (spec 10.34.0) and FIELDS.md")
ref_dir = SHARED / "reference" / "apideck"
SRC = json.loads((ref_dir / "openapi-10.34.0-refund-components.json").read_text())["components"]["schemas"]
ENV = json.loads((ref_dir / "openapi-10.34.0-refund-envelopes.json").read_text())["components"]["schemas"]
ENVELOPES = ["GetRefundsResponse", "GetRefundResponse", "Meta", "Links", "Raw"]

check(len(SRC) == 44, "reference closure has 44 components")
check(set(AC) == set(SRC) | set(ENVELOPES) | {"RefundInput"},
      f"our components = 44 closure + RefundInput + {ENVELOPES} (extra: {set(AC) - set(SRC) - set(ENVELOPES)})")

for name in list(SRC) + ENVELOPES:
    source = strip_x(SRC.get(name) or ENV[name])
    ours = to_oas(AC.get(name, {}))
    if name == "CustomField":  # deviation A1: the explicit null branch we add
        branches = ours["properties"]["value"]["anyOf"]
        check(branches[-1] == {"type": "null"}, "CustomField.value anyOf ends with the added {type: null} branch")
        ours["properties"]["value"]["anyOf"] = branches[:-1]
    d = diff(ours, source)
    check(not d, f"{name}: identical to the source after back-translation {d[:4]}")

# RefundInput = Refund except required (and its $comment)
ri = {k: v for k, v in AC["RefundInput"].items() if k not in ("required", "$comment")}
rf = {k: v for k, v in AC["Refund"].items() if k != "required"}
check(ri == rf and list(ri) == list(rf), "RefundInput is Refund except `required`")
check(AC["RefundInput"]["required"] == ["total_amount"] and AC["Refund"]["required"] == ["id", "total_amount"],
      "required: Refund [id, total_amount], RefundInput [total_amount]")

# Explicit facts from FACTS.md
CURRENCIES = ("UNKNOWN_CURRENCY AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD "
              "BTN BWP BYR BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB "
              "EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES "
              "KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRO MUR MVR "
              "MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD "
              "SCR SDG SEK SGD SHP SLL SOS SRD SSP STD SVC SYP SZL THB TJS TMT TND TOP TRC TRY TTD TWD TZS UAH UGX USD "
              "USN USS UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XTS XXX YER ZAR "
              "ZMK ZMW BTC ETH").split()
check(len(CURRENCIES) == 183 and AC["Currency"]["enum"] == CURRENCIES + [None]
      and AC["Currency"]["type"] == ["string", "null"], "Currency: 183 values in spec order, then null")
for name, values in {"RefundStatus": ["draft", "authorised", "posted", "paid", "voided", "deleted"],
                     "RefundType": ["refund_receipt", "cash_refund", "credit_note_refund"]}.items():
    check(AC[name]["enum"] == values and AC[name]["type"] == "string", f"{name}: enum {values}, not nullable")
check(AC["Allocation"]["properties"]["type"]["enum"] == ["invoice", "order", "expense", "credit_memo", "over_payment",
                                                         "pre_payment", "journal_entry", "other", "bill"]
      and AC["Allocation"]["properties"]["type"]["type"] == "string", "Allocation.type: 9 values, not nullable")
check(AC["Address"]["properties"]["type"]["enum"][-1] is None and AC["Address"]["type"] == "object",
      "Address.type nullable enum; Address itself not nullable")
check(AC["InvoiceLineItem"]["properties"]["type"]["enum"] == ["sales_item", "discount", "info", "sub_total", "service",
                                                              "other", None] and AC["InvoiceLineItem"]["type"] == "object",
      "InvoiceLineItem.type nullable enum; InvoiceLineItem itself not nullable")
for name in ["LinkedCustomer", "LinkedLedgerAccount", "LinkedDepartment", "LinkedLocation", "LinkedTrackingCategory",
             "LinkedWorktag", "CustomMappings", "Raw"]:
    check(AC[name]["type"] == ["object", "null"], f"{name}: type [object, null]")
check(AC["LinkedTrackingCategories"]["type"] == ["array", "null"], "LinkedTrackingCategories: type [array, null]")
for name in ["Refund", "RefundInput", "Allocation", "Address", "InvoiceLineItem", "LinkedInvoiceItem", "LinkedTaxRate",
             "CustomField", "GetRefundsResponse", "GetRefundResponse", "Meta", "Links"]:
    check(AC[name]["type"] == "object", f"{name}: not nullable")
for name in ["Refund", "RefundInput", "LinkedLedgerAccount", "InvoiceLineItem", "Address", "CustomField",
             "LinkedTaxRate"]:
    check(AC[name].get("additionalProperties") is False, f"{name}: additionalProperties false")
check(AC["PassThroughBody"]["items"]["additionalProperties"] is False
      and AC["PassThroughBody"]["items"]["properties"]["extend_paths"]["items"]["additionalProperties"] is False
      and AC["PassThroughBody"]["items"]["properties"]["extend_object"]["additionalProperties"] is True
      and AC["PassThroughBody"]["items"]["writeOnly"] is True, "PassThroughBody items/extend_* additionalProperties")
check(AC["CustomMappings"]["additionalProperties"] is True and AC["CustomMappings"]["readOnly"] is True,
      "CustomMappings: additionalProperties true, readOnly")
for name in ["LinkedCustomer", "Allocation", "LinkedDepartment", "LinkedLocation", "LinkedInvoiceItem", "LinkedWorktag",
             "LinkedTrackingCategory"]:
    check("additionalProperties" not in AC[name], f"{name}: open object (no additionalProperties)")
check(AC["CustomField"]["anyOf"] == [{"required": ["id"]}, {"required": ["name"]}], "CustomField anyOf id|name")


# FIELDS.md, row by row
def md_rows(text: str, header_start: str):
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        yield [c.strip() for c in line.strip().strip("|").split("|")]


def resolve(schema: dict, comps: dict) -> tuple[dict, str | None]:
    if "$ref" in schema:
        name = schema["$ref"][len(REF):]
        return comps[name], name
    return schema, None


def base_type(t):
    return [x for x in t if x != "null"][0] if isinstance(t, list) else t


fields_md = (ref_dir / "FIELDS.md").read_text()
rows = list(md_rows(fields_md, "| schema | property | type / $ref | format | nullable (effective)"))
fields_schemas = sorted({r[0] for r in rows})
expected_schemas = sorted(n for n, c in SRC.items() if "properties" in c)  # PassThroughBody is array-typed (prose only)
check(fields_schemas == expected_schemas and len(rows) == sum(len(SRC[n]["properties"]) for n in expected_schemas),
      f"FIELDS.md bundle table: one row per property of the {len(expected_schemas)} object components ({len(rows)} rows)")
seen = {}
for schema_name, prop, typ, fmt, nullable, ro, enum, notes in rows:
    seen.setdefault(schema_name, set()).add(prop)
    where = f"FIELDS {schema_name}.{prop}"
    comp = AC.get(schema_name)
    if comp is None or prop not in comp.get("properties", {}):
        check(False, f"{where}: property present")
        continue
    p = comp["properties"][prop]
    target, ref_name = resolve(p, AC)
    problems = []
    m = re.search(r"→(\w+)", typ)
    if typ.startswith("array<"):
        if not (p.get("type") == "array" and p["items"].get("$ref") == REF + m.group(1)):
            problems.append("array item ref")
    elif m and (ref_name != m.group(1)):
        problems.append(f"ref {ref_name} != {m.group(1)}")
    plain = typ.split(" ")[0]
    if plain in ("string", "number", "integer", "boolean") and base_type(target.get("type")) != plain:
        problems.append(f"type {target.get('type')}")
    if typ == "(anyOf)" and "anyOf" not in p:
        problems.append("anyOf")
    if (target.get("format") or "") != fmt:
        problems.append(f"format {target.get('format')}")
    eff_null = isinstance(target.get("type"), list) and "null" in target["type"]
    if typ != "(anyOf)" and eff_null != (nullable == "yes"):
        problems.append(f"nullable {eff_null}")
    eff_ro = p.get("readOnly", target.get("readOnly"))
    if ("" if eff_ro is None else str(eff_ro).lower()) != ro:
        problems.append(f"readOnly {eff_ro}")
    if enum:
        values = [v for v in target.get("enum", []) if v is not None]
        if enum == "183 values":
            if len(values) != 183:
                problems.append("183 values")
        elif values != [v.strip() for v in enum.split(",")]:
            problems.append(f"enum {values}")
    elif "enum" in target:
        problems.append("unexpected enum")
    if ("required" in notes) != (prop in comp.get("required", [])):
        problems.append("required")
    if ("deprecated" in notes) != bool(p.get("deprecated")):
        problems.append("deprecated")
    check(not problems, f"{where}: {problems}")
for schema_name, props in seen.items():
    check(set(AC[schema_name]["properties"]) == props, f"FIELDS {schema_name}: property set equals ours")

env_rows = list(md_rows(fields_md, "| schema | property | type / $ref | format | nullable | readOnly | required"))
for schema_name, prop, typ, fmt, nullable, ro, req, notes in env_rows:
    if schema_name not in ENVELOPES:
        continue  # Create/Update/Delete responses, UnifiedId, RefundsFilter/Sort, SortDirection: not translated
    comp = AC[schema_name]
    if prop == "(itself)":
        check(("null" in comp["type"]) == (nullable == "yes"), f"FIELDS {schema_name}: nullable")
        continue
    p = comp["properties"].get(prop)
    if p is None:
        check(False, f"FIELDS {schema_name}.{prop}: present")
        continue
    # this table's nullable column is the property's own flag; a $ref'd component's own nullability is checked on
    # its "(itself)" row (Raw), so only inline properties are compared here
    own_null = isinstance(p.get("type"), list) and "null" in p["type"]
    ok = ("$ref" in p or own_null == (nullable == "yes")) and (prop in comp.get("required", [])) == (req == "yes")
    target, _ = resolve(p, AC)
    if typ in ("string", "integer"):
        ok = ok and base_type(target["type"]) == typ
    check(ok, f"FIELDS {schema_name}.{prop}: type/nullable/required")

# ---------------------------------------------------------------------------------------------------------------------
section("4. thredfi: round trip against the seed YAMLs; deviations T1-T5, T8")


def seed(path: Path) -> dict:
    text = path.read_text()
    block = re.search(r"^````yaml[^\n]*\n(.*?)^````", text, re.S | re.M).group(1)
    return yaml.safe_load(block)["components"]["schemas"]


CUST = seed(SHARED / "seeds" / "thredfi-create-customer-refund.md")
VEND = seed(SHARED / "seeds" / "thredfi-list-vendor-refunds.md")
EXPECTED_T = ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
              "CreateSimpleRefundRequest", "PaginatedRefundList", "VendorRefund", "VendorRefundAllocationResponse",
              "VendorRefundPaymentResponse", "PaginatedVendorRefundList", "CreateVendorRefundRequest"]
check(list(TC) == EXPECTED_T, f"thredfi components {list(TC)}")
check(CUST["DocumentFileUrl"] == VEND["DocumentFileUrl"]
      and CUST["EntityReconciliationDetail"] == VEND["EntityReconciliationDetail"],
      "DocumentFileUrl / EntityReconciliationDetail identical in both seeds")

# T8: in the response components every property accepts null, except the two top-level record ids. Stated here
# independently of translate.py: T8_SOURCE applies the deviation to the SOURCE (OpenAPI form: `nullable: true` on
# every typed property that lacks it), so the round trip below allows exactly this difference and nothing else.
T8_COMPONENTS = ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
                 "VendorRefund", "VendorRefundAllocationResponse", "VendorRefundPaymentResponse",
                 "PaginatedRefundList", "PaginatedVendorRefundList"]
T8_NON_NULL = {("Refund", "id"), ("VendorRefund", "id")}
T8_NESTED = {"page_info"}  # inline object: its own properties are covered too
T8_EXPECTED: dict[str, list[str]] = {}  # component -> properties the deviation makes nullable (from the sources)


def t8_source(name: str, source: dict) -> dict:
    out = copy.deepcopy(source)
    changed = T8_EXPECTED.setdefault(name, [])

    def walk(obj: dict, prefix: str) -> None:
        for prop, sub in obj["properties"].items():
            path = prefix + prop
            if (name, path) not in T8_NON_NULL:
                if "type" in sub:
                    if not sub.get("nullable"):
                        sub["nullable"] = True
                        changed.append(path)
                else:  # untyped (R7) or the T1 document: already accept null, no T8 change
                    assert set(sub) <= {"description", "allOf", "readOnly"}, (name, path, sub)
            if prop in T8_NESTED:
                walk(sub, path + ".")

    walk(out, "")
    return out


def t8_source_page(source_page: dict, results_ref: str) -> dict:
    """T3 applied to the vendor page source: PaginatedRefundList's source is PaginatedVendorRefundList with
    results -> Refund."""
    page = copy.deepcopy(source_page)
    page["properties"]["results"]["items"] = {"$ref": REF + results_ref}
    return page

for name in ["Refund", "RefundAllocation", "RefundPayment", "DocumentFileUrl", "EntityReconciliationDetail",
             "CreateSimpleRefundRequest", "VendorRefund", "VendorRefundAllocationResponse",
             "VendorRefundPaymentResponse", "PaginatedVendorRefundList"]:
    source = strip_x(CUST.get(name) or VEND[name])
    ours = to_oas(TC[name])
    if name in T8_COMPONENTS:  # T8: the source with `nullable: true` on every property but the two record ids
        source = t8_source(name, source)
    if name in ("Refund", "VendorRefund"):  # T1
        d = ours["properties"]["document"]
        check(d["anyOf"] == [{"$ref": REF + "DocumentFileUrl"}, {"type": "null"}] and "document" in ours["required"]
              and d.get("readOnly") is True, f"T1 {name}.document: DocumentFileUrl | null, still required")
        d["allOf"] = d.pop("anyOf")[:1]
    if name == "CreateSimpleRefundRequest":  # T2
        check("document" not in ours["properties"], "T2 CreateSimpleRefundRequest: multipart `document` omitted")
        source = copy.deepcopy(source)
        del source["properties"]["document"]
    d = diff(ours, source)
    check(not d, f"{name}: identical to the seed after back-translation {d[:4]}")

# T3
page = to_oas(TC["PaginatedRefundList"])
vpage = to_oas(TC["PaginatedVendorRefundList"])
check(page["properties"]["results"]["items"] == {"$ref": REF + "Refund"}, "T3 PaginatedRefundList.results -> Refund")
page["properties"]["results"]["items"] = vpage["properties"]["results"]["items"]
check(page == vpage, "T3 PaginatedRefundList otherwise equals PaginatedVendorRefundList")
check(vpage["required"] == ["count", "page_info", "results"] and "next" not in vpage["properties"]
      and vpage["properties"]["page_info"]["required"] == ["total_count", "current_page", "total_pages", "page_size"],
      "PaginatedVendorRefundList: count/page_info/results required; no next/previous in the seed")
t8_source("PaginatedRefundList", t8_source_page(strip_x(VEND["PaginatedVendorRefundList"]), "Refund"))

# T8, structure
check(sorted(T8_EXPECTED) == sorted(T8_COMPONENTS), f"T8 covers exactly the 10 response components {list(T8_EXPECTED)}")
check(all(T8_EXPECTED[n] for n in T8_COMPONENTS), "T8 changes at least one property of each response component")
for name in T8_COMPONENTS:
    comment = TC[name].get("$comment", "")
    check("Deviation T8" in comment and list(TC[name])[0] == "$comment",
          f"T8 {name}: carries a leading $comment naming the deviation")
    check(TC[name]["required"] == strip_x(CUST.get(name) or VEND.get(name) or VEND["PaginatedVendorRefundList"])["required"],
          f"T8 {name}: `required` unchanged")
    check(TC[name]["type"] == "object", f"T8 {name}: the component itself stays a non-null object")
for name in ("CreateSimpleRefundRequest", "CreateVendorRefundRequest"):
    check("T8" not in TC[name].get("$comment", ""), f"T8 {name}: no T8 $comment (request schemas untouched)")
    check(not [v for _, n in walk(TC[name]) if isinstance(n, dict) for k, v in n.items() if k == "$ref"],
          f"T8 {name}: no $ref, so no response component's nullability can reach it")
for name in ("Refund", "VendorRefund"):
    check(TC[name]["properties"]["id"] == {**TC[name]["properties"]["id"], "type": "string", "format": "uuid"},
          f"T8 {name}.id: type stays \"string\" (not nullable)")
ARRAYS = [("Refund", "allocations", "RefundAllocation"), ("Refund", "refund_payments", "RefundPayment"),
          ("RefundPayment", "reconciled_bank_transactions", "EntityReconciliationDetail"),
          ("VendorRefund", "allocations", "VendorRefundAllocationResponse"),
          ("VendorRefund", "vendor_refund_payments", "VendorRefundPaymentResponse"),
          ("VendorRefundPaymentResponse", "reconciled_bank_transactions", "EntityReconciliationDetail"),
          ("PaginatedRefundList", "results", "Refund"), ("PaginatedVendorRefundList", "results", "VendorRefund")]
check(sorted((c, p) for c in T8_COMPONENTS for p, sub in TC[c]["properties"].items()
             if "array" in (sub.get("type") or [])) == sorted((c, p) for c, p, _ in ARRAYS),
      "T8: the array-typed response properties are exactly the 8 expected")
for comp_name, prop, item in ARRAYS:
    sub = TC[comp_name]["properties"][prop]
    check(sub["type"] == ["array", "null"] and sub["items"] == {"$ref": REF + item},
          f"T8 (d) {comp_name}.{prop}: [array, null], items stay {{$ref {item}}} (non-null)")

# README: the T8 field list must be exactly the one derived from the sources here
readme = (SCHEMAS / "README.md").read_text()
m = re.search(r"^- \*\*T8,.*?(?=^- \*\*T\d|^#)", readme, re.S | re.M)
listed = {}  # one bullet per component: "    - `Name` (n): `a`, `b`, ..." (continuation lines indented further)
for row in re.finditer(r"^    - `(\w+)` \((\d+)\): (.*?)(?=^    -|^  -|\Z)", m.group(0) if m else "", re.S | re.M):
    if row.group(1) in T8_COMPONENTS:
        listed[row.group(1)] = (int(row.group(2)), re.findall(r"`([\w.]+)`", row.group(3)))
check(m is not None and listed == {n: (len(v), v) for n, v in T8_EXPECTED.items()},
      f"README T8 lists every field made nullable, per component, in source order "
      f"({sum(len(v) for v in T8_EXPECTED.values())} fields) {sorted(set(T8_EXPECTED) ^ set(listed))}")

# T4 / T5: the reconstructed create-vendor-refund body, field by field against the brief/FACTS
cv = TC["CreateVendorRefundRequest"]
P = cv["properties"]
check(cv["required"] == ["vendor_id", "total_refunded_amount_cents", "currency"], "T4 required fields")
check(set(P) == {"vendor_id", "total_refunded_amount_cents", "external_id", "reference_number", "refund_type",
                 "currency", "refund_date", "description", "memo", "reason", "metadata", "allocations", "payments"},
      "T4 property set (no `document`)")
check(P["vendor_id"] == {**P["vendor_id"], "type": "string", "format": "uuid"}, "T4 vendor_id uuid")
check(P["total_refunded_amount_cents"]["type"] == "integer" and P["total_refunded_amount_cents"]["minimum"] == 1,
      "T4 total_refunded_amount_cents integer >= 1")
check(P["currency"]["enum"] == ["EUR", "GBP", "USD", "SEK", "NOK", "DKK", "ISK", "MYR", "SGD"], "T4 currency 9 values")
check((P["external_id"]["minLength"], P["external_id"]["maxLength"]) == (1, 255)
      and (P["reference_number"]["minLength"], P["reference_number"]["maxLength"]) == (1, 100)
      and P["reason"]["maxLength"] == 500, "T4 string bounds")
check(P["refund_type"]["enum"] == VEND["VendorRefund"]["properties"]["refund_type"]["enum"]
      and "service_cancellation" in P["refund_type"]["enum"] and len(P["refund_type"]["enum"]) == 7,
      "T5 refund_type = the 7-value VendorRefund enum")
check(P["refund_date"]["format"] == "date" and P["metadata"] == {"description": P["metadata"]["description"]},
      "T4 refund_date date; metadata unconstrained")
A = P["allocations"]["items"]
check(A["required"] == ["allocation_type", "amount_cents"] and A["properties"]["allocation_type"]["enum"] ==
      ["bill", "payment", "credit"] and A["properties"]["amount_cents"]["minimum"] == 1
      and A["properties"]["bill_id"]["format"] == "uuid" and A["properties"]["bill_payment_id"]["format"] == "uuid"
      and A["properties"]["description"]["maxLength"] == 500 and "type" not in A["properties"]["metadata"],
      "T4 allocations item")
Y = P["payments"]["items"]
check(Y["required"] == ["refunded_amount_cents"] and Y["properties"]["refunded_amount_cents"]["minimum"] == 1
      and Y["properties"]["payment_reference"]["maxLength"] == 100
      and Y["properties"]["processing_fee_cents"]["minimum"] == 0
      and Y["properties"]["payment_method"]["enum"] == ["bank_transfer", "ach", "wire", "check", "credit_card", "cash",
                                                        "other"]
      and Y["properties"]["processor"]["enum"] == ["stripe", "wise", "paypal", "bank_transfer", "internal"]
      and Y["properties"]["payment_date"]["format"] == "date", "T4 payments item")
for name in TC:  # source objects are open -> ours stay open
    check(all(n.get("additionalProperties") in (None, True) for _, n in walk(TC[name]) if isinstance(n, dict)),
          f"{name}: open (no additionalProperties: false anywhere)")

# ---------------------------------------------------------------------------------------------------------------------
section("5. instances (Registry by $id, Draft202012Validator, FormatChecker)")
FC = FormatChecker()
for fmt in ("date-time", "date", "uuid"):
    check(fmt in FC.checkers, f"python FormatChecker asserts {fmt!r}")
if "uri" not in FC.checkers:
    print("  note: python FormatChecker cannot assert 'uri' here (needs rfc3987); the Rust validator does")


def no_retrieval(uri: str):
    raise NoSuchResource(ref=uri)  # nothing is ever fetched from network or disk


REGISTRY = Registry(retrieve=no_retrieval).with_resources([
    (APIDECK_ID, Resource.from_contents(APIDECK)),
    (THREDFI_ID, Resource.from_contents(THREDFI)),
])


def validator(doc_id: str, component: str, formats: bool = True) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{doc_id}#/components/schemas/{component}"}, registry=REGISTRY,
                                format_checker=FC if formats else None)


def expect(doc_id: str, component: str, instance, valid: bool, what: str, formats: bool = True) -> None:
    errors = list(validator(doc_id, component, formats).iter_errors(instance))
    detail = "" if (not errors) == valid else f" -> {[e.message for e in errors][:3] or 'no error'}"
    check((not errors) == valid, f"{component}: {what} {'passes' if valid else 'fails'}{detail}")


def with_(base: dict, **changes) -> dict:
    out = copy.deepcopy(base)
    for k, v in changes.items():
        if v is DELETE:
            out.pop(k, None)
        else:
            out[k] = v
    return out


DELETE = object()

# --- Apideck --------------------------------------------------------------------------------------------------------
FULL_LINE = {
    "id": "12345", "row_id": "1", "code": "120-C", "line_number": 1, "description": "Returned widget",
    "type": "sales_item", "tax_amount": 2.1, "total_amount": 12.1, "quantity": 1, "unit_price": 10.0,
    "unit_of_measure": "pc.", "discount_percentage": 0, "discount_amount": 0, "service_date": "2024-01-15",
    "category_id": "12", "location_id": "L1", "department_id": "D1", "subsidiary_id": "S1", "shipping_id": None,
    "memo": "line memo", "prepaid": False, "item": {"id": "12344", "code": "120-C", "name": "Widget"},
    "tax_applicable_on": None, "tax_recoverability": None, "tax_method": None,
    "worktags": [{"id": "W1", "value": "New York"}, None],
    "tax_rate": {"id": "T1", "code": "N-T", "name": "GST", "rate": 21},
    "tracking_categories": [{"id": "TC1", "code": "100", "name": "NY", "parent_id": "P1", "parent_name": "US"}, None],
    "ledger_account": {"id": "400", "name": "Sales", "nominal_code": "N091", "code": "453", "parent_id": None,
                       "display_id": "400"},
    "custom_fields": [{"id": "cf1", "value": "x"}], "row_version": "1-1", "updated_by": "u", "created_by": "u",
    "created_at": "2024-01-15T10:00:00Z", "updated_at": "2024-01-16T10:00:00.000Z",
}
ADDRESS = {k: None for k in AC["Address"]["properties"]}
ADDRESS.update({"type": "billing", "line1": "Main street", "city": "San Francisco", "country": "US"})
FULL_REFUND = {
    "id": "123456", "number": "RF-00001",
    "customer": {"id": "12345", "display_id": "CUST00101", "display_name": "Windsurf Shop", "name": "Windsurf Shop",
                 "company_name": "The boring company", "email": "boring@boring.com"},
    "company_id": "12345", "currency": "EUR", "currency_rate": 1.0, "tax_inclusive": True, "sub_total": 10.0,
    "total_amount": 12.1, "total_tax": 2.1, "refund_date": "2021-05-01T12:00:00.000Z", "status": "paid",
    "type": "refund_receipt", "payment_method": "cash", "payment_method_reference": "123456",
    "payment_method_id": "PM1", "account": {"id": "123456", "name": "Bank account"},
    "line_items": [FULL_LINE],
    "allocations": [{"id": "INV1", "type": "invoice", "code": "N091", "amount": None, "allocation_id": "A1"}, {}],
    "tax_code": "1234", "discount_percentage": 5.5, "discount_amount": 25, "note": "Refund for returned items",
    "customer_memo": "Thanks", "reference": "REF-123456", "billing_address": ADDRESS,
    "shipping_address": {"type": None, "string": "25 Spring Street"},
    "department": {"id": "D1", "display_id": "D-1", "name": "Sales", "downstream_id": "x"},
    "location": {"id": "L1", "display_id": None, "name": "New York Office", "downstream_id": None},
    "tracking_categories": [{"id": "TC1", "name": "NY"}],
    "custom_mappings": {"anything": [1, 2]},
    "custom_fields": [{"id": "cf1", "name": "level", "description": None, "value": None},
                      {"name": "tags", "value": ["a", 1, True, {"k": "v"}, None]},
                      {"id": "cf3", "value": {"foo": "bar"}}],
    "row_version": "1-12345", "updated_by": "12345", "created_by": "12345",
    "updated_at": "2020-09-30T07:43:32.000Z", "created_at": "2020-09-30T07:43:32.000Z",
    "pass_through": [{"service_id": "quickbooks", "operation_id": "op", "extend_object": {"a": 1},
                      "extend_paths": [{"path": "$.nested.property", "value": {"x": 1}}]}],
}
check(set(FULL_REFUND) == set(AC["Refund"]["properties"]), "full example record covers every Refund property")
check(set(FULL_LINE) == set(AC["InvoiceLineItem"]["properties"]), "full line item covers every InvoiceLineItem property")

A_ = APIDECK_ID
expect(A_, "Refund", FULL_REFUND, True, "full example record")
expect(A_, "RefundInput", FULL_REFUND, True, "full example record")
MIN_NULLS = {"id": "r1", "total_amount": None, "number": None, "customer": None, "currency": None}
expect(A_, "Refund", MIN_NULLS, True, "{id, total_amount:null, number:null, customer:null, currency:null}")
expect(A_, "Refund", with_(FULL_REFUND, total_amount="10.00"), False, 'total_amount "10.00"')
expect(A_, "Refund", with_(FULL_REFUND, foo=1), False, "extra top-level key")
expect(A_, "Refund", with_(FULL_REFUND, refund_date="2021-05-01"), False, 'refund_date "2021-05-01" (formats on)')
expect(A_, "Refund", with_(FULL_REFUND, refund_date="2021-05-01"), True,
       'refund_date "2021-05-01" with formats NOT asserted (why formats must be on)', formats=False)
expect(A_, "Refund", with_(FULL_REFUND, status=None), False, "status null")
expect(A_, "Refund", with_(FULL_REFUND, type=None), False, "type null")
expect(A_, "Refund", with_(FULL_REFUND, status="refunded"), False, "status outside enum")
expect(A_, "Refund", with_(MIN_NULLS, custom_fields=[{"id": "c", "value": None}]), True, "CustomField value null")
expect(A_, "Refund", with_(MIN_NULLS, custom_fields=[{"value": "x"}]), False, "CustomField with neither id nor name")
expect(A_, "Refund", with_(MIN_NULLS, custom_fields=[{"name": None, "value": 1}]), True,
       "CustomField with name: null (anyOf only needs the key present)")
expect(A_, "Refund", with_(MIN_NULLS, custom_fields=[{"id": "c", "foo": 1}]), False, "CustomField extra key")
no_id = with_(FULL_REFUND, id=DELETE)
expect(A_, "RefundInput", no_id, True, "record without id")
expect(A_, "Refund", no_id, False, "record without id")
expect(A_, "RefundInput", {"currency": "EUR"}, False, "input without total_amount")
expect(A_, "RefundInput", {"total_amount": 1, "foo": 1}, False, "input with an extra key")
expect(A_, "Refund", with_(MIN_NULLS, currency="usd"), False, "currency lower-case")
expect(A_, "Refund", with_(MIN_NULLS, currency="XXX"), True, "currency XXX")
expect(A_, "Refund", with_(MIN_NULLS, tracking_categories=None), True, "tracking_categories null")
expect(A_, "Refund", with_(MIN_NULLS, line_items=None), False, "line_items null")
expect(A_, "Refund", with_(MIN_NULLS, billing_address=None), False, "billing_address null")
expect(A_, "Refund", with_(MIN_NULLS, customer={"id": None}), False, "customer.id null")
expect(A_, "Refund", with_(MIN_NULLS, customer={"id": "c", "x_extra": 1}), True, "customer open object")
expect(A_, "Refund", with_(MIN_NULLS, allocations=[{"type": "credit_note"}]), False, "allocation type credit_note")
expect(A_, "Refund", with_(MIN_NULLS, allocations=[{"type": None}]), False, "allocation type null")
expect(A_, "Refund", with_(MIN_NULLS, line_items=[{"service_date": "2024-01-15T00:00:00Z"}]), False,
       "line service_date date-time")
expect(A_, "Refund", with_(MIN_NULLS, line_items=[{"line_number": 1.5}]), False, "line_number 1.5")
expect(A_, "Refund", with_(MIN_NULLS, line_items=[{"foo": 1}]), False, "line item extra key")
expect(A_, "Refund", with_(MIN_NULLS, pass_through=[{"operation_id": "x"}]), False, "pass_through w/o service_id")
expect(A_, "Refund", with_(MIN_NULLS, account={"id": "1", "foo": 2}), False, "account extra key")
LIST = {"status_code": 200, "status": "OK", "service": "quickbooks", "resource": "refunds", "operation": "all",
        "data": [FULL_REFUND, MIN_NULLS],
        "meta": {"items_on_page": 2, "cursors": {"previous": None, "current": "em9=", "next": None}, "total_count": 2,
                 "warnings": [{"type": "downstream_request_failed", "status_code": None, "error": None,
                               "operation": "getManager", "message": None}]},
        "links": {"previous": None, "current": "https://unify.apideck.com/accounting/refunds", "next": None},
        "_raw": None}
expect(A_, "GetRefundsResponse", LIST, True, "list envelope")
expect(A_, "GetRefundsResponse", with_(LIST, status_code=DELETE), False, "list envelope without status_code")
expect(A_, "GetRefundsResponse", with_(LIST, data=[no_id]), False, "list envelope with a record lacking id")
expect(A_, "GetRefundsResponse", with_(LIST, meta=with_(LIST["meta"], warnings=None)), True, "meta.warnings null")
expect(A_, "GetRefundsResponse", with_(LIST, links={"current": None}), False, "links.current null")
expect(A_, "GetRefundResponse", with_(LIST, data=FULL_REFUND, operation="one", links=DELETE), True, "one envelope")

# --- Thredfi --------------------------------------------------------------------------------------------------------
T_ = THREDFI_ID
U = ["3c90c3cc-0d44-4b50-8888-8dd25736052a", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
     "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", "6ec0bd7f-11c0-43da-975e-2a8ad9ebae0b",
     "c9bf9e57-1685-4c89-bafb-ff5af830be8a", "e4eaaaf2-d142-11e1-b3e4-080027620cdd"]
RECON = {"payment_type": "refund_payment", "bank_transaction_id": U[0], "bank_transaction_date": "2026-02-13T00:00:00Z",
         "bank_transaction_amount_cents": -20000, "bank_transaction_direction": "DEBIT", "reconciled_amount_cents": 20000,
         "reconciliation_link_id": U[1], "reconciled_at": "2026-02-14T09:00:00Z", "currency": "EUR",
         "bank_account_name": "Main", "notes": "auto"}
DOCUMENT = {"url": "https://files.thredfi.com/doc.pdf?sig=1", "expires_in": 3600, "document_id": U[2],
            "file_name": "refund.pdf", "file_size": 1024, "mime_type": "application/pdf"}
CUST_REFUND = {
    "id": U[0], "external_id": "rf-2026-001", "refunded_amount": 20000, "status": "paid",
    "completed_at": "2026-02-13T10:58:03.887570Z", "is_dedicated": True, "memo": "Customer request",
    "reference_number": "RF-1", "metadata": {"source": "shop"}, "customer_id": U[1], "customer_name": "Acme Ltd",
    "allocations": [{"id": U[2], "allocation_type": "invoice", "amount": 20000, "invoice_id": U[3],
                     "invoice_number": "INV-1", "invoice_outstanding_balance_cents": 0, "target_description": "INV-1",
                     "description": "full", "allocation_date": "2026-02-13T10:58:03Z"}],
    "refund_payments": [{"id": U[4], "refund_id": U[0], "external_id": "rp-1", "refunded_amount": 20000,
                         "refund_processing_fee": 30, "completed_at": None, "method": "ACH", "processor": "STRIPE",
                         "transaction_tags": ["a"], "memo": "m", "metadata": None,
                         "reconciled_bank_transactions": [RECON], "created_at": "2026-02-13T10:58:03Z",
                         "updated_at": "2026-02-13T10:58:03Z"}],
    "document": DOCUMENT, "currency": "EUR", "created_at": "2026-02-13T10:58:03Z", "updated_at": "2026-02-13T10:58:03Z",
}
expect(T_, "Refund", CUST_REFUND, True, "realistic customer refund")
expect(T_, "Refund", with_(CUST_REFUND, document=None), True, "document null (T1)")
expect(T_, "Refund", with_(CUST_REFUND, document=DELETE), False, "document key missing (still required)")
expect(T_, "Refund", with_(CUST_REFUND, document={"url": "https://x"}), False, "incomplete document")
expect(T_, "Refund", with_(CUST_REFUND, id="not-a-uuid"), False, "non-uuid id")
expect(T_, "Refund", with_(CUST_REFUND, created_at="2026-02-13"), False, "date-only created_at")
expect(T_, "Refund", with_(CUST_REFUND, completed_at=None), True, "completed_at null")
expect(T_, "Refund", with_(CUST_REFUND, status=None), True, "status null (T8)")
expect(T_, "Refund", with_(CUST_REFUND, currency="JPY"), False, "currency outside the 9")
expect(T_, "Refund", with_(CUST_REFUND, refunded_amount=200.5), False, "non-integer refunded_amount")
expect(T_, "Refund", with_(CUST_REFUND, metadata=None), True, "metadata null (untyped)")
expect(T_, "Refund", with_(CUST_REFUND, extra_field=1), True, "unknown key (objects are open)")
expect(T_, "Refund", with_(CUST_REFUND, reference_number="x" * 101), False, "reference_number > 100")
bad_alloc = with_(CUST_REFUND, allocations=[with_(CUST_REFUND["allocations"][0], invoice_id="INV-1")])
expect(T_, "Refund", bad_alloc, False, "allocation invoice_id not a uuid")
bad_recon = with_(CUST_REFUND, refund_payments=[with_(CUST_REFUND["refund_payments"][0],
                                                      reconciled_bank_transactions=[with_(RECON, reconciled_at="2026-02-14")])])
expect(T_, "Refund", bad_recon, False, "reconciled_at date-only")
expect(T_, "PaginatedRefundList", {"count": 1, "page_info": {"total_count": 1, "current_page": 1, "total_pages": 1,
                                                             "page_size": 20}, "results": [CUST_REFUND]}, True,
       "customer page (T3)")
expect(T_, "PaginatedRefundList", {"count": 0, "results": []}, False, "page without page_info")

VEND_REFUND = {
    "id": U[0], "vendor_id": U[1], "vendor_name": "Supplies Ltd", "external_id": "vr-1", "refund_type": "overpayment",
    "reference_number": "REF-12345", "refund_date": "2026-02-13", "expected_completion_date": None,
    "total_refunded_amount": 100000, "allocated_amount": 60000, "unallocated_amount": 40000, "currency": "GBP",
    "status": "partially_allocated", "description": "Refund of overpayment", "memo": "m", "reason": "r",
    "metadata": {"k": 1},
    "allocations": [{"id": U[2], "allocation_type": "bill", "amount": 60000, "bill_id": U[3], "bill_number": "B-1",
                     "bill_outstanding_balance_cents": 0, "bill_payment_id": U[4],
                     "allocation_date": "2026-02-13T10:00:00Z", "description": "d", "metadata": None,
                     "created_at": "2026-02-13T10:00:00Z", "updated_at": "2026-02-13T10:00:00Z",
                     "target_description": "Bill B-1"}],
    "vendor_refund_payments": [{"id": U[5], "vendor_refund_id": U[0], "payment_reference": "PR-1",
                                "processor_payment_id": "tr_1", "payment_date": "2026-02-13",
                                "refunded_amount": 100000, "processing_fee": 0, "net_amount": 100000,
                                "payment_method": "bank_transfer", "processor": "wise", "status": "completed",
                                "submitted_at": None, "completed_at": "2026-02-13T12:00:00Z", "failed_at": None,
                                "failure_reason": "", "description": "d", "memo": "m", "metadata": {},
                                "transaction_tags": None, "reconciled_bank_transactions": [RECON],
                                "created_at": "2026-02-13T10:00:00Z", "updated_at": "2026-02-13T10:00:00Z"}],
    "document": None, "created_at": "2026-02-13T10:00:00Z", "updated_at": "2026-02-13T10:00:00Z",
}
expect(T_, "VendorRefund", VEND_REFUND, True, "realistic vendor refund (document null)")
expect(T_, "VendorRefund", with_(VEND_REFUND, document=DOCUMENT), True, "vendor refund with document")
expect(T_, "VendorRefund", with_(VEND_REFUND, refund_date="2026-02-13T00:00:00Z"), False, "refund_date date-time")
expect(T_, "VendorRefund", with_(VEND_REFUND, vendor_id="vendor-1"), False, "non-uuid vendor_id")
expect(T_, "VendorRefund", with_(VEND_REFUND, status="paid"), False, "status outside enum")
expect(T_, "VendorRefund", with_(VEND_REFUND, document=DELETE), False, "document key missing")
expect(T_, "VendorRefund", with_(VEND_REFUND, refund_type="service_cancellation"), True, "service_cancellation")
expect(T_, "PaginatedVendorRefundList", {"count": 1, "page_info": {"total_count": 1, "current_page": 1,
                                                                   "total_pages": 1, "page_size": 20},
                                         "results": [VEND_REFUND]}, True, "vendor page")
expect(T_, "PaginatedVendorRefundList", {"count": 1, "page_info": {"total_count": 1}, "results": []}, False,
       "vendor page with incomplete page_info")

SIMPLE = {"invoice_id": U[3], "method": "BANK_TRANSFER", "completed_at": "2026-02-13T10:58:03Z",
          "amount_cents": 5000, "external_id": "rf-2026-001", "memo": "partial", "reference_number": "R-1",
          "processor": "STRIPE", "refund_processing_fee_cents": 0}
expect(T_, "CreateSimpleRefundRequest", SIMPLE, True, "create simple refund")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, amount_cents=DELETE), True, "full refund (no amount_cents)")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, external_id=DELETE), False, "without external_id")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, amount_cents=0), False, "amount_cents 0")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, method="bank_transfer"), False, "method lower-case")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, completed_at="2026-02-13"), False, "completed_at date-only")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, memo=""), False, "empty memo (minLength 1)")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, refund_processing_fee_cents=-1), False, "negative fee")

for label, body in {
    "overpayment scenario": {"vendor_id": U[1], "total_refunded_amount_cents": 15000, "currency": "GBP",
                             "refund_type": "overpayment", "description": "Refund of overpayment"},
    "billing error scenario": {"vendor_id": U[1], "total_refunded_amount_cents": 50000, "currency": "GBP",
                               "refund_type": "billing_error", "reference_number": "REF-12345",
                               "allocations": [{"allocation_type": "bill", "bill_id": U[3], "amount_cents": 50000}]},
    "complete refund with payment scenario": {
        "vendor_id": U[1], "total_refunded_amount_cents": 100000, "currency": "GBP", "external_id": "my-refund-123",
        "refund_date": "2026-02-13", "metadata": {"k": "v"},
        "allocations": [{"allocation_type": "bill", "bill_id": U[3], "amount_cents": 100000}],
        "payments": [{"refunded_amount_cents": 100000, "payment_method": "bank_transfer", "processor": "wise",
                      "payment_date": "2026-02-13", "processing_fee_cents": 0}]},
}.items():
    expect(T_, "CreateVendorRefundRequest", body, True, label)
CVR = {"vendor_id": U[1], "total_refunded_amount_cents": 15000, "currency": "GBP"}
expect(T_, "CreateVendorRefundRequest", with_(CVR, refund_type="service_cancellation"), True, "service_cancellation")
expect(T_, "CreateVendorRefundRequest", with_(CVR, currency=DELETE), False, "without currency")
expect(T_, "CreateVendorRefundRequest", with_(CVR, currency="JPY"), False, "currency outside the 9")
expect(T_, "CreateVendorRefundRequest", with_(CVR, vendor_id="uuid"), False, 'vendor_id "uuid"')
expect(T_, "CreateVendorRefundRequest", with_(CVR, total_refunded_amount_cents=0), False, "total 0")
expect(T_, "CreateVendorRefundRequest", with_(CVR, refund_date="2026-02-13T00:00:00Z"), False, "refund_date date-time")
expect(T_, "CreateVendorRefundRequest", with_(CVR, allocations=[{"allocation_type": "bill", "amount_cents": 0}]),
       False, "allocation amount_cents 0")
expect(T_, "CreateVendorRefundRequest", with_(CVR, allocations=[{"amount_cents": 5}]), False,
       "allocation without allocation_type")
expect(T_, "CreateVendorRefundRequest", with_(CVR, payments=[{"payment_method": "wire"}]), False,
       "payment without refunded_amount_cents")
expect(T_, "CreateVendorRefundRequest", with_(CVR, payments=[{"refunded_amount_cents": 1, "processor": "adyen"}]),
       False, "payment processor outside enum")


# --- T8: null, property by property (each property's own subschema, addressed by JSON pointer through the registry)
def accepts(pointer: str, instance) -> bool:
    return not list(Draft202012Validator({"$ref": f"{T_}#{pointer}"}, registry=REGISTRY,
                                         format_checker=FC).iter_errors(instance))


def property_pointers(comp_name: str):
    """(dotted name, pointer) of every property of a component, page_info's own properties included."""
    base = f"/components/schemas/{comp_name}"
    for prop, sub in TC[comp_name]["properties"].items():
        yield prop, f"{base}/properties/{prop}"
        if prop in T8_NESTED:
            for inner in sub["properties"]:
                yield f"{prop}.{inner}", f"{base}/properties/{prop}/properties/{inner}"


null_ok, null_bad = [], []
for comp_name in T8_COMPONENTS:
    for prop, pointer in property_pointers(comp_name):
        if (comp_name, prop) in T8_NON_NULL:
            continue
        (null_ok if accepts(pointer, None) else null_bad).append(f"{comp_name}.{prop}")
check(not null_bad and len(null_ok) == 126,
      f"T8 (a) all {len(null_ok)} properties of the 10 response components but the 2 record ids accept null {null_bad}")
for comp_name in ("Refund", "VendorRefund"):
    check(not accepts(f"/components/schemas/{comp_name}/properties/id", None), f"T8 (b) {comp_name}.id rejects null")
for comp_name, prop, _ in ARRAYS:
    pointer = f"/components/schemas/{comp_name}/properties/{prop}"
    check(accepts(pointer, None) and accepts(pointer, []) and not accepts(pointer, [None])
          and not accepts(pointer + "/items", None), f"T8 (d) {comp_name}.{prop}: null ok, [] ok, [null] fails")


def request_pointers(node: dict, pointer: str, name: str = ""):
    """(dotted name, pointer, source-or-reconstruction schema node) for every property, items' properties too."""
    for prop, sub in node.get("properties", {}).items():
        here = f"{name}{prop}"
        yield here, f"{pointer}/properties/{prop}", sub
        if "items" in sub:
            yield f"{here}[]", f"{pointer}/properties/{prop}/items", sub["items"]
            yield from request_pointers(sub["items"], f"{pointer}/properties/{prop}/items", f"{here}[].")


def oas_accepts_null(sub: dict) -> bool:  # OpenAPI 3.0 reading of the source: nullable, or untyped
    return bool(sub.get("nullable")) or not ({"type", "$ref", "allOf", "anyOf", "oneOf"} & set(sub))


simple_source = copy.deepcopy(strip_x(CUST["CreateSimpleRefundRequest"]))
del simple_source["properties"]["document"]  # T2
before = {"CreateSimpleRefundRequest": {n for n, _, sub in request_pointers(simple_source, "") if oas_accepts_null(sub)},
          # T4 is ours: nothing in it is nullable, only the three untyped `metadata` (R7) accept null
          "CreateVendorRefundRequest": {"metadata", "allocations[].metadata", "payments[].metadata"}}
for comp_name, expected in before.items():
    base = f"/components/schemas/{comp_name}"
    now = {n for n, pointer, _ in request_pointers(TC[comp_name], base) if accepts(pointer, None)}
    count = len(list(request_pointers(TC[comp_name], base)))
    check(now == expected and not accepts(base, None),
          f"T8 (c) {comp_name}: null accepted at exactly {sorted(expected)} of {count} properties/items, as before "
          f"(extra {sorted(now - expected)}, missing {sorted(expected - now)})")

# --- T8: instances
ALL_NULL_REFUND = {k: None for k in TC["Refund"]["properties"]}
ALL_NULL_REFUND["id"] = U[0]
expect(T_, "Refund", ALL_NULL_REFUND, True, "every key present, all null except id (T8)")
expect(T_, "Refund", with_(ALL_NULL_REFUND, id=None), False, "id null (T8 exception)")
expect(T_, "Refund", with_(ALL_NULL_REFUND, customer_name=DELETE), False, "required key missing (T8 keeps required)")
ALL_NULL_VEND = {k: None for k in TC["VendorRefund"]["properties"]}
ALL_NULL_VEND["id"] = U[0]
expect(T_, "VendorRefund", ALL_NULL_VEND, True, "every key present, all null except id (T8)")
expect(T_, "VendorRefund", with_(VEND_REFUND, id=None), False, "id null (T8 exception)")
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=None), True, "allocations null (T8)")
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[None]), False, "allocations [null] (items stay non-null)")
expect(T_, "Refund", with_(CUST_REFUND, refund_payments=[None]), False, "refund_payments [null] (items non-null)")

VEND_BILL = VEND_REFUND["allocations"][0]
VEND_CREDIT = with_(VEND_BILL, id=U[5], allocation_type="credit", amount=40000, bill_id=None, bill_number=None,
                    bill_outstanding_balance_cents=None, bill_payment_id=None, description="Credit for future purchases",
                    target_description=None)
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[VEND_BILL, VEND_CREDIT]), True,
       "vendor credit allocation with bill_id/bill_number/bill_outstanding_balance_cents/bill_payment_id null (T8)")
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[with_(VEND_BILL, bill_payment_id=None)]), True,
       "vendor bill allocation with bill_payment_id null (T8)")
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[with_(VEND_CREDIT, bill_id=DELETE)]), False,
       "vendor credit allocation without the bill_id key (still required)")
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[with_(VEND_CREDIT, bill_id="")]), False,
       'vendor credit allocation with bill_id "" (uuid format still applies)')
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[with_(VEND_CREDIT, bill_outstanding_balance_cents="0")]),
       False, 'vendor credit allocation with bill_outstanding_balance_cents "0" (still an integer)')
expect(T_, "VendorRefund", with_(VEND_REFUND, allocations=[with_(VEND_CREDIT, allocation_type="refund")]), False,
       "vendor allocation_type outside the enum")

CUST_INVOICE = CUST_REFUND["allocations"][0]
CUST_PAYMENT = with_(CUST_INVOICE, id=U[5], allocation_type="payment", invoice_id=None, invoice_number=None,
                     invoice_outstanding_balance_cents=None, target_description=None, description=None)
expect(T_, "Refund", with_(CUST_REFUND, allocations=[CUST_PAYMENT]), True,
       "customer payment allocation with invoice_id/invoice_number/invoice_outstanding_balance_cents null (T8)")
expect(T_, "Refund", with_(CUST_REFUND, allocations=[with_(CUST_PAYMENT, allocation_type="credit")]), True,
       "customer credit allocation with null invoice fields (T8)")
expect(T_, "Refund", with_(CUST_REFUND, allocations=[with_(CUST_PAYMENT, invoice_id=DELETE)]), False,
       "customer payment allocation without the invoice_id key (still required)")
expect(T_, "Refund", with_(CUST_REFUND, allocations=[with_(CUST_PAYMENT, invoice_id="INV-1")]), False,
       "customer payment allocation with a non-uuid invoice_id")
expect(T_, "Refund", with_(CUST_REFUND, allocations=[with_(CUST_PAYMENT, invoice_outstanding_balance_cents=1.5)]),
       False, "customer allocation with a non-integer invoice_outstanding_balance_cents")
expect(T_, "Refund", with_(CUST_REFUND, memo="", reference_number="", external_id=""), True,
       'empty optional text "" (DRF blank=True)')
expect(T_, "Refund", with_(CUST_REFUND, refund_payments=[with_(CUST_REFUND["refund_payments"][0], processor=None,
                                                               memo=None, external_id=None)]), True,
       "refund payment processor/memo/external_id null (T8)")
expect(T_, "Refund", with_(CUST_REFUND, document=with_(DOCUMENT, url=None, expires_in=None)), True,
       "document with url/expires_in null (T8)")
expect(T_, "Refund", with_(CUST_REFUND, document=with_(DOCUMENT, url=DELETE)), False,
       "document without the url key (still required)")
expect(T_, "PaginatedVendorRefundList", {"count": None, "page_info": {"total_count": None, "current_page": 1,
                                                                      "total_pages": None, "page_size": 20},
                                         "results": [VEND_REFUND]}, True, "page with null count/page_info values (T8)")
expect(T_, "PaginatedRefundList", {"count": 1, "page_info": {"total_count": 1, "current_page": 1, "total_pages": 1,
                                                             "page_size": 20}, "results": [None]}, False,
       "customer page with a null result (items stay non-null)")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, memo=None), False, "memo null (requests untouched by T8)")
expect(T_, "CreateSimpleRefundRequest", with_(SIMPLE, processor=None), False, "processor null")
expect(T_, "CreateVendorRefundRequest", with_(CVR, external_id=None), False, "external_id null (untouched by T8)")
expect(T_, "CreateVendorRefundRequest", with_(CVR, allocations=[{"allocation_type": "credit", "amount_cents": 1,
                                                                 "bill_id": None}]), False, "allocation bill_id null")

# ---------------------------------------------------------------------------------------------------------------------
print(f"\n{PASSED} checks passed, {len(FAILURES)} failed")
sys.exit(1 if FAILURES else 0)
