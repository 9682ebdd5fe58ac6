"""``tests.cluster_world.cluster``: the Ray cluster a test process shares between the cluster modules is
shut down once the next test it runs does not keep it (a cluster holds 0.6-1.2 GB and some CPU; it
was kept to the session's end)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import cluster_world


def a_test(module: str, *fixtures: str):
    return SimpleNamespace(fixturenames=list(fixtures), module=SimpleNamespace(__name__=module))


@pytest.fixture
def ended(monkeypatch):
    ended: list = []
    monkeypatch.setattr(cluster_world, "_SHARED", {"ray": "the cluster"})
    monkeypatch.setattr(cluster_world, "_shut_down", lambda ray: (ended.append(ray), cluster_world._SHARED.clear()))
    return ended


def test_the_cluster_is_kept_while_the_next_test_asks_for_it_or_runs_between_its_modules(ended):
    leaving = cluster_world._LEAVING.pytest_runtest_teardown
    users = a_test("tests.test_cluster", "cluster", "tmp_path"), a_test("tests.test_cluster_faults", "cluster")
    for nextitem in (*users, a_test("tests.test_cluster_connect", "monkeypatch")):
        leaving(item=users[0], nextitem=nextitem)
    assert ended == []


@pytest.mark.parametrize("nextitem", [None, a_test("tests.test_cluster_quiet", "tmp_path"),
                                      a_test("tests.test_decode_pool"), SimpleNamespace(fixturenames=[])])
def test_the_cluster_is_shut_down_once_the_next_test_does_not_keep_it(ended, nextitem):
    cluster_world._LEAVING.pytest_runtest_teardown(item=a_test("tests.test_cluster_faults", "cluster"),
                                                   nextitem=nextitem)
    assert ended == ["the cluster"] and not cluster_world._SHARED
    cluster_world._LEAVING.pytest_runtest_teardown(item=nextitem, nextitem=None)  # (down: once)
    assert ended == ["the cluster"]
