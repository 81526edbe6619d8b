#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the fixtures and writes fuzz/refunds.dict (every key and enum
# value the schemas name). Run from anywhere; idempotent (the generated seeds are rewritten, any
# other corpus files the fuzzer added are kept). The corpus is git-ignored.
#
# Besides the fixtures themselves, the corpus gets what the Thredfi API really sends (schemas/
# README.md, T8: null in every response field but the record's id, "" in text): for each Thredfi
# record fixture, one variant per field set to null in turn (top level, each allocation, each
# payment), one per text field set to "" in turn, one with every field but the id null, one with
# every field inside the lists and the document null, and one with every text blank; for each
# page fixture, the envelope and page_info fields null in turn; NDJSON files mixing such records
# (under 16 KiB each, ndjson_bulk's -max_len); and, when the CLI is built, the unified refunds the
# null variants map to (to_record's input, with nulls carried in custom_mappings).
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=fixtures
mkdir -p fuzz/corpus/{to_unified,to_thredfi,validate,ndjson_bulk}

# Copies files into a corpus folder, prefixed with their folder's name (names repeat across folders).
put() {
  local target=$1; shift
  for file in "$@"; do
    cp "$file" "fuzz/corpus/$target/$(basename "$(dirname "$file")")_$(basename "$file")"
  done
}
put to_unified "$fixtures"/thredfi/customer_refunds/*.json "$fixtures"/thredfi/vendor_refunds/*.json \
  "$fixtures"/thredfi/pages/*.json \
  "$fixtures"/invalid/thredfi_customer_refund/*.json "$fixtures"/invalid/thredfi_vendor_refund/*.json
put to_thredfi "$fixtures"/apideck/refunds/*.json "$fixtures"/invalid/apideck_refund/*.json
put validate "$fixtures"/thredfi/*/*.json "$fixtures"/apideck/refunds/*.json

python3 - <<'PY'
import hashlib, json, pathlib, re
root = pathlib.Path("fixtures")
corpus = pathlib.Path("fuzz/corpus")
def compact(path):
    try:
        return json.dumps(json.loads(path.read_text()), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return path.read_text().replace("\n", " ")
def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

thredfi = sorted((root / "thredfi" / "customer_refunds").glob("*.json")) + sorted((root / "thredfi" / "vendor_refunds").glob("*.json"))
unified = sorted((root / "apideck" / "refunds").glob("*.json"))
invalid = sorted((root / "invalid").glob("*/*.json"))
out = corpus / "ndjson_bulk"
for name, files in [("thredfi", thredfi), ("unified", unified), ("mixed", thredfi[:3] + invalid[:6] + unified[:3])]:
    (out / f"{name}.ndjson").write_text("\n".join(compact(p) for p in files) + "\n")

# --- Nulls and blanks, as the Thredfi API sends them (T8) --------------------------------------
# Generated seeds are named t8__* and rewritten on every run.
for folder in ("to_unified", "validate", "ndjson_bulk", "to_thredfi"):
    for old in (corpus / folder).glob("t8__*"):
        old.unlink()

LISTS = ("allocations", "refund_payments", "vendor_refund_payments")
FORMATTED = re.compile(r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-|[0-9]{4}-[0-9]{2}-[0-9]{2})")

def pointer(parts):
    return "/" + "/".join(str(part) for part in parts)

def nested_objects(record):
    """(path, object) for each allocation and payment of a record."""
    for key in LISTS:
        for index, item in enumerate(record.get(key) or []):
            if isinstance(item, dict):
                yield (key, index), item

def fields(record):
    """(path, value) of every field that may be null: the record's own (but its id), and those
    of each allocation and payment."""
    for key, value in record.items():
        if key != "id":
            yield (key,), value
    for path, item in nested_objects(record):
        for key, value in item.items():
            yield path + (key,), value

def set_at(record, path, value):
    copy = json.loads(json.dumps(record))
    node = copy
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copy

def all_null(record):
    return {key: (value if key == "id" else None) for key, value in record.items()}

def all_null_inside(record):
    """Lists and the document kept, every field inside them null (what a record of credit
    allocations and unprocessed payments looks like at its worst)."""
    copy = json.loads(json.dumps(record))
    for key in LISTS:
        if isinstance(copy.get(key), list):
            copy[key] = [{k: None for k in item} if isinstance(item, dict) else item for item in copy[key]]
    if isinstance(copy.get("document"), dict):
        copy["document"] = {k: None for k in copy["document"]}
    return copy

def all_blank(record):
    copy = json.loads(json.dumps(record))
    def blank(node, top):
        for key, value in node.items():
            if isinstance(value, str) and not (top and key == "id"):
                node[key] = ""
    blank(copy, True)
    for _, item in nested_objects(copy):
        blank(item, False)
    return copy

def stem(path):
    return f"{path.parent.name}_{path.stem}"

written = {}
def write(folder, name, value):
    text = dump(value)
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    if (folder, digest) in written:
        return
    written[(folder, digest)] = name
    # Names stay short and filesystem-safe: the path as dots, then a digest.
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:120]
    (corpus / folder / f"t8__{safe}__{digest}.json").write_text(text)

variants = []  # (name, record): every record variant, for the NDJSON files and the CLI
for path in thredfi:
    record = json.loads(path.read_text())
    base = stem(path)
    for where, value in fields(record):
        if value is not None:
            variants.append((f"null__{base}__{'.'.join(map(str, where))}", set_at(record, where, None)))
        # "" where the API sends it: text, not identifiers or dates (DRF never blanks those).
        if isinstance(value, str) and value != "" and not FORMATTED.match(value):
            variants.append((f"blank__{base}__{'.'.join(map(str, where))}", set_at(record, where, "")))
    variants.append((f"allnull__{base}", all_null(record)))
    variants.append((f"allnullinside__{base}", all_null_inside(record)))
    variants.append((f"allblank__{base}", all_blank(record)))
for name, record in variants:
    write("to_unified", name, record)
# The validate target gets the whole-record variants only (the per-field ones teach it nothing new).
for name, record in variants:
    if name.startswith(("allnull", "allblank")):
        write("validate", name, record)

# Pages: each envelope field, then each page_info field, null in turn; and all of them.
for path in sorted((root / "thredfi" / "pages").glob("*.json")):
    page = json.loads(path.read_text())
    base = stem(path)
    for key in ("count", "page_info", "results"):
        if page.get(key) is not None:
            write("to_unified", f"pagenull__{base}__{key}", set_at(page, (key,), None))
    if isinstance(page.get("page_info"), dict):
        for key in page["page_info"]:
            write("to_unified", f"pagenull__{base}__page_info.{key}", set_at(page, ("page_info", key), None))
    everything = {"count": None, "page_info": None, "results": None}
    write("to_unified", f"pagenull__{base}__all", everything)
    write("validate", f"pagenull__{base}__all", everything)
    # The page's records, each replaced by its all-null-inside variant.
    if isinstance(page.get("results"), list):
        inside = dict(page, results=[all_null_inside(r) if isinstance(r, dict) else r for r in page["results"]])
        write("to_unified", f"pagenullinside__{base}", inside)

# NDJSON mixing such records (every 8th variant, each fixture's whole-record variants, an
# original now and then, an invalid line), in files under 16 KiB so that ndjson_bulk's
# -max_len=16384 keeps them whole.
originals = [compact(p) for p in thredfi]
broken = [compact(p) for p in invalid[:4]]
lines, size, part = [], 0, 0
def flush():
    global lines, size, part
    if lines:
        (corpus / "ndjson_bulk" / f"t8__mixed_{part:03}.ndjson").write_text("\n".join(lines) + "\n")
        part += 1
    lines, size = [], 0
mixed = [record for index, (name, record) in enumerate(variants)
         if index % 8 == 0 or name.startswith(("allnull", "allblank"))]
for index, record in enumerate(mixed):
    extra = []
    if index % 7 == 0:
        extra.append(originals[(index // 7) % len(originals)])
    if index % 29 == 0:
        extra.append(broken[(index // 29) % len(broken)])
    for line in [dump(record)] + extra:
        length = len(line.encode()) + 1
        if size + length > 16000:
            flush()
        lines.append(line)
        size += length
flush()
(corpus / "ndjson_bulk" / "t8__all_null_records.ndjson").write_text(
    "\n".join(dump(record) for name, record in variants if name.startswith("allnull__")) + "\n")

# For the CLI step below: every null variant, one per line.
pathlib.Path("fuzz/corpus/.t8_variants.ndjson").write_text(
    "\n".join(dump(record) for name, record in variants if not name.startswith("blank")) + "\n")

# --- Dictionary ------------------------------------------------------------------------------
keys, values = set(), set()
def walk(node):
    if isinstance(node, dict):
        for key, child in node.items():
            if key == "properties" and isinstance(child, dict):
                keys.update(child.keys())
            if key == "enum" and isinstance(child, list):
                values.update(v for v in child if isinstance(v, str))
            walk(child)
    elif isinstance(node, list):
        for child in node:
            walk(child)
for schema in pathlib.Path("schemas").rglob("*.schema.json"):
    walk(json.loads(schema.read_text()))
keys.update(["thredfi_resource", "thredfi_status", "thredfi_currency", "extra_fields", "customer_name",
             "customer_refund", "vendor_refund", "service_id", "extend_object", "extend_paths", "thredfi"])
with open("fuzz/refunds.dict", "w") as dict_file:
    for token in sorted(keys):
        dict_file.write(json.dumps(f'"{token}":') + "\n")
    for token in sorted(values):
        dict_file.write(json.dumps(f'"{token}"') + "\n")
    for token in ["-0", "1e400", "9223372036854775807", "-9223372036854775808", "0.01", "null",
                  ":null", "\"\"", ":\"\"", "true", "[]", "{}", "\"2026-03-14T09:21:07Z\"", "\"2026-03-14\"",
                  "\"3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c\""]:
        dict_file.write(json.dumps(token) + "\n")
PY

# Unified refunds carrying custom_mappings, made by the CLI from the Thredfi fixtures and from their
# null variants (to_record's input: nulls carried in custom_mappings, null totals and amounts).
binary=target/debug/unified-accounting
if [ -x "$binary" ]; then
  for file in "$fixtures"/thredfi/customer_refunds/*.json "$fixtures"/thredfi/vendor_refunds/*.json; do
    "$binary" to-unified -q "$file" > "fuzz/corpus/to_thredfi/from_$(basename "$file")" 2>/dev/null || true
  done
  "$binary" to-unified -q fuzz/corpus/.t8_variants.ndjson 2>/dev/null | python3 -c '
import hashlib, json, pathlib, sys
folder = pathlib.Path("fuzz/corpus/to_thredfi")
for line in sys.stdin:
    result = json.loads(line)
    if result.get("ok"):
        text = json.dumps(result["output"], ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        index = result["index"]
        (folder / f"t8__from_null_variant_{index:05}__{digest}.json").write_text(text)
' || true
fi
rm -f fuzz/corpus/.t8_variants.ndjson
echo "corpus: $(find fuzz/corpus -type f | wc -l) files; dictionary: $(wc -l < fuzz/refunds.dict) tokens"
