"""The README's Python examples run as they are written (from the repository root)."""

from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT


def python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Python\n") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


@pytest.mark.parametrize("number", range(2))
def test_readme_python_example_runs(number: int, capsys) -> None:
    blocks = python_blocks()
    assert len(blocks) == 2
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(blocks[number], f"README.md python block {number + 1}", "exec"), {"__name__": "readme"})
    finally:
        os.chdir(here)
    printed = capsys.readouterr().out
    if number == 0:
        assert "/id ErrorKind.DATA decode" in printed
        assert "/total_amount ErrorKind.INEXACT_FLOAT" in printed
    else:
        assert "15 15 0 10" in printed
