"""The report suite on a Dask cluster (``kediri-analytics report --scheduler tcp://HOST:8786``
or ``KEDIRI_DASK_SCHEDULER``; needs the ``distributed`` extra).

Each report run is one task, submitted as not pure (``pure=False``): the scheduler never
merges two runs or hands back a remembered result. A worker executes the notebook in a
scratch folder of its own and returns the files' bytes; the coordinating process writes them
(see :mod:`.runner`). A worker that dies mid-run loses only its scratch folder: the
scheduler gives the run to another worker (``distributed.scheduler.allowed-failures``, 3 by
default), and a run that kills its workers that often is marked failed (``KilledWorker``).

What every worker needs: this package at the same version (checked before anything is
submitted), the data folder at the same path, and a Jupyter kernel for Python (the project
kernel if installed, else ``python3``). Workers started with ``--nthreads 1`` run one
notebook each; more threads are safe (the warm-kernel helper serialises its pipe) but each
notebook needs a core of its own anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from ..core import __version__
from .manifest import RunError


def _version() -> str:
    from kediri_analytics.core import __version__

    return __version__


def _prestart(kernel: str, data: str | None) -> None:
    from kediri_analytics.report import warm

    warm.prestart(kernel, data)


class Cluster:
    """A connection to a Dask scheduler for one report run (a context manager).

    ``executor`` is the client's ``concurrent.futures`` executor (``pure=False``);
    ``nthreads`` how many notebooks the workers run at once. With ``kernel`` every worker
    starts its warm-kernel helper at once, loading ``data`` (the run's data folder).
    Raises :class:`RunError` when ``distributed`` is not installed, the scheduler cannot
    be reached, no worker joins within ``timeout`` seconds, or a worker has another package
    version.
    """

    def __init__(
        self,
        address: str,
        *,
        kernel: str | None = None,
        data: str | None = None,
        timeout: float = 30,
        log: Callable[[str], None] | None = None,
    ) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise RunError(
                "--scheduler needs the distributed extra: pip install "
                "'kediri-analytics[distributed]' (or conda install distributed)"
            ) from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except OSError as e:
            raise RunError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        try:
            self.client.wait_for_workers(1, timeout=timeout)
            versions = self.client.run(_version)
            other = {w: v for w, v in versions.items() if v != __version__}
            if other:
                raise RunError(
                    f"Dask workers with another kediri-analytics version than this one "
                    f"({__version__}): {other}; install the same version everywhere"
                )
            if kernel:  # each worker starts its warm-kernel helper now, in parallel
                self.client.run(_prestart, kernel, data)
        except RunError:
            self.client.close()
            raise
        except Exception as e:  # noqa: BLE001 - a timeout or a lost connection
            self.client.close()
            raise RunError(f"the Dask cluster at {address} is not usable: {e!r}") from None
        self.nthreads = sum(self.client.nthreads().values())
        self.executor = self.client.get_executor(pure=False)
        if log:
            log(f"Dask scheduler {address}: {len(versions)} worker(s), {self.nthreads} thread(s)")

    def close(self) -> None:
        """Stop waiting for the runs still submitted (cancelled) and disconnect."""
        self.executor.shutdown(wait=False)
        self.client.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
