"""Reaching the cluster of ``seekframe index --ray`` (``core.cluster_connect``): an address where
nothing listens is said in seconds, before the library is made (Ray's connect retried it for about a
quarter of an hour, printing only its own warnings); a cluster that answers but refuses this driver
says the likely cause, Ray's token. No Ray cluster is started."""

from __future__ import annotations

import socket

import pytest

from core.cli import main
from core.errors import SeekframeError

pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[cluster]')")

# connect keeps a Ray session this process already has, asking nothing: the tests that run the command
# hide the one tests/cluster_world.py may have left up in this test process (started for
# tests/test_cluster.py, kept for tests/test_cluster_faults.py), as the tests of connect itself do


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(120)  # (before: Ray's connect retried ~15 min)
def test_an_address_with_nothing_there_is_said_at_once_and_nothing_is_made(tmp_path, capsys, monkeypatch):
    import ray

    from tests.videos import Segment, write_video

    monkeypatch.setattr(ray, "is_initialized", lambda: False)  # (see above: no session here)
    port = _free_port()
    write_video(tmp_path / "videos" / "clip.mp4", [Segment(1, "red")])  # (with nothing to index, no run asks Ray)
    code = main(["index", str(tmp_path / "videos"), "--library", str(tmp_path / "lib"), "--ray", f"127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"No Ray cluster answers at 127.0.0.1:{port}" in err and "ray start --head" in err
    assert not (tmp_path / "lib").exists()  # nothing touched


def test_a_cluster_that_refuses_this_driver_names_the_token(monkeypatch):
    """Ray 2.60 asks for its token where the head's machine has one; a driver given HOST:PORT sends
    none unless RAY_AUTH_MODE=token: Ray said only 'Failed to connect to Ray cluster at ...'."""
    import ray

    from core.cluster import connect

    def refused(**_):
        raise ConnectionError("Failed to connect to Ray cluster at 192.0.2.2:6379")

    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refused)
    with socket.socket() as head:  # something answers at the address
        head.bind(("127.0.0.1", 0))
        head.listen()
        with pytest.raises(SeekframeError) as said:
            connect(f"127.0.0.1:{head.getsockname()[1]}")
    assert "Failed to connect" in str(said.value) and "RAY_AUTH_MODE=token" in str(said.value)
    assert "~/.ray/auth_token" in str(said.value)


@pytest.mark.timeout(120)
def test_a_cluster_that_refuses_this_driver_is_said_before_the_library_is_made(tmp_path, capsys, monkeypatch):
    """(Ray's ~25 s of retries for a token it lacks came after the scan and plan, the library made.)"""
    import ray

    from tests.videos import Segment, write_video

    def refused(**_):
        raise ConnectionError("Failed to connect to Ray cluster at 192.0.2.2:6379")

    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", refused)
    write_video(tmp_path / "videos" / "clip.mp4", [Segment(1, "red")])
    with socket.socket() as head:
        head.bind(("127.0.0.1", 0))
        head.listen()
        code = main(["index", str(tmp_path / "videos"), "--library", str(tmp_path / "lib"),
                     "--ray", f"127.0.0.1:{head.getsockname()[1]}"])
    err = capsys.readouterr().err
    assert code == 2 and "Failed to connect" in err and "RAY_AUTH_MODE=token" in err
    assert not (tmp_path / "lib").exists()  # nothing touched


def test_a_version_mismatch_is_said_as_ray_says_it_without_the_token(monkeypatch):
    """(A guard of the token word: Ray's own words for another Ray on the cluster say what to do.)"""
    import ray

    from core.cluster import connect

    def mismatch(**_):
        raise RuntimeError("Version mismatch: The cluster was started with:\n    Ray: 2.59.0\n    Python: 3.11.7\n"
                           "This process on node 192.0.2.2 was started with:\n    Ray: 2.60.0\n    Python: 3.11.7\n")

    monkeypatch.delenv("RAY_AUTH_MODE", raising=False)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", mismatch)
    with socket.socket() as head:
        head.bind(("127.0.0.1", 0))
        head.listen()
        with pytest.raises(SeekframeError) as said:
            connect(f"127.0.0.1:{head.getsockname()[1]}")
    assert "Version mismatch" in str(said.value) and "Ray: 2.59.0" in str(said.value)
    assert "RAY_AUTH_MODE" not in str(said.value)


def test_auto_with_no_cluster_here_says_seekframe_s_options_not_ray_s(monkeypatch):
    """Ray's refusal of "auto" told to set its own --address flag, which seekframe index has not."""
    import ray

    from core.cluster import connect

    def none_here(**_):
        raise ConnectionError("Could not find any running Ray instance. Please specify the one to connect to by "
                              "setting `--address` flag or `RAY_ADDRESS` environment variable.")

    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", none_here)
    with pytest.raises(SeekframeError) as said:
        connect("auto")
    assert "ray start --head" in str(said.value) and "--ray HOST:PORT" in str(said.value)


@pytest.mark.timeout(120)
def test_auto_with_no_cluster_here_is_said_before_the_library_is_made(tmp_path, capsys, monkeypatch):
    """Ray found no cluster for "auto" only once the scan was through, the library made (empty, or a
    scan of tens of thousands of files long): now before anything is made, as for HOST:PORT."""
    import ray
    import ray._private.services as services

    from tests.videos import Segment, write_video

    def none_here(addr, temp_dir=None):
        raise ConnectionError("Could not find any running Ray instance. Please specify the one to connect to by "
                              "setting `--address` flag or `RAY_ADDRESS` environment variable.")

    monkeypatch.setattr(services, "canonicalize_bootstrap_address", none_here)  # (ray.init asks it too)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)  # (see above: no session here)
    write_video(tmp_path / "videos" / "clip.mp4", [Segment(1, "red")])
    code = main(["index", str(tmp_path / "videos"), "--library", str(tmp_path / "lib"), "--ray", "auto"])
    err = capsys.readouterr().err
    assert code == 2 and "Could not find any running Ray instance" in err and "ray start --head" in err
    assert not (tmp_path / "lib").exists()  # nothing touched


def test_addresses_read_as_ray_reads_them():
    from core.cluster_connect import host_port

    assert host_port("10.0.0.5:6379") == ("10.0.0.5", 6379)
    assert host_port("[::1]:6379") == ("::1", 6379)
    assert host_port("head.lan:6380") == ("head.lan", 6380)
    for other in ("", None, "auto", "ray://head:10001"):
        assert host_port(other) is None
    with pytest.raises(SeekframeError, match="HOST:PORT"):
        host_port("head:port")
