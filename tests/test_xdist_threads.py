"""A pytest-xdist worker runs torch on its share of the cores (tests/conftest.py sets OMP_NUM_THREADS
before torch is imported): CI's 4 workers on 2 cores each ran 2 intra-op threads that spun waiting
on each other."""

from __future__ import annotations

import os

import pytest


def test_an_xdist_worker_s_torch_runs_on_its_share_of_the_cores():
    count = os.environ.get("PYTEST_XDIST_WORKER_COUNT")
    if not count:
        pytest.skip("not in a pytest-xdist worker")
    import torch

    share = max(1, (os.cpu_count() or 1) // int(count))
    assert torch.get_num_threads() == int(os.environ.get("OMP_NUM_THREADS", 0)) > 0
    assert torch.get_num_threads() <= max(share, int(os.environ["OMP_NUM_THREADS"]))  # (a user's setting kept)
