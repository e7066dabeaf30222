"""Warm kernels: each notebook still gets a new kernel process of its own, but it is forked
from a helper process that has already imported pandas, matplotlib, seaborn, pandera and
this package, instead of starting Python and importing them again (about 4 s of a 6 s report
on 2 cores).

The helper (one per runner worker, started with ``python -m kediri_analytics.report.warm``)
only imports modules: it executes no notebook code and creates no IPython shell, so every
kernel starts with an empty namespace and the same settings as a fresh one (the inline
matplotlib backend is chosen exactly as ipykernel does). A test checks that a report's outputs
are the same with warm and fresh kernels. Only where ``os.fork`` exists (Linux, macOS);
elsewhere, or with ``KEDIRI_WARM_KERNELS=0``, kernels start the ordinary way.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from queue import Empty

from ..core import collector

#: registers the styled displays in a forked kernel's shell (``load_ipython_extension``)
DISPLAY_EXTENSION = "kediri_analytics.present.display"
#: imported once in the helper; a notebook importing them again finds them loaded
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "seaborn",
    "pandera.pandas",
    "xlsxwriter",
    "pandas.io.formats.excel",
    "pandas.io.formats.html",
    "kediri_analytics",
    "kediri_analytics.dataset",
    "kediri_analytics.preloaded",
    "kediri_analytics.metrics",
    *(
        f"kediri_analytics.metrics.{m}"
        for m in (
            "awards",
            "competency",
            "indicators",
            "ip_asn",
            "merit",
            "monthly",
            "performance",
            "qualification",
            "quality",
            "talent",
        )
    ),
    "kediri_analytics.present.brief",
    "kediri_analytics.present.charts",
    "kediri_analytics.present.excel",
    "kediri_analytics.present.style",
    # what a kernel imports while it starts (the debugger alone is 0.5 s here)
    "IPython",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.core.pylabtools",
    "IPython.extensions.storemagic",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "tornado.platform.asyncio",
    "sqlite3",
    "pygments.lexers.python",
    "pygments.formatters.terminal",
    "http.server",
    "psutil",
)


def available() -> bool:
    """Can kernels be forked here (and are warm kernels not switched off)?"""
    return hasattr(os, "fork") and os.environ.get("KEDIRI_WARM_KERNELS", "1") != "0"


# --------------------------------------------------------------------------- the helper


def _serve() -> None:
    """The helper's loop: one JSON request per line on stdin (argv, cwd, env), one pid back."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # the collector set for batch work here (its imports) and in every kernel forked from it
    gc.set_threshold(*collector.BATCH_THRESHOLD)
    for name in PRELOAD:
        importlib.import_module(name)
    # pandas picks this default at import from "is this a terminal?": a kernel is not one
    pd = importlib.import_module("pandas")
    pd.set_option("display.max_columns", 20)
    # pandera loads its validation backends on the first validate (about 1 s here): pay it
    # once in the helper, not in every report's first metric
    check = importlib.import_module("kediri_analytics.metrics.outputs").check
    check("distribution", pd.DataFrame({"predikat": ["Baik"], "count": [1], "share": [1.0]}))
    importlib.import_module("pandas.io.formats.style")  # styled tables (present/display.py)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    me = os.getpid()
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("preload"):  # the run's data folder, loaded once for all its kernels
            importlib.import_module("kediri_analytics.preloaded").keep(req["preload"])
        if "argv" not in req:  # only that: no kernel wanted, no answer
            continue
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 0
            try:
                os.setsid()  # its own process group, as a launched kernel has
                # what the helper loaded lives as long as the kernel: out of the collector's
                # way, which runs less often too (core/collector.py; a report allocates
                # millions of short-lived objects: frames, figure artists): 10-15 % less CPU
                gc.freeze()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                fd = os.open(os.devnull, os.O_RDWR)
                os.dup2(fd, 0)  # not the helper's request pipe
                os.dup2(fd, 1)  # nor its answer pipe (a launched kernel prints nothing there)
                os.environ.clear()
                os.environ.update(req["env"])
                os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
                os.chdir(req["cwd"])
                # poll the helper as a launched kernel polls its launcher (JPY_PARENT_PID,
                # read by ipykernel when the helper imported it): when the worker dies, its
                # helper ends and so does a kernel it left running
                # the package was imported before this shell existed: its displays are
                # registered as an IPython extension once the shell is up (present/display.py)
                sys.argv = [
                    "ipykernel_launcher",
                    *req["argv"],
                    f"--IPKernelApp.parent_handle={me}",
                    f"--IPKernelApp.extensions={DISPLAY_EXTENSION}",
                ]
                from ipykernel.kernelapp import launch_new_instance

                launch_new_instance()
            except BaseException:  # noqa: BLE001 - the kernel must never return into the loop
                code = 1
            finally:
                os._exit(code)
        out.write(f"{pid}\n")
        out.flush()


# --------------------------------------------------------------------------- the client


class _Helper:
    """The worker's handle on its helper process (started on first use).

    One helper per worker process. Requests and answers go over one pipe, so they are
    serialised by a lock: a worker that runs reports in several threads (a Dask worker with
    ``--nthreads 2``) never reads another thread's answer.
    """

    proc: subprocess.Popen | None = None
    flags: tuple[str, ...] = ()
    lock = threading.Lock()

    @classmethod
    def _start(cls, flags: tuple[str, ...]) -> None:
        # the interpreter flags of the kernelspec (-Xfrozen_modules=off): the helper's
        # imports are the kernel's, so they are made under the same flags
        if cls.proc is not None and cls.proc.poll() is None:
            if cls.flags == flags:
                return
            cls._close()
        cls.proc = subprocess.Popen(
            [sys.executable, *flags, "-m", "kediri_analytics.report.warm"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        cls.flags = flags
        atexit.register(cls.close)

    @classmethod
    def start(cls, flags: tuple[str, ...] = (), preload: str | None = None) -> None:
        """Start the helper now, without waiting for it (its imports overlap other work);
        it loads the data folder ``preload`` as soon as it is ready."""
        with cls.lock:
            cls._start(tuple(flags))
            if preload:
                cls.proc.stdin.write(json.dumps({"preload": preload}) + "\n")
                cls.proc.stdin.flush()

    @classmethod
    def fork(
        cls,
        argv: list[str],
        cwd: str,
        env: dict,
        flags: tuple[str, ...] = (),
        preload: str | None = None,
    ) -> int:
        with cls.lock:
            cls._start(tuple(flags))
            proc = cls.proc
            req = {"argv": argv, "cwd": cwd, "env": env, "preload": preload}
            proc.stdin.write(json.dumps(req) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if line.strip() == "ready":  # the first answer of a new helper
                line = proc.stdout.readline()
            if not line.strip().isdigit():
                cls._close()
                raise RuntimeError("the warm-kernel helper stopped")
            return int(line)

    @classmethod
    def close(cls) -> None:
        """End the helper (it also ends by itself when this process's pipe closes)."""
        with cls.lock:
            cls._close()

    @classmethod
    def _close(cls) -> None:
        if cls.proc is not None and cls.proc.poll() is None:
            cls.proc.stdin.close()
            try:
                cls.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
        cls.proc = None


def interpreter_flags(kernel: str) -> tuple[str, ...]:
    """The interpreter flags in a kernelspec's argv (``python -Xfrozen_modules=off -m
    ipykernel_launcher ...``); none when the kernel is unknown."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec(kernel).argv
    except NoSuchKernel:
        return ()
    return tuple(argv[1 : argv.index("-m")]) if "-m" in argv else ()


def prestart(kernel: str, data_dir: str | None = None) -> None:
    """Start this process's helper for kernels of ``kernel`` (a worker's initializer): the
    helper imports, and loads ``data_dir``, while the first report is being prepared."""
    if available():
        _Helper.start(interpreter_flags(kernel), data_dir)


class Forked:
    """A ``subprocess.Popen``-like handle on a forked kernel (not our child: polled by pid)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The kernel's exit code, or None while it runs (as ``Popen.poll``)."""
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end; its exit code (as ``Popen.wait``)."""
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, sig: int) -> None:
        """Send a signal to the kernel process."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)

    def kill(self) -> None:
        """Kill the kernel process (SIGKILL)."""
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel process to end (SIGTERM)."""
        self.send_signal(signal.SIGTERM)


def kernel_manager_class(
    fork: bool = True, started: list | None = None, preload: str | None = None
):
    """The kernel manager class for nbclient's ``kernel_manager_class``.

    Its kernels are forked from the warm helper when ``fork`` (and :func:`available`), else
    launched the ordinary way. ``started``, when given, gets ``True`` appended once the
    kernel has answered (so a caller can tell a kernel that never started, for example on a
    port clash, from a notebook that failed). ``preload``, a data folder, is loaded by the
    helper before it forks, and the kernel's ``ka.load_folder`` of it is then already done
    (:mod:`kediri_analytics.preloaded`).

    Either way, shutting a kernel down sends no SIGINT first: jupyter_client interrupts
    before every shutdown, and a kernel that is still finishing a message logs
    "KeyboardInterrupt caught in kernel" for nothing. A report's kernel is shut down only
    when its notebook has ended, and the shutdown request goes over the control channel
    (with a kill after the grace time), so the interrupt serves no purpose here.

    Two waits of jupyter_client are shortened, with the same messages exchanged: after the
    kernel's first answer it listens for 0.2 s of silence on the output channel before the
    first cell (nbclient matches every output to its request, so a late status message
    there is ignored anyway); and it checks every 0.1 s whether a kernel asked to shut down
    has ended. About 0.25 s per report.
    """
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner
    from traitlets import default

    class ReadyClient(AsyncKernelClient):
        async def _async_wait_for_ready(self, timeout=None):
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:  # kernel_info until the kernel answers and its outputs flow
                self.kernel_info()
                try:
                    msg = await self.shell_channel.get_msg(timeout=1)
                except Empty:
                    pass
                else:
                    if msg["msg_type"] == "kernel_info_reply":
                        try:
                            await self.iopub_channel.get_msg(timeout=0.2)
                        except Empty:
                            pass
                        else:
                            self._handle_kernel_info_reply(msg)
                            break
                if not await self._async_is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
            while True:  # the rest of the start-up status messages
                try:
                    await self.iopub_channel.get_msg(timeout=0.02)
                except Empty:
                    break
            if started is not None:
                started.append(True)

        wait_for_ready = _async_wait_for_ready

    class QuietKernelManager(AsyncKernelManager):
        @default("client_factory")
        def _client_factory_default(self):
            return ReadyClient

        async def _async_interrupt_kernel(self):
            if self.shutting_down and self.has_kernel:
                return None
            return await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

        async def _async_finish_shutdown(self, waittime=None, pollinterval=0.1, restart=False):
            await super()._async_finish_shutdown(waittime, min(pollinterval, 0.01), restart)

    if not (fork and available()):
        return QuietKernelManager

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            # cmd is the kernelspec's argv: python [flags] -m ipykernel_launcher -f FILE ...;
            # any other kernel (a wrapper script, another interpreter) starts the usual way
            if "-m" not in cmd or cmd[cmd.index("-m") + 1 :][:1] != ["ipykernel_launcher"]:
                return await super().launch_kernel(cmd, **kwargs)
            i = cmd.index("-m") + 2
            flags = tuple(cmd[1 : i - 2])
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            self.process = Forked(_Helper.fork(list(cmd[i:]), cwd, env, flags, preload))
            self.pid = self.pgid = self.process.pid
            self.cwd = cwd
            return self.connection_info

    class WarmKernelManager(QuietKernelManager):
        async def _async_pre_start_kernel(self, **kw):
            out = await super()._async_pre_start_kernel(**kw)
            if type(self.provisioner) is LocalProvisioner:
                self.provisioner.__class__ = ForkProvisioner
            return out

    return WarmKernelManager


if __name__ == "__main__":
    _serve()
