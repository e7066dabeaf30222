"""The collector's batch setting: raised inside the block, the caller's thresholds after it."""

from __future__ import annotations

import gc

import pytest

from kediri_analytics.core import collector


def test_batch_raises_the_thresholds_and_puts_them_back():
    before = gc.get_threshold()
    with collector.batch():
        assert gc.get_threshold() == (50_000, 50, 100)
        assert gc.isenabled()  # cycles are still collected
    assert gc.get_threshold() == before


def test_batch_puts_them_back_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(OSError, match="disk full"), collector.batch():
        raise OSError("disk full")
    assert gc.get_threshold() == before
