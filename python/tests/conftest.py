"""Shared helpers of the Python suite: the bundled fixtures, the command-line tool as the Rust
reference, and a generator of many distinct records.

The Rust reference is the CLI binary the README's test command has just built with
`cargo test` (`target/debug/unified-accounting`; `UA_CLI` to use another): what it writes is what
the Rust library gives, so the Python package must give the same.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
BUSINESS_ID = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"


def cli_path() -> Path:
    given = os.environ.get("UA_CLI")
    path = Path(given) if given else ROOT / "target" / "debug" / "unified-accounting"
    if not path.exists():
        subprocess.run(["cargo", "build", "-q", "-p", "unified-accounting-cli"], cwd=ROOT, check=True)
    return path


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Runs the CLI; exit codes 0 and 1 (some records failed) are both results."""
    done = subprocess.run([str(cli_path()), *args], input=stdin, capture_output=True)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done


# The one difference between the CLI's envelopes and the Python package's: an error's `hint`
# names what to pass, a flag on the command line and a keyword argument in Python.
HINTS_IN_PYTHON = {
    '"hint":"pass --kind customer-refund or --kind vendor-refund"': (
        '"hint":"pass kind=\\"customer-refund\\" or kind=\\"vendor-refund\\""'
    ),
    '"hint":"pass --vendor-id UUID"': '"hint":"pass vendor_id=\\"UUID\\""',
    '"hint":"pass --split-invoices"': '"hint":"pass split_invoices=True"',
}


def cli_envelopes(path: Path, *args: str, operation: str = "to-unified") -> list[str]:
    """The CLI's result envelopes for an NDJSON file, one JSON text per record, with each hint
    phrased as the Python package phrases it (every other byte is the CLI's)."""
    envelopes = run_cli(operation, str(path), "--quiet", *args).stdout.decode().splitlines()
    for cli, python in HINTS_IN_PYTHON.items():
        envelopes = [envelope.replace(cli, python) for envelope in envelopes]
    return envelopes


def fixture_paths(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (FIXTURES / folder).glob("*.json"))


THREDFI_RECORDS = fixture_paths("thredfi/customer_refunds", "thredfi/vendor_refunds")
UNIFIED_RECORDS = fixture_paths("apideck/refunds")
INVALID_THREDFI = fixture_paths("invalid/thredfi_customer_refund", "invalid/thredfi_vendor_refund")


def compact(path: Path) -> str:
    """A fixture as one NDJSON line (a malformed one keeps its text, newlines folded)."""
    text = path.read_text(encoding="utf-8")
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return " ".join(text.split())


def generated_lines(count: int, corrupt_every: int | None = None) -> list[str]:
    """`count` distinct Thredfi records built from the fixtures (as `examples/generate_ndjson.rs`
    does): record i is fixture i mod n with its own id and amount. Every `corrupt_every`-th line
    is broken in one of three ways: cut in half, the amount as a string, the party id removed."""
    templates = [json.loads(path.read_text(encoding="utf-8")) for path in THREDFI_RECORDS]
    lines = []
    for index in range(count):
        record = json.loads(json.dumps(templates[index % len(templates)]))
        record["id"] = f"{index >> 16:08x}-0000-4000-8000-{index:012x}"
        amount_key = "total_refunded_amount" if "vendor_id" in record else "refunded_amount"
        record[amount_key] = min((record[amount_key] or 0) + index % 1000, 2**63 - 1)  # saturating
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        number = index + 1
        if corrupt_every and number % corrupt_every == 0:
            how = (number // corrupt_every) % 3
            if how == 0:
                line = line[: len(line) // 2]
            elif how == 1:
                record[amount_key] = "12.50"
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            else:
                record.pop("customer_id", None)
                record.pop("vendor_id", None)
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        lines.append(line)
    return lines


@pytest.fixture(scope="session")
def business_id() -> str:
    return BUSINESS_ID
