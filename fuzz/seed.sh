#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the fixtures and writes fuzz/refunds.dict (every key and enum
# value the schemas name). Run from anywhere; idempotent. The corpus is git-ignored.
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
import json, pathlib
root = pathlib.Path("fixtures")
def compact(path):
    try:
        return json.dumps(json.loads(path.read_text()), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return path.read_text().replace("\n", " ")
thredfi = sorted((root / "thredfi" / "customer_refunds").glob("*.json")) + sorted((root / "thredfi" / "vendor_refunds").glob("*.json"))
unified = sorted((root / "apideck" / "refunds").glob("*.json"))
invalid = sorted((root / "invalid").glob("*/*.json"))
out = pathlib.Path("fuzz/corpus/ndjson_bulk")
for name, files in [("thredfi", thredfi), ("unified", unified), ("mixed", thredfi[:3] + invalid[:6] + unified[:3])]:
    (out / f"{name}.ndjson").write_text("\n".join(compact(p) for p in files) + "\n")
# Unified refunds that came from Thredfi (they carry custom_mappings): to_record's input.
import subprocess
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
keys.update(["thredfi_resource", "thredfi_status", "extra_fields", "customer_refund", "vendor_refund",
             "service_id", "extend_object", "extend_paths", "thredfi"])
with open("fuzz/refunds.dict", "w") as dict_file:
    for token in sorted(keys):
        dict_file.write(json.dumps(f'"{token}":') + "\n")
    for token in sorted(values):
        dict_file.write(json.dumps(f'"{token}"') + "\n")
    for token in ["-0", "1e400", "9223372036854775807", "-9223372036854775808", "0.01", "null",
                  "true", "[]", "{}", "\"2026-03-14T09:21:07Z\"", "\"2026-03-14\"",
                  "\"3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c\""]:
        dict_file.write(json.dumps(token) + "\n")
PY

# Unified refunds carrying custom_mappings, made by the CLI from the Thredfi fixtures.
binary=target/debug/unified-accounting
if [ -x "$binary" ]; then
  for file in "$fixtures"/thredfi/customer_refunds/*.json "$fixtures"/thredfi/vendor_refunds/*.json; do
    "$binary" to-unified -q "$file" > "fuzz/corpus/to_thredfi/from_$(basename "$file")" 2>/dev/null || true
  done
fi
echo "corpus: $(find fuzz/corpus -type f | wc -l) files; dictionary: $(wc -l < fuzz/refunds.dict) tokens"
