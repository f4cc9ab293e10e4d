"""Ctrl+c and SIGTERM as exceptions, noted (annotations.interruptions)."""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from annotations import interruptions


@pytest.fixture(autouse=True)
def nothing_noted():
    """A note left by one test (a signal whose exception was not lost) is not another's."""
    interruptions._NOTED.clear()
    yield
    interruptions._NOTED.clear()


def test_sigterm_within_terminating_ends_as_an_exception_and_the_handler_comes_back() -> None:
    """An import's SIGTERM runs its ``finally`` blocks (its -importing file removed), status 143."""
    before = signal.getsignal(signal.SIGTERM)
    ran: list[str] = []
    with pytest.raises(SystemExit) as ended:
        with interruptions.terminating():
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)  # the handler raises at the next instruction, not after this
            finally:
                ran.append("finally")
    assert ended.value.code == 143 and ran == ["finally"]
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_signal_lost_in_an_sql_function_is_told_by_its_note() -> None:
    connection = sqlite3.connect(":memory:")

    def interrupted(_text: str) -> str:
        interruptions.keyboard_interrupt(signal.SIGINT, None)  # what ctrl+c's handler does there

    connection.create_function("f", 1, interrupted)
    with pytest.raises(sqlite3.OperationalError) as error:
        connection.execute("SELECT f('a')").fetchone()
    assert interruptions.lost_in(sqlite3.OperationalError("disk I/O error")) is None
    assert isinstance(interruptions.lost_in(error.value), KeyboardInterrupt)
    assert interruptions.lost_in(error.value) is None  # told once


def test_noted_ctrl_c_acts_as_pythons_own_and_is_put_back() -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with interruptions.noted():
        assert signal.getsignal(signal.SIGINT) is interruptions.keyboard_interrupt
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
