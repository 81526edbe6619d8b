"""Issue 14, part 3: the CLI's end-to-end job (Thredfi NDJSON -> unified Refund NDJSON) written by
hand in Python, as a user would: `json` with `Decimal` for money, a hand-written mapping,
fastjsonschema against the schema `unified-accounting schema apideck-refund` prints.

    python peer.py SCHEMA.json INPUT.ndjson [--business-id UUID] [--check N CLI_OUTPUT.ndjson]

Writes one result line per record to standard output, shaped like the CLI's envelope
(`{"index":0,"line":1,"ok":true,"output":{...}}`, or `"ok":false` with an `error`), without the
CLI's `warnings`. With --check N, maps the first N records and compares each output with the
CLI's `output` field, both parsed with every number as a `Decimal` kept with its exact text.
Not part of CI (benches/compare/peers.sh).
"""

import json
import re
import sys
from decimal import Decimal

import fastjsonschema

# ---- exact numbers ----------------------------------------------------------------------------
# `json` cannot write a Decimal, and a float would write 184.5 for 184.50. Decimals are handed to
# the encoder as marked strings ("\x00" + their text) and the marks are taken off the JSON text.
MARK = "\x00"
UNMARK = re.compile(r'"\\u0000(-?[0-9][0-9.eE+-]*)"')
CENT = Decimal("0.01")


def mark(value):
    if isinstance(value, Decimal):
        return MARK + str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(value):
    """JSON text with every Decimal written as its own digits (`184.50`, metadata `1.0`)."""
    return UNMARK.sub(r"\1", json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                                        default=mark))


def loads(text):
    """Parses JSON keeping every number's text: floats as Decimal (ints are exact already)."""
    return json.loads(text, parse_float=Decimal)


def money(cents):
    """Cents -> an exact Decimal with two places (`2450` -> `24.50`), null stays null."""
    if cents is None:
        return None
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise ValueError(f"not an integer amount of cents: {cents!r}")
    return (Decimal(cents) / 100).quantize(CENT)


# ---- the mapping (README, "Mapping tables") ---------------------------------------------------
THREDFI_CURRENCIES = {"EUR", "GBP", "USD", "SEK", "NOK", "DKK", "ISK", "MYR", "SGD"}
CUSTOMER_STATUS = {
    "pending": "authorised", "processing": "authorised", "paid": "paid",
    "failed": "voided", "cancelled": "voided",
}
VENDOR_STATUS = {
    "pending": "authorised", "partially_allocated": "authorised", "allocated": "posted",
    "completed": "paid", "cancelled": "voided",
}
CUSTOMER_ALLOCATION_TYPE = {
    "invoice": "invoice", "line_item": "invoice", "credit": "credit_memo", "payment": "other",
}
CUSTOMER_KEYS = {
    "id", "external_id", "refunded_amount", "status", "completed_at", "is_dedicated", "memo",
    "reference_number", "metadata", "customer_id", "customer_name", "allocations",
    "refund_payments", "document", "currency", "created_at", "updated_at",
}
CUSTOMER_ALLOCATION_KEYS = {
    "id", "allocation_type", "amount", "invoice_id", "invoice_number",
    "invoice_outstanding_balance_cents", "target_description", "description", "allocation_date",
}
VENDOR_KEYS = {
    "id", "vendor_id", "vendor_name", "external_id", "refund_type", "reference_number",
    "refund_date", "expected_completion_date", "total_refunded_amount", "allocated_amount",
    "unallocated_amount", "currency", "status", "description", "memo", "reason", "metadata",
    "allocations", "vendor_refund_payments", "document", "created_at", "updated_at",
}
VENDOR_ALLOCATION_KEYS = {
    "id", "allocation_type", "amount", "bill_id", "bill_number",
    "bill_outstanding_balance_cents", "bill_payment_id", "allocation_date", "description",
    "metadata", "created_at", "updated_at", "target_description",
}


ABSENT = object()


def copy(to, to_key, record, from_key=None):
    """Copies a key the record has (null stays null, absent stays absent)."""
    from_key = from_key or to_key
    if from_key in record:
        to[to_key] = record[from_key]


def extra_fields(record, known):
    return {key: value for key, value in record.items() if key not in known}


class Mapper:
    def __init__(self, business_id, apideck_currencies):
        self.business_id = business_id
        self.apideck_currencies = apideck_currencies

    def currency(self, record, out, carried):
        """Thredfi's nine pass; another code passes when Apideck knows it, else is carried."""
        if "currency" not in record:
            return
        code = record["currency"]
        if code is None or code in THREDFI_CURRENCIES or code in self.apideck_currencies:
            out["currency"] = code
        else:
            carried["thredfi_currency"] = code

    @staticmethod
    def payment_method(payments, key):
        """The one method of every payment that names one; None (null) when they differ."""
        chosen = None
        for payment in payments or ():
            method = payment.get(key)
            if method is None:
                continue
            if chosen is None:
                chosen = method
            elif method != chosen:
                return None
        return ABSENT if chosen is None else chosen.lower()

    def customer_refund(self, record):
        out = {"id": record["id"]}
        copy(out, "number", record, "reference_number")
        carried = {"thredfi_resource": "customer_refund"}
        copy(carried, "thredfi_status", record, "status")
        customer_id = record.get("customer_id")
        if customer_id is not None:
            out["customer"] = {"id": customer_id, "display_name": record.get("customer_name")}
        if self.business_id is not None:
            out["company_id"] = self.business_id
        self.currency(record, out, carried)
        out["total_amount"] = money(record.get("refunded_amount"))
        copy(out, "refund_date", record, "completed_at")
        status = CUSTOMER_STATUS.get(record.get("status"))
        if status:
            out["status"] = status
        out["type"] = "cash_refund"
        payments = record.get("refund_payments")
        method = self.payment_method(payments, "method")
        if method is not ABSENT:
            out["payment_method"] = method

        if customer_id is None:
            carried["customer_name"] = record.get("customer_name")
        copy(carried, "external_id", record)
        copy(carried, "is_dedicated", record)
        copy(carried, "metadata", record)
        carried["document"] = record.get("document")
        carried["refund_payments"] = payments
        allocations = record.get("allocations")
        if isinstance(allocations, list):
            unified_allocations = out["allocations"] = []
            kept_allocations = carried["allocations"] = []
            for allocation in allocations:
                unified = {}
                if allocation.get("invoice_id") is not None:
                    unified["id"] = allocation["invoice_id"]
                kind = CUSTOMER_ALLOCATION_TYPE.get(allocation.get("allocation_type"))
                if kind:
                    unified["type"] = kind
                if allocation.get("invoice_number") is not None:
                    unified["code"] = allocation["invoice_number"]
                unified["amount"] = money(allocation.get("amount"))
                if allocation.get("id") is not None:
                    unified["allocation_id"] = allocation["id"]
                unified_allocations.append(unified)

                kept = extra_fields(allocation, CUSTOMER_ALLOCATION_KEYS)
                for key in ("id", "amount", "invoice_id", "invoice_number"):
                    if key in allocation and allocation[key] is None:
                        kept[key] = None
                kept["allocation_type"] = allocation.get("allocation_type")
                kept["invoice_outstanding_balance_cents"] = allocation.get(
                    "invoice_outstanding_balance_cents")
                kept["target_description"] = allocation.get("target_description")
                copy(kept, "description", allocation)
                copy(kept, "allocation_date", allocation)
                kept_allocations.append(kept)
        else:
            carried["allocations"] = None
        extra = extra_fields(record, CUSTOMER_KEYS)
        if extra:
            carried["extra_fields"] = extra
        copy(out, "note", record, "memo")
        out["custom_mappings"] = carried
        out["created_at"] = record.get("created_at")
        out["updated_at"] = record.get("updated_at")
        return out

    def vendor_refund(self, record):
        out = {"id": record["id"]}
        copy(out, "number", record, "reference_number")
        carried = {"thredfi_resource": "vendor_refund"}
        copy(carried, "thredfi_status", record, "status")
        if self.business_id is not None:
            out["company_id"] = self.business_id
        self.currency(record, out, carried)
        out["total_amount"] = money(record.get("total_refunded_amount"))
        if "refund_date" in record:
            date = record["refund_date"]
            out["refund_date"] = None if date is None else f"{date}T00:00:00Z"
        status = VENDOR_STATUS.get(record.get("status"))
        if status:
            out["status"] = status
        out["type"] = "cash_refund"
        payments = record.get("vendor_refund_payments")
        method = self.payment_method(payments, "payment_method")
        if method is not ABSENT:
            out["payment_method"] = method

        carried["vendor_id"] = record.get("vendor_id")
        carried["vendor_name"] = record.get("vendor_name")
        for key in ("external_id", "refund_type", "memo", "reason", "metadata",
                    "expected_completion_date"):
            copy(carried, key, record)
        carried["allocated_amount"] = record.get("allocated_amount")
        carried["unallocated_amount"] = record.get("unallocated_amount")
        carried["document"] = record.get("document")
        carried["vendor_refund_payments"] = payments
        allocations = record.get("allocations")
        if isinstance(allocations, list):
            unified_allocations = out["allocations"] = []
            kept_allocations = carried["allocations"] = []
            for allocation in allocations:
                unified = {}
                kind = allocation.get("allocation_type")
                bill = kind == "bill"
                bill_payment = kind == "payment"
                if bill:
                    if allocation.get("bill_id") is not None:
                        unified["id"] = allocation["bill_id"]
                    unified["type"] = "bill"
                    if allocation.get("bill_number") is not None:
                        unified["code"] = allocation["bill_number"]
                elif bill_payment:
                    if allocation.get("bill_payment_id") is not None:
                        unified["id"] = allocation["bill_payment_id"]
                    unified["type"] = "other"
                elif kind == "credit":
                    unified["type"] = "credit_memo"
                unified["amount"] = money(allocation.get("amount"))
                if allocation.get("id") is not None:
                    unified["allocation_id"] = allocation["id"]
                unified_allocations.append(unified)

                kept = extra_fields(allocation, VENDOR_ALLOCATION_KEYS)
                # A target the unified allocation holds carries only its null; others are kept.
                for key, held in (("bill_id", bill), ("bill_number", bill),
                                  ("bill_payment_id", bill_payment)):
                    if not held:
                        kept[key] = allocation.get(key)
                    elif key in allocation and allocation[key] is None:
                        kept[key] = None
                for key in ("id", "amount"):
                    if key in allocation and allocation[key] is None:
                        kept[key] = None
                copy(kept, "allocation_type", allocation)
                kept["bill_outstanding_balance_cents"] = allocation.get(
                    "bill_outstanding_balance_cents")
                kept["target_description"] = allocation.get("target_description")
                copy(kept, "allocation_date", allocation)
                copy(kept, "description", allocation)
                copy(kept, "metadata", allocation)
                kept["created_at"] = allocation.get("created_at")
                kept["updated_at"] = allocation.get("updated_at")
                kept_allocations.append(kept)
        else:
            carried["allocations"] = None
        extra = extra_fields(record, VENDOR_KEYS)
        if extra:
            carried["extra_fields"] = extra
        copy(out, "note", record, "description")
        out["custom_mappings"] = carried
        out["created_at"] = record.get("created_at")
        out["updated_at"] = record.get("updated_at")
        return out


def find_enum(schema, key):
    """Apideck's currency codes, to tell whether a code Thredfi does not list can pass."""

    def resolve(ref):
        node = schema
        for part in ref.lstrip("#/").split("/"):
            node = node[part]
        return node

    def collect(node):
        if not isinstance(node, dict):
            return None
        if isinstance(node.get("enum"), list):
            return [value for value in node["enum"] if value is not None]
        if "$ref" in node:
            return collect(resolve(node["$ref"]))
        for branch_key in ("anyOf", "oneOf", "allOf"):
            for branch in node.get(branch_key, ()):
                found = collect(branch)
                if found:
                    return found
        return None

    def walk(node):
        if isinstance(node, dict):
            prop = node.get("properties", {}).get(key) if isinstance(
                node.get("properties"), dict) else None
            if prop is not None:
                found = collect(prop)
                if found:
                    return found
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return None
        for child in children:
            found = walk(child)
            if found:
                return found
        return None

    return walk(schema) or []


class Peer:
    def __init__(self, schema_path, business_id):
        with open(schema_path, encoding="utf-8") as handle:
            schema = json.load(handle)
        # fastjsonschema implements drafts 4, 6 and 7; the schema only uses keywords those share
        # with 2020-12, so it is compiled as draft 7 (as benches/compare/validate.py does). Its
        # built-in formats cover the schema's `date-time` and `date` (regular expressions, as
        # ajv-formats' fast mode), so no format handler is needed. use_default=False: the schema
        # has no defaults, and the output must not be changed by validation.
        draft7 = dict(schema, **{"$schema": "http://json-schema.org/draft-07/schema#"})
        self.validate = fastjsonschema.compile(draft7, use_default=False)
        self.mapper = Mapper(business_id, set(find_enum(schema, "currency")))

    def process_line(self, line, index):
        head = f'{{"index":{index},"line":{index + 1}'
        try:
            record = loads(line)
            if not isinstance(record, dict):
                raise ValueError("a record is a JSON object")
            if "vendor_id" in record:
                unified = self.mapper.vendor_refund(record)
            elif "customer_id" in record:
                unified = self.mapper.customer_refund(record)
            else:
                raise ValueError("neither customer_id nor vendor_id: not a Thredfi refund")
            self.validate(unified)
        except (ValueError, KeyError, TypeError, AttributeError,
                fastjsonschema.JsonSchemaException) as error:
            # json.JSONDecodeError and fastjsonschema's value errors are ValueErrors too.
            message = json.dumps({"message": str(error)}, ensure_ascii=False)
            return f'{head},"ok":false,"error":{message}}}'
        return f'{head},"ok":true,"output":{dumps(unified)}}}'


def lines_of(path):
    with open(path, encoding="utf-8", buffering=1 << 20) as handle:
        for line in handle:
            yield line.rstrip("\n").rstrip("\r")


def run(peer, input_path):
    out = sys.stdout
    buffer = []
    for index, line in enumerate(lines_of(input_path)):
        if not line:
            continue
        buffer.append(peer.process_line(line, index))
        if len(buffer) >= 1000:
            buffer.append("")
            out.write("\n".join(buffer))
            buffer.clear()
    if buffer:
        buffer.append("")
        out.write("\n".join(buffer))
    out.flush()


def exact(text):
    """JSON with every number kept as its text (so 184.50 is not 184.5, nor 1.0 1)."""
    return json.loads(text, parse_float=lambda t: ("number", t), parse_int=lambda t: ("number", t))


def differences(left, right, path, found):
    if len(found) >= 5:
        return found
    if isinstance(left, dict) and isinstance(right, dict):
        for key in list(left) + [key for key in right if key not in left]:
            if key not in left:
                found.append(f"{path}/{key}: absent in the peer's output")
            elif key not in right:
                found.append(f"{path}/{key}: absent in the CLI's output")
            else:
                differences(left[key], right[key], f"{path}/{key}", found)
    elif isinstance(left, list) and isinstance(right, list) and type(left) is type(right):
        if len(left) != len(right):
            found.append(f"{path}: {len(left)} vs {len(right)} items")
        else:
            for at, (one, other) in enumerate(zip(left, right)):
                differences(one, other, f"{path}/{at}", found)
    elif type(left) is not type(right) or left != right:
        found.append(f"{path or '/'}: peer {left!r} vs CLI {right!r}")
    return found


def check(peer, input_path, cli_path, limit):
    with open(cli_path, encoding="utf-8") as handle:
        cli_lines = [line for line in handle.read().split("\n") if line]
    same = differing = checked = 0
    for index, line in enumerate(lines_of(input_path)):
        if index >= limit or index >= len(cli_lines):
            break
        ours = exact(peer.process_line(line, index))
        theirs = exact(cli_lines[index])
        if ours["index"] != theirs["index"] or ours["line"] != theirs["line"]:
            found = [f"index/line: peer {ours['index']} vs CLI {theirs['index']}"]
        elif ours["ok"] != theirs["ok"]:
            found = [f"ok: peer {ours['ok']} vs CLI {theirs['ok']}", str(ours.get("error"))]
        elif ours["ok"]:
            # Numbers compare as their exact text: ("number", "184.50").
            found = differences(ours["output"], theirs["output"], "", [])
        else:
            found = []
        checked += 1
        if found:
            differing += 1
            if differing <= 5:
                print(f"record {index}:\n  " + "\n  ".join(found), file=sys.stderr)
        else:
            same += 1
    print(json.dumps({"peer": "python", "checked": checked, "same": same,
                      "differing": differing}))
    return 0 if differing == 0 and checked == limit else 1


def main(argv):
    args = list(argv)

    def option(name):
        if name not in args:
            return None
        at = args.index(name)
        value = args[at + 1]
        del args[at:at + 2]
        return value

    business_id = option("--business-id")
    check_count = option("--check")
    if len(args) < 2 or (check_count is not None and len(args) < 3):
        print(__doc__, file=sys.stderr)
        return 2
    peer = Peer(args[0], business_id)
    if check_count is not None:
        return check(peer, args[1], args[2], int(check_count))
    run(peer, args[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
