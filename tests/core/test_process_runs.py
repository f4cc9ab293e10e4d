"""The processes that agreement, export and import start: silent, ended with the one that
started them, whatever ends it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from annotations.process_runs import run_pool

# A calling process that starts two processes, gives them work (of argv[1] seconds), and waits.
CALLER = """
import sys, time
from annotations.process_runs import run_pool
with run_pool(2) as pool:
    work = [pool.apply_async(time.sleep, (float(sys.argv[1]),)) for _ in range(4)]
    print(*[pid for pid in (process.pid for process in pool._pool)], flush=True)
    time.sleep(60)
"""


def started_caller(work_seconds: float) -> tuple[subprocess.Popen, list[int]]:
    caller = subprocess.Popen(
        [sys.executable, "-c", CALLER, str(work_seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert caller.stdout is not None
    workers = [int(pid) for pid in caller.stdout.readline().split()]
    time.sleep(0.5)  # the workers are running their task
    return caller, workers


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its parent is gone too
        return stat.read().split()[2] == "Z"


def wait_gone(pids: list[int]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if all(gone(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def standard_error_name() -> str:
    return sys.stderr.name


def test_the_processes_ignore_ctrl_c_and_write_nowhere():
    """Ctrl+c ignored from their start (inherited: a ctrl+c while they import would show their
    traceback), standard error thrown away."""
    with run_pool(1) as pool:
        handler = pool.apply(signal.getsignal, (signal.SIGINT,))
        assert pool.apply(standard_error_name) == os.devnull
    assert handler == signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the caller's is back


def test_sigterm_ends_the_caller_and_its_processes_quietly():
    caller, workers = started_caller(60)
    caller.send_signal(signal.SIGTERM)
    _, stderr = caller.communicate(timeout=20)
    assert caller.returncode == 128 + signal.SIGTERM
    assert stderr == ""
    assert wait_gone(workers)


@pytest.mark.skipif(not os.path.exists("/proc"), reason="reads /proc")
def test_a_killed_caller_leaves_no_traceback_of_its_processes():
    """Each finds its caller gone when it hands its result in (a broken pipe), and ends without
    a word; so does the resource tracker that frees their semaphores."""
    caller, workers = started_caller(1)
    caller.kill()
    caller.wait(timeout=10)
    assert wait_gone(workers)
    assert caller.stderr is not None
    stderr = caller.stderr.read()  # every writer gone: the workers' and the tracker's
    assert stderr == ""
