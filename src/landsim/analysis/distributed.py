"""Where the draws run: this machine's process pool, or a Dask cluster.

``--scheduler`` on ``landsim run``, ``sweep`` and ``sensitivity`` names a Dask cluster:

* ``local`` or ``local:N`` — a :class:`distributed.LocalCluster` of *N* single-threaded
  worker processes (default: one per processor), started for the command and stopped
  when it ends;
* ``tcp://host:8786`` (any Dask address: ``tls://``, ``ws://``, …) — an existing cluster,
  e.g. one started with ``dask scheduler`` / ``dask worker`` or with ``dask-jobqueue`` on
  Slurm or PBS (see ``docs/uncertainty.md``). landsim connects as a client and leaves the
  cluster running.

Results do not depend on where the draws run: each draw depends only on its parameters
and its :class:`~landsim.streams.DrawStream`, so a run on a cluster equals the local run
with the same seed, bit for bit, whatever the number of workers.

Dask is the optional extra ``landsim[dask]``, imported only when a scheduler is asked for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass

from landsim.errors import InputError, LandsimError, Problem

#: What to install for ``--scheduler``.
INSTALL = "pip install 'landsim[dask]'"
#: How long to wait for an existing scheduler to answer, seconds (assumption: a scheduler
#: on the same network answers within a second; 10 s covers a busy login node).
CONNECT_TIMEOUT_S = 10
_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$")
#: Address schemes of Dask's communication layers (``distributed.comm``); an ``http://``
#: address is a dashboard's, not a scheduler's.
SCHEMES = ("tcp", "tls", "ucx", "ws", "wss")
_LOCAL = re.compile(r"^local(?::(\d+))?$")


@dataclass(frozen=True)
class Scheduler:
    """A parsed ``--scheduler`` value.

    Attributes
    ----------
    address
        The address of an existing cluster, or ``None`` for a local cluster.
    workers
        Local cluster only: its number of worker processes.
    """

    address: str | None
    workers: int = 1

    def describe(self) -> str:
        """Say where the draws run, for messages."""
        if self.address:
            return f"the Dask cluster at {self.address}"
        return f"a local Dask cluster of {self.workers} worker{'s' * (self.workers != 1)}"


def parse_scheduler(text: str, *, cpus: int | None = None) -> Scheduler:
    """Read a ``--scheduler`` value (``local``, ``local:N`` or a Dask address).

    Raises
    ------
    InputError
        For anything else, or a local cluster with more workers than processors.
    """
    cpus = cpus or os.cpu_count() or 1
    text = text.strip()
    local = _LOCAL.match(text)
    if local:
        workers = int(local.group(1)) if local.group(1) else cpus
        if not 1 <= workers <= cpus:
            raise _bad(
                text,
                f"a local cluster has 1 to {cpus} workers on this machine (one per "
                f"processor); use local:{cpus} or fewer, or an existing cluster's address",
            )
        return Scheduler(None, workers)
    if _ADDRESS.match(text):
        scheme = text.split("://", 1)[0]
        if scheme not in SCHEMES:
            raise _bad(
                text,
                f"{scheme}:// is not a Dask scheduler's address (an http:// address is its "
                "dashboard's); the scheduler prints one that starts with tcp://, by default "
                "on port 8786, e.g. tcp://10.0.0.5:8786",
            )
        if scheme in ("tcp", "tls") and _port(text) is None:
            raise _bad(
                text,
                "give the scheduler's host and port, e.g. tcp://10.0.0.5:8786 (the port "
                "it prints when it starts; 8786 by default)",
            )
        return Scheduler(text)
    raise _bad(
        text,
        "use local (one worker per processor), local:N (N workers) or the address "
        "of a running Dask scheduler, e.g. tcp://10.0.0.5:8786",
    )


def _port(address: str) -> int | None:
    """Return the port of a ``tcp://host:port`` address; None without one (or a bad one)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        return parts.port if parts.hostname else None
    except ValueError:  # a port that is not a number, or out of range
        return None


def _bad(text: str, message: str) -> InputError:
    return InputError(f"--scheduler {text}: cannot use it", [Problem("--scheduler", text, message)])


def require_dask() -> None:
    """Raise a one-line :class:`LandsimError` naming the extra when Dask is missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise LandsimError(f"--scheduler needs Dask, which is not installed: {INSTALL}") from None


@contextlib.contextmanager
def dask_executor(scheduler: Scheduler) -> Iterator[tuple[Executor, int]]:
    """Connect to (or start) the cluster; yield an executor and its number of threads.

    The number of threads is how many draws run at once; the draws are cut into four
    chunks per thread. A local cluster is stopped, and its worker processes end, when the
    block ends (Ctrl-C included); an existing cluster is only disconnected from. After a
    Ctrl-C, Dask's own log lines about the work it drops (a model half sent made the
    scheduler log five tracebacks; tasks cancelled) are not shown while the cluster
    closes: the command says in one line that it was interrupted.
    """
    require_dask()
    from distributed import Client, LocalCluster

    log = logging.getLogger("distributed")
    with _restored_level(log), contextlib.ExitStack() as stack:
        if scheduler.address is None:
            with _workers_ignore_ctrl_c():
                cluster = LocalCluster(
                    n_workers=scheduler.workers,
                    threads_per_worker=1,  # draws are numpy-bound: one process per core
                    processes=True,
                    dashboard_address=None,  # no dashboard; its web server still starts:
                    # on a free local port, not 8787, which a notebook's cluster may hold
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    # the workers' warnings (e.g. tasks cancelled at the end) are Dask's
                    # business; their errors still show, and a task's error reaches us
                    silence_logs=logging.ERROR,
                )
            stack.enter_context(cluster)
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(_connect(Client, scheduler.address))
        threads = sum(client.nthreads().values())
        try:
            yield SharingExecutor(client), max(threads, 1)
        except KeyboardInterrupt:  # quiet before the cluster closes, restored after
            log.setLevel(logging.CRITICAL + 1)
            raise


class SharingExecutor(Executor):
    """A Dask client's executor that sends each large argument to the workers once.

    The draws' tasks all take the same model (about 10 MB for the bundled inventory):
    sent inside every task it was sent once per chunk, and Dask warned of a large
    graph. Arguments that are not plain values (numbers, text, lists, tuples, dicts,
    sets, ``None``) are scattered to every worker the first time they are seen and passed
    as futures afterwards; Dask hands each task the object itself.

    An argument is let go, here and on the workers, once every task that takes it is
    done: a sweep sends each variant's model in turn, and kept them all before (35 MB
    more on every worker and on this machine for each variant of 100,000 parcels).
    """

    _PLAIN = (int, float, str, bool, list, tuple, dict, set, frozenset, type(None))

    def __init__(self, client) -> None:
        # pure=False: tasks are not cached by argument hash (hashing a model costs time)
        self._executor = client.get_executor(pure=False)
        self._client = client
        # id → [the object, its future, tasks not yet done that take it]
        self._sent: dict[int, list] = {}
        self._lock = threading.Lock()  # tasks end on the client's thread

    def submit(self, fn, /, *args, **kwargs):
        """Submit ``fn(*args, **kwargs)``, large arguments as futures of their one copy."""
        keys = [id(a) for a in args if not isinstance(a, self._PLAIN)]
        with self._lock:
            sent = tuple(self._share(a) for a in args)
        try:
            future = self._executor.submit(fn, *sent, **kwargs)
        except BaseException:
            self._release(keys)
            raise
        future.add_done_callback(lambda _: self._release(keys))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the client's executor down (the cluster itself is left as it is)."""
        self._executor.shutdown(wait=wait)

    def _share(self, value: object) -> object:
        if isinstance(value, self._PLAIN):
            return value
        key = id(value)
        if key not in self._sent:  # the object is kept, so its id is not reused
            future = self._client.scatter(value, broadcast=True, hash=False)
            self._sent[key] = [value, future, 0]
        self._sent[key][2] += 1
        return self._sent[key][1]

    def _release(self, keys: list[int]) -> None:
        """One task that took the arguments *keys* is done: let go of those it was the last of."""
        with self._lock:
            for key in keys:
                entry = self._sent[key]
                entry[2] -= 1
                if entry[2] == 0:
                    del self._sent[key]  # its future goes, and Dask frees the copies


@contextlib.contextmanager
def _restored_level(log: logging.Logger) -> Iterator[None]:
    """Give *log* its level back when the block ends (it may be changed inside)."""
    level = log.level
    try:
        yield
    finally:
        log.setLevel(level)


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start worker processes that ignore Ctrl-C (SIGINT); this process still stops on it.

    Ctrl-C in a terminal reaches every process of the command. This process stops the
    cluster, which ends its workers; workers that stopped on their own printed a
    traceback each. An ignored signal stays ignored in a process started meanwhile, so
    it is ignored while the cluster starts (a second or two), then handled again.
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may change signal handlers
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _connect(client_type: type, address: str):
    check_scheduler(address, CONNECT_TIMEOUT_S)
    try:
        return client_type(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError) as exc:
        raise _unreachable(address, exc) from None


def check_scheduler(address: str, timeout: float) -> None:
    """Check that a Dask scheduler answers at *address* within *timeout* seconds.

    ``distributed.Client`` waits without end on a server that accepts the connection but
    does not speak Dask's protocol (a web server, the dashboard's port), or reads its
    reply as a huge message and runs out of memory. So the scheduler is first asked who
    it is, on a connection of its own in a thread of its own, under one deadline.

    Raises
    ------
    LandsimError
        Nothing answers, something else answers, or no answer comes in time.
    """
    from concurrent.futures import ThreadPoolExecutor

    _listening(address, timeout)
    with ThreadPoolExecutor(1) as pool:  # its own event loop, even inside Jupyter's
        try:
            reply = pool.submit(_identity, address, timeout).result()
        except TimeoutError:  # before OSError, of which it is a kind
            reply = f"no answer within {timeout:g} s"
        except OSError as exc:
            raise _unreachable(address, exc) from None
        except MemoryError:  # another protocol's bytes read as a message's length
            reply = "its reply is not a Dask message"
        except Exception as exc:  # any other reply that is not Dask's
            reply = f"{type(exc).__name__}: {exc}"[:120]
    if isinstance(reply, dict) and reply.get("type") == "Scheduler":
        return
    raise LandsimError(
        f"the server at {address} does not answer as a Dask scheduler ({reply}); is it "
        "the dashboard (port 8787)? Give the address the scheduler prints, by default "
        "tcp://host:8786"
    )


def _listening(address: str, timeout: float) -> None:
    """Refuse at once a ``tcp://`` address where nothing listens.

    Dask's own connection tries again until its deadline, so "nothing there" took the
    whole 10 s and was reported as a timeout or as a server that does not answer.
    """
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    if parts.scheme != "tcp" or parts.hostname is None or _port(address) is None:
        return
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
            pass
    except ConnectionRefusedError:
        raise LandsimError(
            f"nothing listens at {address} (the connection was refused); start the "
            "scheduler (dask scheduler, or a dask-jobqueue cluster) and pass the address "
            "it prints, by default tcp://host:8786"
        ) from None
    except socket.gaierror as exc:
        raise LandsimError(
            f"cannot find the host {parts.hostname} of {address} ({exc.strerror}); check "
            "the name the scheduler prints, e.g. tcp://10.0.0.5:8786"
        ) from None
    except OSError:
        return  # unreachable or filtered: Dask's connection says so within its deadline


def _identity(address: str, timeout: float):
    """Ask the server at *address* who it is (Dask's ``identity``), within *timeout* s."""
    import asyncio

    from distributed.comm import connect

    async def ask():
        comm = await connect(address, timeout=timeout)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    async def within():
        return await asyncio.wait_for(ask(), timeout)

    return asyncio.run(within())


def _unreachable(address: str, exc: BaseException) -> LandsimError:
    return LandsimError(
        f"cannot reach the Dask scheduler at {address} ({exc}); start it (dask "
        "scheduler, or a dask-jobqueue cluster) and pass the address it prints"
    )


@contextlib.contextmanager
def executor_for(
    scheduler: Scheduler | None, workers: int = 1
) -> Iterator[tuple[Executor | None, int]]:
    """Yield ``(executor, workers)`` for :func:`~landsim.engine.batch.simulate_batch`.

    Without a scheduler: no executor (this machine's process pool of *workers*).
    """
    if scheduler is None:
        yield None, workers
        return
    with dask_executor(scheduler) as (executor, threads):
        yield executor, threads
