"""Bulk mapping on Dask: partition by partition, with one summary of the whole run.

Install with ``pip install unified-accounting[dask]``. Nothing here schedules work itself: each
Dask partition is handed to :func:`unified_accounting.map_ndjson` (Rust, GIL released), so a
partition's envelopes are exactly what the command-line tool writes for the same lines, and Dask
does what it is good at: spreading partitions over processes and machines.

Two ways in:

- :func:`map_files`: a list of NDJSON files, one partition per file. Each worker reads its file in
  Rust; with ``output_dir`` it writes ``<output_dir>/<file name>`` (the envelopes, one per line) and
  only counts travel back, so memory stays flat whatever the size of the files.
- :func:`map_bag`: any Dask bag of NDJSON lines (``dask.bag.read_text(paths, include_path=True)``
  keeps each line's file, for failures that name it).

Both return a :class:`MappedBag`: ``envelopes`` (a bag of envelope texts, in input order within
each partition) and ``summary`` (a lazy :class:`Summary`: counts per partition and in total, and the
first failures with their file and line). Compute them together so each partition is mapped once::

    import dask
    from unified_accounting import dask as ua_dask

    mapped = ua_dask.map_files(paths, business_id="3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c")
    envelopes, summary = dask.compute(mapped.envelopes, mapped.summary)

On a multi-machine cluster the same code runs unchanged once a ``distributed.Client`` points at the
scheduler; the files must then be readable by every worker (a shared file system, or object
storage through ``dask.bag.read_text("s3://...")`` and :func:`map_bag`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

try:
    import dask.bag as db
    from dask import delayed
    from dask.bag import Bag, Item
except ImportError as missing:  # the extra is optional: say how to get it
    raise ImportError(
        "unified_accounting.dask needs Dask: pip install 'unified-accounting[dask]' "
        "(or the wheel with [dask])"
    ) from missing

from . import BulkResult, Failure, OptionValue, map_ndjson

__all__ = ["MappedBag", "PartitionSummary", "Summary", "map_bag", "map_files"]

#: How many failures a summary lists one by one (the counts are always exact).
FAILURES_LISTED = 100


@dataclass(frozen=True)
class PartitionSummary:
    """The counts of one partition."""

    partition: int
    #: The file the partition came from, when it is one file.
    file: str | None
    records: int
    ok: int
    failed: int
    warnings: int


@dataclass
class Summary:
    """The counts of a whole run, per partition and in total, and its first failures."""

    records: int = 0
    ok: int = 0
    failed: int = 0
    warnings: int = 0
    partitions: list[PartitionSummary] = field(default_factory=list)
    #: The first failures, in partition order, each with its file and line.
    failures: list[Failure] = field(default_factory=list)

    def add(self, partition: PartitionSummary, failures: Sequence[Failure]) -> None:
        """Adds one partition's counts and failures."""
        self.records += partition.records
        self.ok += partition.ok
        self.failed += partition.failed
        self.warnings += partition.warnings
        self.partitions.append(partition)
        room = FAILURES_LISTED - len(self.failures)
        self.failures.extend(failures[: max(room, 0)])


class MappedBag(NamedTuple):
    """What :func:`map_bag` and :func:`map_files` return: compute both with ``dask.compute``."""

    #: The result envelopes' JSON text (or, with ``output_dir``, the paths written).
    envelopes: Bag
    #: A lazy :class:`Summary`.
    summary: Item


class _Partition(NamedTuple):
    """One partition's outcome, as it travels from a worker."""

    envelopes: list[str]
    counts: PartitionSummary
    failures: list[Failure]


def map_files(
    paths: Sequence[str | os.PathLike[str]],
    operation: str = "to-unified",
    *,
    output_dir: str | os.PathLike[str] | None = None,
    kind: str | None = None,
    strict: bool = False,
    threads: int = 1,
    coverage: bool = False,
    **options: OptionValue,
) -> MappedBag:
    """Maps NDJSON files, one partition per file (see the module documentation).

    ``operation``, ``kind``, ``strict``, ``coverage`` and the provider options are those of
    :func:`unified_accounting.map_ndjson`; ``threads`` is per worker (keep 1 when Dask already
    runs a worker per core). With ``output_dir``, each file's envelopes are written to
    ``<output_dir>/<its name>`` by the worker, and the bag holds those paths.
    """
    files = [os.fspath(path) for path in paths]
    names = [os.path.basename(path) for path in files]
    if output_dir is not None and len(set(names)) != len(names):
        raise ValueError("two input files share a name; their outputs would overwrite each other in output_dir")
    target = None if output_dir is None else os.fspath(output_dir)
    settings = dict(operation=operation, kind=kind, strict=strict, threads=threads, coverage=coverage, **options)

    def one_file(partition: list[tuple[int, str]]) -> list[_Partition]:
        outcomes = []
        for number, path in partition:
            written = None if target is None else os.path.join(target, os.path.basename(path))
            result = map_ndjson(path, output=written, **settings)
            envelopes = result.envelopes if written is None else [written]
            outcomes.append(_outcome(number, path, result, envelopes))
        return outcomes

    numbered = db.from_sequence(list(enumerate(files)), npartitions=max(len(files), 1))
    return _mapped(numbered.map_partitions(one_file))


def map_bag(
    bag: Bag,
    operation: str = "to-unified",
    *,
    kind: str | None = None,
    strict: bool = False,
    threads: int = 1,
    coverage: bool = False,
    **options: OptionValue,
) -> MappedBag:
    """Maps a bag of NDJSON lines, partition by partition.

    Items are lines (``str`` or ``bytes``), or ``(line, path)`` pairs as
    ``dask.bag.read_text(..., include_path=True)`` gives them. Line numbers count the lines of
    each partition from 1: with ``read_text(..., blocksize=None)`` a partition is a whole file, so
    they are the file's line numbers and the envelopes are exactly the CLI's for that file.
    """
    settings = dict(operation=operation, kind=kind, strict=strict, threads=threads, coverage=coverage, **options)

    def one_partition(lines: list[Any], number: int) -> list[_Partition]:
        lines = list(lines)
        files = {line[1] for line in lines if isinstance(line, tuple)}
        texts = [line[0] if isinstance(line, tuple) else line for line in lines]
        file = files.pop() if len(files) == 1 else None
        result = map_ndjson(texts, **settings)
        return [_outcome(number, file, result, result.envelopes or [])]

    partitions = [delayed(one_partition)(part, number) for number, part in enumerate(bag.to_delayed())]
    return _mapped(db.from_delayed(partitions))


def _outcome(number: int, file: str | None, result: BulkResult, envelopes: list[str]) -> _Partition:
    counts = PartitionSummary(number, file, result.records, result.ok, result.failed, result.warnings)
    failures = [_with_file(failure, file) for failure in result.failures]
    return _Partition(envelopes, counts, failures)


def _with_file(failure: Failure, file: str | None) -> Failure:
    return Failure(
        failure.index, failure.line, failure.category, failure.kind, failure.path, failure.message, file
    )


def _mapped(parts: Bag) -> MappedBag:
    envelopes = parts.map(lambda part: part.envelopes).flatten()
    summary = parts.reduction(_partition_list, _merge, split_every=False)
    return MappedBag(envelopes, summary)


def _partition_list(parts: Any) -> list[_Partition]:
    return [_Partition(part.envelopes[:0], part.counts, part.failures) for part in parts]


def _merge(lists: Any) -> Summary:
    summary = Summary()
    for part in sorted((part for parts in lists for part in parts), key=lambda part: part.counts.partition):
        summary.add(part.counts, part.failures)
    return summary
