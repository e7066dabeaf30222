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
import importlib
import json
import os
import signal
import subprocess
import sys
import time

#: imported once in the helper; a notebook importing them again finds them loaded
PRELOAD = ("numpy", "pandas", "pyarrow", "matplotlib", "seaborn", "pandera.pandas",
           "kediri_analytics", "kediri_analytics.metrics", "kediri_analytics.present.brief",
           "kediri_analytics.present.style", "IPython", "ipykernel.kernelapp",
           "ipykernel.ipkernel")  # fmt: skip


def available() -> bool:
    """Can kernels be forked here (and are warm kernels not switched off)?"""
    return hasattr(os, "fork") and os.environ.get("KEDIRI_WARM_KERNELS", "1") != "0"


# --------------------------------------------------------------------------- the helper


def _serve() -> None:
    """The helper's loop: one JSON request per line on stdin (argv, cwd, env), one pid back."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
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
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the kernel
            code = 0
            try:
                os.setsid()  # its own process group, as a launched kernel has
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                fd = os.open(os.devnull, os.O_RDWR)
                os.dup2(fd, 0)  # not the helper's request pipe
                os.dup2(fd, 1)  # nor its answer pipe (a launched kernel prints nothing there)
                os.environ.clear()
                os.environ.update(req["env"])
                os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
                os.chdir(req["cwd"])
                sys.argv = ["ipykernel_launcher", *req["argv"]]
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
    """The worker's handle on its helper process (started on first use)."""

    proc: subprocess.Popen | None = None

    @classmethod
    def fork(cls, argv: list[str], cwd: str, env: dict) -> int:
        if cls.proc is None or cls.proc.poll() is not None:
            cls.proc = subprocess.Popen(
                [sys.executable, "-m", "kediri_analytics.report.warm"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
            if cls.proc.stdout.readline().strip() != "ready":
                raise RuntimeError("the warm-kernel helper did not start")
            atexit.register(cls.close)
        cls.proc.stdin.write(json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n")
        cls.proc.stdin.flush()
        line = cls.proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError("the warm-kernel helper stopped")
        return int(line)


    @classmethod
    def close(cls) -> None:
        """End the helper (it also ends by itself when this process's pipe closes)."""
        if cls.proc is not None and cls.proc.poll() is None:
            cls.proc.stdin.close()
            try:
                cls.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                cls.proc.kill()
        cls.proc = None


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


def kernel_manager_class(fork: bool = True):
    """The kernel manager class for nbclient's ``kernel_manager_class``.

    Its kernels are forked from the warm helper when ``fork`` (and :func:`available`), else
    launched the ordinary way. Either way, shutting a kernel down sends no SIGINT first:
    jupyter_client interrupts before every shutdown, and a kernel that is still finishing a
    message logs "KeyboardInterrupt caught in kernel" for nothing. A report's kernel is shut
    down only when its notebook has ended, and the shutdown request goes over the control
    channel (with a kill after the grace time), so the interrupt serves no purpose here.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class QuietKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self):
            if self.shutting_down and self.has_kernel:
                return None
            return await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

    if not (fork and available()):
        return QuietKernelManager

    class ForkProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            # cmd is the kernelspec's argv: python -m ipykernel_launcher -f FILE ...
            i = cmd.index("-m") + 2 if "-m" in cmd else 1
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            self.process = Forked(_Helper.fork(list(cmd[i:]), cwd, env))
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
