"""kg export writes where -o says: missing folders are made, a path it cannot write is a message."""
from __future__ import annotations

import subprocess
import sys

import pytest

FORMATS = ["turtle", "nt", "trig", "nquads", "jsonld", "graphml", "gexf"]


def export(build, fmt: str, out) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "export", str(build), "--format", fmt, "-o", str(out)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_folders_are_made(seed_build, tmp_path, fmt):
    out = tmp_path / "missing" / "dir" / f"graph.{fmt}"
    run = export(seed_build, fmt, out)
    assert run.returncode == 0, run.stderr
    assert out.is_file() and out.stat().st_size > 0


@pytest.mark.parametrize("fmt", ["turtle", "gexf"])
def test_a_file_where_a_folder_should_be_is_a_message(seed_build, tmp_path, fmt):
    (tmp_path / "afile").write_text("not a folder")
    run = export(seed_build, fmt, tmp_path / "afile" / f"graph.{fmt}")
    assert run.returncode == 2 and "cannot write" in run.stderr and "Traceback" not in run.stderr
