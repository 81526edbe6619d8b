"""Times the CLI, the Python package and Dask on the same NDJSON files (see run.sh).

    python bench.py CLI OUT

Every contender maps every file of OUT/in to Thredfi -> unified result envelopes written to
OUT/out-<contender>/, one output file per input file, so each does the same reading, mapping,
validating and writing. Times are wall-clock, best of ROUNDS (env, default 2); the Dask cluster is
started before the clock starts. Prints one row per contender and the ratios BENCHMARKS.md quotes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dask
from distributed import Client, LocalCluster

import unified_accounting as ua
from unified_accounting import dask as ua_dask

BUSINESS_ID = "3f1c0d2e-8a47-4c1b-9d0e-6b5a4f3e2d1c"
ROUNDS = int(os.environ.get("ROUNDS", "2"))


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def best(run) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    cli, out = sys.argv[1], Path(sys.argv[2])
    files = sorted((out / "in").glob("*.ndjson"))
    records = sum(1 for path in files for line in path.open("rb") if line.strip())
    rows: list[tuple[str, float]] = []

    def cli_run(jobs: int):
        target = fresh(out / f"out-cli-j{jobs}")

        def run():
            for path in files:
                with (target / path.name).open("wb") as sink:
                    done = subprocess.run(
                        [cli, "to-unified", str(path), "-j", str(jobs), "--quiet", "--business-id", BUSINESS_ID],
                        stdout=sink,
                    )
                    assert done.returncode in (0, 1)

        return run

    def python_run(threads: int):
        target = fresh(out / f"out-python-t{threads}")

        def run():
            for path in files:
                ua.map_ndjson(path, output=target / path.name, threads=threads, business_id=BUSINESS_ID)

        return run

    def python_list_run():
        def run():
            for path in files:
                result = ua.map_ndjson(path, business_id=BUSINESS_ID)
                assert len(result.envelopes) == result.records
                # One file's envelopes at a time (about 0.8 GB of str for 125,000 records).
                del result

        return run

    for jobs in (1, 2):
        rows.append((f"CLI to-unified -j {jobs}", best(cli_run(jobs))))
    for threads in (1, 2):
        rows.append((f"Python map_ndjson(path, output=..., threads={threads})", best(python_run(threads))))
    rows.append(("Python map_ndjson(path) -> list of envelopes, threads=1", best(python_list_run())))

    for workers in (1, 2):
        target = fresh(out / f"out-dask-w{workers}")
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster):

            def run():
                mapped = ua_dask.map_files(files, output_dir=target, business_id=BUSINESS_ID)
                (summary,) = dask.compute(mapped.summary)
                assert summary.records == records

            rows.append((f"Dask map_files, {workers} worker process(es), output_dir", best(run)))

    # Every contender wrote the same envelopes.
    reference = out / "out-cli-j1"
    for folder in sorted(out.glob("out-*")):
        for path in files:
            same = (folder / path.name).read_bytes() == (reference / path.name).read_bytes()
            assert same, f"{folder.name}/{path.name} differs from the CLI's"

    cli1 = rows[0][1]
    print(f"{records:,} records in {len(files)} files, best of {ROUNDS}")
    print(f"| contender | seconds | records/s | vs CLI -j 1 |")
    print(f"|---|---:|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {records / seconds:,.0f} | {cli1 / seconds:.2f}x |")


if __name__ == "__main__":
    main()
