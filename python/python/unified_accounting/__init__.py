"""Exact, lossless, schema-validated mapping of refunds between Thredfi and Apideck's unified model.

The Python face of the Rust crate ``unified-accounting``: the same mappings, the same validation
against the same vendored schemas, the same errors, with money that never passes through a float.

>>> import unified_accounting as ua
>>> result = ua.to_unified(record, business_id="3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c")  # doctest: +SKIP
>>> result.output["total_amount"]  # doctest: +SKIP
Decimal('184.50')
>>> result.json  # the exact JSON text, as the Rust library wrote it  # doctest: +SKIP

One record:

- :func:`to_unified`: a provider record (``bytes``, ``str`` or ``dict``) to a unified refund.
- :func:`to_create_request`: a unified refund to the provider's create request (a list of requests,
  one per invoice, with ``split_invoices=True``).
- :func:`to_record`: a unified refund that came from the provider back to its full record.

Each returns a :class:`Mapped` (``output``, ``json``, ``warnings``) or raises a
:class:`DecodeError` / :class:`MappingError` (both :class:`ValueError`) carrying the JSON Pointer
of the field at fault. Keyword arguments: ``kind`` (``"customer-refund"`` or ``"vendor-refund"``;
recognised from the record when omitted), ``strict``, and the provider options by name
(``business_id``, ``vendor_id``, ``split_invoices``: see :func:`provider_options`).

Many records: :func:`map_ndjson` maps an NDJSON file or an iterable of lines in one call, with the
GIL released and on several threads when asked, giving the command-line tool's result envelopes
in input order. :mod:`unified_accounting.dask` does the same partition by partition on a Dask
cluster (``pip install unified-accounting[dask]``).

Schemas: :func:`validate` checks a document against any vendored schema (:func:`schemas`) and
returns every violation with its path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Union

from . import _native
from ._errors import DecodeError, ErrorKind, MappingError, UnifiedAccountingError
from ._json import MAX_EXACT_FLOAT_DIGITS, from_json_text, to_json_text

__version__: str = _native.__version__

__all__ = [
    "BulkResult",
    "DecodeError",
    "ErrorKind",
    "Failure",
    "MAX_EXACT_FLOAT_DIGITS",
    "Mapped",
    "MappingError",
    "MappingWarning",
    "OPERATIONS",
    "ProviderOption",
    "SchemaInfo",
    "UnifiedAccountingError",
    "Violation",
    "coverage",
    "from_json_text",
    "map_ndjson",
    "provider_options",
    "resources",
    "schemas",
    "to_create_request",
    "to_json_text",
    "to_record",
    "to_unified",
    "validate",
]

#: A record as the single-record calls take it: JSON text (``bytes`` or ``str``) or a parsed
#: JSON value (``dict``; ``Decimal`` or ``int`` money, or floats that are provably exact).
Record = Union[bytes, bytearray, memoryview, str, Mapping[str, Any]]

#: Option values: a ``str`` for an option that takes a value, ``True`` / ``False`` for a switch,
#: ``None`` for "not given".
OptionValue = Union[str, bool, None]

#: The bulk operations, as :func:`map_ndjson` and :mod:`unified_accounting.dask` name them.
OPERATIONS = ("to-unified", "to-create-request", "to-record")


@dataclass(frozen=True)
class MappingWarning:
    """Information the mapping could not carry over, or doubts about it (one per piece)."""

    #: What kind of warning (``unknown_enum_value``, ...), for programs.
    code: str
    #: JSON Pointer of the input field concerned.
    source: str
    #: JSON Pointer of the output field concerned, or ``None`` when the value has no home there.
    target: str | None
    #: What happened and what to do about it, for people.
    message: str


@dataclass(frozen=True)
class Mapped:
    """One mapped record: the output (validated against its schema) and the warnings."""

    #: The output's exact JSON text, as the Rust library wrote and validated it.
    json: str
    #: One warning per lost or doubtful piece of information.
    warnings: tuple[MappingWarning, ...] = ()

    @cached_property
    def output(self) -> Any:
        """The output as Python values: ``Decimal`` for every number with a fraction, ``int``
        for integers, never ``float``."""
        return from_json_text(self.json)


@dataclass(frozen=True)
class Violation:
    """One way a document breaks its schema."""

    #: JSON Pointer of the offending value (``/allocations/2/amount``; ``""`` for the root).
    path: str
    #: JSON Pointer of the schema keyword that failed.
    schema_path: str
    #: What the keyword expected.
    message: str


@dataclass(frozen=True)
class SchemaInfo:
    """A vendored schema :func:`validate` can check against."""

    name: str
    #: The component of the vendored OpenAPI document (``Refund``, ...).
    component: str
    description: str


@dataclass(frozen=True)
class ProviderOption:
    """A provider option, passed by name as a keyword argument."""

    provider: str
    name: str
    #: What its value is (``UUID``), or ``None`` for a switch (``True`` / ``False``).
    value: str | None
    #: ``to-unified``, ``from-unified`` or ``both``.
    direction: str
    help: str


@dataclass(frozen=True)
class Failure:
    """A record of a bulk run that failed: where it was, and why."""

    #: Its position among the records (blank lines are not counted), from 0.
    index: int
    #: Its 1-based line in the input.
    line: int | None
    #: ``decode``, ``mapping`` or ``invalid_output``.
    category: str
    #: The finer kind (:class:`ErrorKind`).
    kind: str
    #: JSON Pointer of the field at fault.
    path: str
    message: str
    #: The file it came from, when known.
    file: str | None = None


@dataclass
class BulkResult:
    """The outcome of :func:`map_ndjson`: one envelope per record, in input order, and counts.

    Each envelope is the exact JSON text the command-line tool writes for the record:
    ``{"index":0,"line":1,"ok":true,"output":{...},"warnings":[...]}`` or
    ``{"index":3,"line":4,"ok":false,"error":{"kind":...,"path":...,"message":...}}`` (with a
    ``"hint"`` phrased for Python: ``pass vendor_id="UUID"``).
    """

    #: The envelopes' JSON text, or ``None`` when they were written to a file.
    envelopes: list[str] | None
    records: int
    ok: int
    failed: int
    #: The number of warnings over all records.
    warnings: int
    #: The first failures (at most 100 per call; every failure is in its envelope).
    failures: list[Failure] = field(default_factory=list)

    def parsed(self) -> Iterator[dict[str, Any]]:
        """The envelopes as Python values (``Decimal`` money)."""
        for envelope in self.envelopes or ():
            yield from_json_text(envelope)


def to_unified(record: Record, *, kind: str | None = None, strict: bool = False, **options: OptionValue) -> Mapped:
    """Maps one provider record to a unified (Apideck) refund.

    ``kind`` names the resource (``"customer-refund"``, ``"vendor-refund"``); without it the
    record's keys say which. ``business_id`` becomes the unified ``company_id``.

    Raises :class:`DecodeError` or :class:`MappingError` with the path of the field at fault.
    """
    return _map_one("to-unified", record, kind, strict, options)


def to_create_request(
    record: Record, *, kind: str | None = None, strict: bool = False, **options: OptionValue
) -> Mapped:
    """Maps one unified refund to the provider's create request.

    ``vendor_id`` gives a vendor refund's vendor when its ``custom_mappings`` do not;
    ``split_invoices=True`` makes one request per invoice of a customer refund (``output`` is then
    a list).
    """
    return _map_one("to-create-request", record, kind, strict, options)


def to_record(record: Record, *, kind: str | None = None, strict: bool = False, **options: OptionValue) -> Mapped:
    """Rebuilds the provider's full record from a unified refund that came from the provider:
    the identical record the provider sent (a lossless round trip)."""
    return _map_one("to-record", record, kind, strict, options)


def validate(document: Record, schema: str) -> list[Violation]:
    """Every violation of ``document`` against the vendored schema ``schema`` (see
    :func:`schemas`), in the order found; an empty list when it is valid.

    Numbers are checked as written (a ``dict`` may hold any float here: nothing is computed).
    """
    return [Violation(*violation) for violation in _native.validate(_document_text(document), schema)]


def coverage(refund: Record) -> dict[str, Any]:
    """How complete a unified refund is, by Apideck's field weights (read from the vendored
    schema): ``levels`` (filled / rated per weight: critical, high, medium, low, edge-case),
    ``missing_critical``, ``missing_high``, ``strict_required_missing`` and ``score`` (weighted
    points filled, as a percentage rounded down). The Rust library's ``unified::coverage``."""
    return from_json_text(_native.refund_coverage(_document_text(refund)))


def schemas() -> list[SchemaInfo]:
    """The vendored schemas, by name."""
    return [SchemaInfo(*schema) for schema in _native.schemas()]


def resources() -> list[str]:
    """The resources a record can be: the values of ``kind``."""
    return list(_native.resources())


def provider_options() -> list[ProviderOption]:
    """The provider options the mapping calls take as keyword arguments."""
    return [ProviderOption(*spec) for spec in _native.provider_options()]


def map_ndjson(
    source: str | os.PathLike[str] | bytes | Iterable[str | bytes],
    operation: str = "to-unified",
    *,
    kind: str | None = None,
    strict: bool = False,
    threads: int = 1,
    output: str | os.PathLike[str] | None = None,
    coverage: bool = False,
    **options: OptionValue,
) -> BulkResult:
    """Maps newline-delimited JSON in one call, exactly as the command-line tool maps a file.

    ``source`` is a file path (``str`` or path-like), NDJSON text (``bytes``), or an iterable of
    lines (``str`` or ``bytes``, one record each; a trailing newline is ignored, blank lines are
    skipped but counted in line numbers). ``operation`` is one of :data:`OPERATIONS`.

    The records are mapped with the GIL released, on ``threads`` threads (``0``: one per core),
    and the results come back in input order. With ``output`` the envelopes are written to that
    file (memory stays flat however long the input) and :attr:`BulkResult.envelopes` is ``None``.
    ``coverage=True`` (``to-unified`` only) adds each output's :func:`coverage` to its envelope,
    as the CLI's ``--coverage`` does.
    """
    mapper = _mapper(operation, kind, strict, options, threads, coverage)
    target = None if output is None else os.fspath(output)
    if isinstance(source, (str, os.PathLike)):
        result = mapper.map_file(os.fspath(source), target)
        return _bulk_result(result, os.fspath(source))
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        data = b"\n".join(_line_bytes(line) for line in source)
    return _bulk_result(mapper.map_ndjson(data, target), None)


def _line_bytes(line: str | bytes) -> bytes:
    raw = line.encode("utf-8") if isinstance(line, str) else bytes(line)
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    return raw


def _bulk_result(result: tuple, file: str | None) -> BulkResult:
    envelopes, (records, ok, failed, warnings), failures = result
    return BulkResult(
        envelopes=envelopes,
        records=records,
        ok=ok,
        failed=failed,
        warnings=warnings,
        failures=[Failure(*failure, file=file) for failure in failures],
    )


def _mapper(
    operation: str,
    kind: str | None,
    strict: bool,
    options: Mapping[str, OptionValue],
    threads: int = 1,
    coverage: bool = False,
):
    given: list[tuple[str, str | None]] = []
    for name, value in options.items():
        if value is None or value is False:
            continue
        if value is True:
            given.append((name, None))
        elif isinstance(value, str):
            given.append((name, value))
        else:
            raise TypeError(f"the option {name} takes a str (or True / False for a switch), not {type(value).__name__}")
    return _native.Mapper(operation, kind, strict, given, threads, coverage)


def _document_text(document: Record) -> str:
    """A document to check or rate, as text: any float is written as its ``repr`` (nothing is
    computed from it, so the float rule of mapping does not apply)."""
    if isinstance(document, (bytes, bytearray, memoryview)):
        return bytes(document).decode("utf-8")
    if isinstance(document, str):
        return document
    return to_json_text(document, exact_floats=False)


def _record_bytes(record: Record) -> bytes:
    if isinstance(record, (bytes, bytearray, memoryview)):
        return bytes(record)
    if isinstance(record, str):
        return record.encode("utf-8")
    return to_json_text(record).encode("utf-8")


def _map_one(operation: str, record: Record, kind: str | None, strict: bool, options: Mapping[str, OptionValue]) -> Mapped:
    mapper = _mapper(operation, kind, strict, options)
    text, warnings = mapper.map_one(_record_bytes(record))
    return Mapped(json=text, warnings=tuple(MappingWarning(*warning) for warning in warnings))
