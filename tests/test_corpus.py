"""Every case of the bad-input corpus (tests/corpus/) through ``landsim.cli.main``.

A bad case must exit 2 (never the 1 of a bug); print no traceback; print its expected
texts, which name the file and the line, row, parcel id or key; print exactly its number
of lines — a summary and one line per distinct problem; print nothing on stdout; and
write nothing anywhere: no output folder, no temporary, no lock left behind. A case
marked ``ok`` must exit 0 and write its run folder.
"""

from __future__ import annotations

import sys
import tracemalloc

import pytest

from tests.corpus import inventories, numbers, runs, scenarios
from tests.corpus.runner import build, invoke

CASES = [*scenarios.CASES, *numbers.CASES, *inventories.CASES, *runs.CASES]


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_case_names_are_unique_and_many():
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names)
    assert len(CASES) >= 90


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(case, tmp_path):
    argv = build(case, tmp_path)
    if "{tmp}/locked" in " ".join(case.argv) and not sys.platform.startswith("linux"):
        (tmp_path / "locked").mkdir(mode=0o555)  # pragma: no cover - /proc elsewhere
    before = _files(tmp_path)
    code, out, err = invoke(argv)
    if case.ok:
        assert code == 0, err
        assert list((tmp_path / "out").rglob("manifest.json")), _files(tmp_path)
        return
    assert code == 2, (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    for text in case.expect:
        assert text in err, (text, err)
    assert len(err.splitlines()) == case.lines, err
    assert out == ""
    assert _files(tmp_path) == before  # nothing written, nothing left behind


def test_alias_bomb_is_refused_without_growing_memory(tmp_path):
    bomb = next(c for c in scenarios.CASES if c.name == "alias_bomb")
    argv = build(bomb, tmp_path)
    tracemalloc.start()
    try:
        code, _, err = invoke(argv)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and "aliases expand it" in err
    # a billion laughs expanded would take gigabytes; the refusal takes a few
    assert peak < 5 * 2**20, peak


def test_every_bad_case_expects_a_place():
    # the corpus itself: each bad case's expectations name a place, not just a message
    for case in CASES:
        if case.ok:
            continue
        places = (".yaml", ".csv", ".xlsx", ".parquet", ".geojson", ".dat", "data", "out", "--")
        assert any(p in text for text in case.expect for p in places), case.name
