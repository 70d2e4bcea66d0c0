"""Draws on a Dask cluster equal the local run, bit for bit; the cluster shuts down cleanly."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import psutil
import pytest

import landsim
from landsim.analysis.distributed import Scheduler, dask_executor, parse_scheduler
from landsim.cli import main
from landsim.errors import InputError
from tests.conftest import DEFAULT
from tests.synthetic_case import small_default

DRAWS = 200


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return small_default(tmp_path_factory.mktemp("small"))


def test_draws_on_a_local_cluster_equal_the_local_run(scenario):
    local = landsim.run(scenario, draws=DRAWS, keep_draws=True)
    assert not local.timings["shared_selection"]  # refusals: every draw selects on its own
    with dask_executor(Scheduler(None, 2)) as (executor, threads):
        workers = _worker_processes()
        assert threads == 2 and len(workers) == 2
        on_dask = landsim.run(
            scenario, draws=DRAWS, executor=executor, workers=threads, keep_draws=True
        )
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == [] and _worker_processes() == []  # the cluster's processes ended
    for name in ("quantiles", "probabilities", "parcels", "long"):
        expected, got = getattr(local, name), getattr(on_dask, name)
        pd.testing.assert_frame_equal(expected, got, check_exact=True)
    # every variable of every draw, not only their summaries
    pd.testing.assert_frame_equal(local.draw_table(), on_dask.draw_table(), check_exact=True)


def _worker_processes() -> list[psutil.Process]:
    """This process's children that run Dask workers (not multiprocessing's resource tracker)."""
    return [
        p
        for p in psutil.Process().children(recursive=True)
        if "spawn_main" in " ".join(p.cmdline())
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("local:2", Scheduler(None, 2)),
        ("local", Scheduler(None, 2)),
        ("tcp://10.0.0.5:8786", Scheduler("tcp://10.0.0.5:8786")),
    ],
)
def test_scheduler_values(text, expected):
    assert parse_scheduler(text, cpus=2) == expected


@pytest.mark.parametrize("text", ["local:3", "local:0", "10.0.0.5:8786", "dask"])
def test_bad_scheduler_values_are_refused_with_what_to_use(text):
    with pytest.raises(InputError) as err:
        parse_scheduler(text, cpus=2)
    assert err.value.problems[0].field == text
    assert "local" in err.value.problems[0].message


def test_without_dask_the_flag_is_one_line_naming_the_extra(tmp_path):
    block = "import sys\nfor m in ('dask', 'distributed'):\n    sys.modules[m] = None\n"
    code = (
        f"{block}from landsim.cli import main\n"
        f"sys.exit(main(['run', {str(DEFAULT)!r}, '--draws', '5', '--scheduler', 'local:1', "
        f"'-o', {str(tmp_path / 'out')!r}]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "error: --scheduler needs Dask, which is not installed: pip install 'landsim[dask]'"
    ]
    assert not (tmp_path / "out").exists()


def test_workers_and_scheduler_together_are_refused(capsys):
    args = ["run", str(DEFAULT), "--draws", "5", "--workers", "2", "--scheduler", "local"]
    assert main(args) == 2
    assert "either --workers" in capsys.readouterr().err
