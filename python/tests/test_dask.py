"""Bulk mapping on a real local Dask cluster: two worker processes, the CLI's output, exact counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

from unified_accounting import dask as ua_dask  # noqa: E402
from conftest import (  # noqa: E402
    BUSINESS_ID,
    FIXTURES,
    INVALID_THREDFI,
    THREDFI_RECORDS,
    cli_envelopes,
    compact,
    generated_lines,
)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    """The real-traffic NDJSON fixtures, every record fixture in one file, and 4,000 generated
    records (every 80th line broken) over three files, one with a blank line."""
    folder = tmp_path_factory.mktemp("dask-in")
    paths = sorted((FIXTURES / "thredfi" / "ndjson").glob("*.ndjson"))
    fixtures = folder / "fixtures.ndjson"
    fixtures.write_text("\n".join(compact(path) for path in THREDFI_RECORDS + INVALID_THREDFI) + "\n")
    paths.append(fixtures)
    generated = generated_lines(4000, corrupt_every=80)
    for part, start in enumerate(range(0, 4000, 1500)):
        path = folder / f"generated-{part}.ndjson"
        lines = generated[start : start + 1500]
        if part == 1:
            lines.insert(10, "")
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths


def expected(files: list[Path]) -> list[list[str]]:
    return [cli_envelopes(path, "--business-id", BUSINESS_ID) for path in files]


def check_summary(summary: ua_dask.Summary, files: list[Path], per_file: list[list[str]]) -> None:
    parsed = [[json.loads(envelope) for envelope in envelopes] for envelopes in per_file]
    assert [(p.partition, Path(p.file).name, p.records, p.ok, p.failed, p.warnings) for p in summary.partitions] == [
        (
            number,
            path.name,
            len(envelopes),
            sum(e["ok"] for e in envelopes),
            sum(not e["ok"] for e in envelopes),
            sum(len(e.get("warnings", [])) for e in envelopes),
        )
        for number, (path, envelopes) in enumerate(zip(files, parsed))
    ]
    nonblank = sum(1 for path in files for line in path.read_text().splitlines() if line.strip())
    assert summary.records == nonblank == summary.ok + summary.failed
    # Every bad line is reported with its file and line (fewer than the 100 listed).
    failing = [(path.name, e["line"]) for path, envelopes in zip(files, parsed) for e in envelopes if not e["ok"]]
    assert 0 < len(failing) < ua_dask.FAILURES_LISTED
    assert [(Path(failure.file).name, failure.line) for failure in summary.failures] == failing


def test_files_map_on_two_worker_processes_as_the_cli_maps_them(client, files) -> None:
    per_file = expected(files)
    mapped = ua_dask.map_files(files, business_id=BUSINESS_ID)
    assert mapped.envelopes.npartitions == len(files)
    envelopes, summary = dask.compute(mapped.envelopes, mapped.summary)
    assert envelopes == [envelope for file in per_file for envelope in file]
    check_summary(summary, files, per_file)
    # The work ran on both worker processes.
    assert len(client.scheduler_info()["workers"]) == 2


def test_a_bag_of_lines_maps_as_the_cli_maps_each_file(client, files) -> None:
    per_file = expected(files)
    bag = db.read_text([str(path) for path in files], blocksize=None, include_path=True)
    mapped = ua_dask.map_bag(bag, business_id=BUSINESS_ID)
    partitions = mapped.envelopes.to_delayed()
    computed = dask.compute(*partitions, mapped.summary)
    assert list(computed[:-1]) == per_file  # same envelopes, same order within each partition
    check_summary(computed[-1], files, per_file)


def test_files_written_per_partition_are_the_clis(client, files, tmp_path) -> None:
    per_file = expected(files)
    mapped = ua_dask.map_files(files, output_dir=tmp_path, business_id=BUSINESS_ID, threads=1)
    written, summary = dask.compute(mapped.envelopes, mapped.summary)
    assert [Path(path).name for path in written] == [path.name for path in files]
    for path, envelopes in zip(written, per_file):
        assert Path(path).read_text().splitlines() == envelopes
    check_summary(summary, files, per_file)
