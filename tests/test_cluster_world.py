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
    # (test_cluster's last test, without Ray; then the modules between it and test_cluster_faults)
    between = (a_test("tests.test_cluster", "tmp_path", "capsys", "monkeypatch"),
               a_test("tests.test_cluster_connect", "monkeypatch"), a_test("tests.test_cluster_error_kind", "tmp_path"))
    for nextitem in (*users, *between):
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


def test_no_test_without_the_cluster_runs_between_its_users_in_test_cluster_faults():
    """A test of test_cluster_faults that does not ask for ``cluster`` runs after its last user (collection
    order: the order written): one between two users would shut the cluster down and start it again
    (``kept_for``), a start of 5 s on a quiet machine, 16 s on a loaded one."""
    import inspect

    from tests import test_cluster_faults as module

    tests = sorted((f for name, f in vars(module).items() if name.startswith("test_") and inspect.isfunction(f)),
                   key=lambda f: f.__code__.co_firstlineno)
    users = ["cluster" in inspect.signature(f).parameters for f in tests]
    assert any(users) and users == sorted(users, reverse=True), [(f.__name__, u) for f, u in zip(tests, users)]
