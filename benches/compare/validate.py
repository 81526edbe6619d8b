"""Python side of compare.sh: jsonschema and fastjsonschema on the same unified documents.

usage: python validate.py SCHEMA.json UNIFIED.ndjson [ROUNDS]  -> one JSON line per validator
"""

import json
import sys
import time
from importlib.metadata import version

import fastjsonschema
import jsonschema


def measure(name, is_valid, lines, documents, rounds):
    best_validate = float("inf")
    valid = 0
    for _ in range(rounds):
        start = time.perf_counter()
        valid = sum(1 for document in documents if is_valid(document))
        best_validate = min(best_validate, time.perf_counter() - start)
    best_pipeline = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for line in lines:
            document = json.loads(line)
            if is_valid(document):
                json.dumps(document, separators=(",", ":"))
        best_pipeline = min(best_pipeline, time.perf_counter() - start)
    print(json.dumps({
        "validator": name,
        "documents": len(documents),
        "valid": valid,
        "validate_per_s": len(documents) / best_validate,
        "parse_validate_write_per_s": len(documents) / best_pipeline,
    }))


def main():
    schema_path, docs_path = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    with open(docs_path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line]
    documents = [json.loads(line) for line in lines]

    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    measure(
        f"jsonschema {version('jsonschema')} (Python {sys.version.split()[0]})",
        validator.is_valid,
        lines,
        documents,
        rounds,
    )

    # fastjsonschema implements drafts 4, 6 and 7; the vendored schema only uses keywords those
    # drafts share with 2020-12 (type, properties, required, additionalProperties, anyOf, $ref,
    # enum, format, ...), so it is compiled as draft 7.
    draft7 = dict(schema, **{"$schema": "http://json-schema.org/draft-07/schema#"})
    try:
        check = fastjsonschema.compile(draft7)
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        print(json.dumps({"validator": "fastjsonschema", "error": str(error)}))
        return

    def is_valid(document):
        try:
            check(document)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    measure(
        f"fastjsonschema {version('fastjsonschema')} (Python {sys.version.split()[0]})",
        is_valid,
        lines,
        documents,
        rounds,
    )


if __name__ == "__main__":
    main()
