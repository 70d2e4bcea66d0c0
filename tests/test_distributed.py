"""Draws on a Dask cluster equal the local run, bit for bit; the cluster shuts down cleanly."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import psutil
import pytest

import landsim
from landsim.analysis.distributed import (
    Scheduler,
    check_scheduler,
    dask_executor,
    parse_scheduler,
)
from landsim.cli import main
from landsim.errors import InputError, LandsimError
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


@pytest.mark.parametrize("text", ["http://127.0.0.1:8787", "https://dask.example.org/status"])
def test_a_dashboard_address_is_refused_with_the_schedulers_form(text):
    with pytest.raises(InputError) as err:
        parse_scheduler(text, cpus=2)
    message = err.value.problems[0].message
    assert "dashboard" in message and "tcp://" in message and "8786" in message


@contextlib.contextmanager
def _server(reply: bytes | None):
    """A TCP server on a free port that is not Dask: it sends *reply*, or nothing, and waits."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []

    def serve():
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                held.append(conn)
                if reply is not None:
                    conn.sendall(reply)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        for conn in held:
            conn.close()


@pytest.mark.parametrize("reply", [None, b"HTTP/1.1 400 Bad Request\r\n\r\n" * 4])
def test_a_server_that_is_not_a_scheduler_is_refused_within_the_deadline(reply):
    with _server(reply) as address:
        start = time.monotonic()
        with pytest.raises(LandsimError, match="does not answer as a Dask scheduler"):
            check_scheduler(address, timeout=2)
        assert time.monotonic() - start < 30  # distributed.Client alone waited for ever


@pytest.mark.parametrize("text", ["tcp://10.0.0.5", "tcp://10.0.0.5:port", "tls://h:99999"])
def test_a_scheduler_address_without_a_port_is_refused_with_the_form(text):
    with pytest.raises(InputError) as err:
        parse_scheduler(text, cpus=2)
    assert "give the scheduler's host and port, e.g. tcp://10.0.0.5:8786" in str(
        err.value.problems[0].message
    )


def test_an_address_where_nothing_listens_is_refused_at_once():
    with socket.socket() as s:  # a port just freed: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(LandsimError, match=f"nothing listens at tcp://127.0.0.1:{port}"):
        check_scheduler(f"tcp://127.0.0.1:{port}", timeout=10)
    assert time.monotonic() - start < 5  # Dask's connection tried again for the 10 s


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_a_command_whose_scheduler_is_not_there_stops_before_any_work(tmp_path, capsys, command):
    out = tmp_path / "out"
    extra = ["--vary", "quotas.vacate_mu=20,40"] if command == "sweep" else []
    argv = [command, str(DEFAULT), *extra, "--draws", "20", "-o", str(out)]
    assert main([*argv, "--scheduler", "tcp://127.0.0.1:1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: nothing listens at tcp://127.0.0.1:1") and not out.exists()


def test_a_host_that_does_not_exist_is_named():
    with pytest.raises(LandsimError, match=r"cannot find the host nosuchhost\.invalid"):
        check_scheduler("tcp://nosuchhost.invalid:8786", timeout=10)


def test_a_running_scheduler_passes_the_check():
    from distributed import LocalCluster

    quiet = {"dashboard_address": "127.0.0.1:0"}  # 8787 may be taken (see the next test)
    with LocalCluster(
        n_workers=0, processes=False, dashboard_address=None, scheduler_kwargs=quiet
    ) as cluster:
        check_scheduler(cluster.scheduler_address, timeout=10)


def test_a_local_cluster_starts_when_port_8787_is_taken():
    taken = socket.create_server(("127.0.0.1", 8787)) if _free(8787) else contextlib.nullcontext()
    with taken, dask_executor(Scheduler(None, 1)) as (_, threads):  # a warning would fail
        assert threads == 1


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_a_large_argument_is_sent_to_the_workers_once():
    from concurrent.futures import Future

    from landsim.analysis.distributed import SharingExecutor

    class Client:  # records what would be scattered and submitted
        def __init__(self):
            self.scattered, self.submitted, self.tasks = [], [], []

        def get_executor(self, pure):
            assert pure is False
            return self

        def scatter(self, value, broadcast, hash):
            assert broadcast and not hash
            self.scattered.append(value)
            return f"future {len(self.scattered)}"

        def submit(self, fn, *args):
            self.submitted.append(args)
            self.tasks.append(Future())
            return self.tasks[-1]

    client = Client()
    pool = SharingExecutor(client)
    model, other = np.zeros(10), np.ones(3)
    for chunk in ([0, 2], [1, 3]):
        pool.submit(sum, model, chunk, None, other)
    assert client.scattered == [model, other]  # each once, however many tasks take it
    assert client.submitted == [
        ("future 1", [0, 2], None, "future 2"),
        ("future 1", [1, 3], None, "future 2"),
    ]
    client.tasks[0].set_result(0)
    pool.submit(sum, model, [4], None, other)  # a task still takes them: not sent again
    assert len(client.scattered) == 2
    for task in client.tasks[1:]:
        task.set_result(0)
    pool.submit(sum, model, [5], None, other)  # let go once no task took them: sent again
    assert client.scattered == [model, other, model, other]


def test_a_sweep_on_a_cluster_does_not_keep_the_models_of_variants_done(scenario):
    from landsim.analysis.distributed import SharingExecutor

    with dask_executor(Scheduler(None, 1)) as (executor, _):
        client = executor._client
        held = []
        for variant in range(3):  # a sweep sends each variant's model, then the next
            model = np.full(200_000, float(variant))  # 1.6 MB, as a model would be
            futures = [executor.submit(np.sum, model, None) for _ in range(2)]
            assert [f.result() for f in futures] == [model.sum()] * 2
            del futures, model
            time.sleep(0.5)  # the cluster frees the copy once told
            held.append(sum(client.run(lambda dask_worker: len(dask_worker.data)).values()))
    assert isinstance(executor, SharingExecutor)
    assert held == [0, 0, 0]


# 0 s: while the model is sent to the workers (the scheduler logged five tracebacks);
# 1 s: while the workers draw (they warned of each task cancelled)
@pytest.mark.parametrize("wait", [0.0, 1.0])
def test_ctrl_c_on_a_local_cluster_prints_one_line_not_the_workers_tracebacks(tmp_path, wait):
    import os
    import signal

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "landsim", "run", str(DEFAULT), "--draws", "3000"]
    proc = subprocess.Popen(
        [*cmd, "--scheduler", "local:2", "--no-xlsx", "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's command has
        # as a terminal starts it: a test suite run in the background (`pytest &`) hands
        # its children SIGINT ignored, and the command then rightly never stopped
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    start = time.monotonic()
    deadline = start + 120
    while not _workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    seen = time.monotonic() - start
    # while the cluster starts, the command ignores Ctrl-C (its workers inherit that);
    # on a loaded machine the start outlasted a fixed wait, and the run went on to the end
    while _ignores_ctrl_c(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(wait)
    sent = time.monotonic() - start
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches every process of the command
    _, err = proc.communicate(timeout=120)
    # once (CI, 2 tests a core) the run ended normally: say when what happened
    when = f"workers seen after {seen:.1f} s, Ctrl-C sent at {sent:.1f} s"
    assert proc.returncode == 130, f"{when}; stderr: {err!r}"
    assert err.strip().splitlines() == ["interrupted; no output was written"], err
    assert not out.exists()


def test_after_ctrl_c_the_cluster_closes_without_dask_logging_its_errors(monkeypatch):
    import logging

    from distributed import LocalCluster

    log = logging.getLogger("distributed")
    level, heard = log.level, []
    close = LocalCluster.close

    def closing(self, *args, **kwargs):  # what Dask would print while it closes
        heard.append(log.isEnabledFor(logging.ERROR))
        return close(self, *args, **kwargs)

    monkeypatch.setattr(LocalCluster, "close", closing)
    with pytest.raises(KeyboardInterrupt), dask_executor(Scheduler(None, 1)):
        raise KeyboardInterrupt  # Ctrl-C while the model is sent, or the draws run
    assert heard and not any(heard)  # quiet while the cluster closes
    assert log.level == level  # and as it was afterwards
    with dask_executor(Scheduler(None, 1)):
        pass
    assert heard[-1]  # a block that ends normally leaves Dask's errors shown


def _ignores_ctrl_c(pid: int) -> bool:
    """Whether process *pid* ignores SIGINT now (Linux: the SigIgn mask of its status)."""
    import signal
    from pathlib import Path

    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return False
    line = next(x for x in status.read_text().splitlines() if x.startswith("SigIgn:"))
    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))


def _workers_of(pid: int) -> list[psutil.Process]:
    children = psutil.Process(pid).children(recursive=True)
    return [p for p in children if "spawn_main" in " ".join(p.cmdline())]
