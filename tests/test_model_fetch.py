"""core.model_fetch against a fake hub (a local HTTP server, tests.fake_hub): progress, pattern
filtering, cache hits, cancel, offline."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import huggingface_hub
import pytest

from core.errors import ModelError
from core.model_fetch import FetchCancelled, cached_model, fetch_model, is_complete
from tests.fake_hub import REPO, SHA, serve_hub

FILES = {"config.json": 100, "tokenizer.json": 300, "vocab.json": 50, "model.safetensors": 1000,
         "pytorch_model.bin": 1000, "flax_model.msgpack": 900, "README.md": 20}


@pytest.fixture
def hub(monkeypatch):
    """A hub on localhost (tests.fake_hub) serving FILES; huggingface_hub talks to it over HTTP."""
    fake = serve_hub(monkeypatch, FILES)
    yield fake
    fake.stop()


def no_network(monkeypatch) -> None:
    """A try to reach the hub fails the test: its HTTP session asked for (huggingface_hub refuses a
    request itself when HF_HUB_OFFLINE is set, which this tells from not trying), a connection or a
    name look-up. (Its short timeouts are seconds, which a loaded machine's wall clock cannot tell
    from a quick no.)"""
    import huggingface_hub.hf_api
    import huggingface_hub.utils._http

    def refused(*_args, **_kwargs):
        pytest.fail("network used offline")

    for module in (huggingface_hub.utils, huggingface_hub.utils._http, huggingface_hub.hf_api):
        monkeypatch.setattr(module, "get_session", refused)
    monkeypatch.setattr(socket, "getaddrinfo", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket.socket, "connect_ex", refused)


def test_offline_env_fails_fast_with_the_download_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("network used offline"))
    no_network(monkeypatch)
    t0 = time.monotonic()
    with pytest.raises(ModelError) as e:
        fetch_model("openai/clip-vit-base-patch32", cache_dir=tmp_path)
    assert time.monotonic() - t0 < 20  # (no hub tried: no look-up, no connection)
    assert "hf download openai/clip-vit-base-patch32" in str(e.value)
    assert "HF_HUB_OFFLINE" in str(e.value)


def test_unreachable_hub_is_a_model_error_with_the_hint(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    def no_network(*a, **k):
        raise ConnectionError("Name or service not known")

    monkeypatch.setattr(huggingface_hub, "model_info", no_network)
    with pytest.raises(ModelError, match="hf download someone/tiny-clip"):
        fetch_model(REPO, cache_dir=tmp_path)


@pytest.mark.parametrize("error, says", [("GatedRepoError", "is gated on the Hugging Face hub"),
                                          ("RepositoryNotFoundError", "No model named")])
def test_a_gated_or_unknown_repo_is_said_as_such_not_as_offline(monkeypatch, tmp_path, error, says):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    from huggingface_hub import errors

    cls = getattr(errors, error)

    def refused(*a, **k):
        e = cls.__new__(cls)  # (their constructor wants an HTTP response)
        Exception.__init__(e, "refused")
        raise e

    monkeypatch.setattr(huggingface_hub, "model_info", refused)
    with pytest.raises(ModelError, match=says) as e:
        fetch_model(REPO, cache_dir=tmp_path)
    assert "hf download" not in str(e.value)


def test_not_a_hub_id_is_refused(tmp_path):
    with pytest.raises(ModelError, match="not a Hugging Face model id"):
        fetch_model("../some folder", cache_dir=tmp_path)


def test_fetch_reports_byte_progress_and_skips_pickles(hub, tmp_path):
    seen = []
    folder = fetch_model(REPO, progress=lambda d, t: seen.append((d, t)), cache_dir=tmp_path)
    assert sorted(hub.downloads) == ["config.json", "model.safetensors", "tokenizer.json", "vocab.json"]
    assert hub.downloads[-1] == "model.safetensors", "weights come last"
    assert "pytorch_model.bin" not in hub.downloads and "flax_model.msgpack" not in hub.downloads
    total = 100 + 300 + 50 + 1000
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(t == total for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen), "progress never goes back"
    assert len(seen) > 10, "progress is reported while bytes arrive, not once per file"
    assert sum(d == total for d, _ in seen) == 1, "each byte counts once (not also as a byte received)"
    assert is_complete(folder) and (folder / "model.safetensors").stat().st_size == 1000
    assert (tmp_path / f"models--{REPO.replace('/', '--')}" / "refs" / "main").read_text() == SHA


def test_a_cached_model_returns_at_once_even_offline(hub, tmp_path, monkeypatch):
    first = fetch_model(REPO, cache_dir=tmp_path)
    assert cached_model(REPO, tmp_path) == first
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub.downloads.clear()
    calls = hub.info_calls
    assert fetch_model(REPO, cache_dir=tmp_path) == first
    assert hub.info_calls == calls and not hub.downloads


def test_cancel_leaves_nothing_behind(hub, tmp_path):
    seen = []

    def cancelled():
        return bool(seen) and seen[-1][0] > 600  # inside model.safetensors

    with pytest.raises(FetchCancelled, match="cancelled"):
        fetch_model(REPO, progress=lambda d, t: seen.append((d, t)), cancelled=cancelled, cache_dir=tmp_path)
    assert not (tmp_path / f"models--{REPO.replace('/', '--')}").exists()
    assert cached_model(REPO, tmp_path) is None
    hub.downloads.clear()
    folder = fetch_model(REPO, cache_dir=tmp_path)  # a later fetch starts clean and completes
    assert is_complete(folder) and "config.json" in hub.downloads


def test_cancel_keeps_what_was_cached_before(hub, tmp_path):
    fetch_model(REPO, cache_dir=tmp_path)
    storage = tmp_path / f"models--{REPO.replace('/', '--')}"
    (storage / "snapshots" / SHA / "model.safetensors").unlink()  # as if the weights were never fetched
    for blob in (storage / "blobs").glob("*model.safetensors"):
        blob.unlink()
    assert cached_model(REPO, tmp_path) is None, "a snapshot without its weights is not complete"
    with pytest.raises(FetchCancelled):
        fetch_model(REPO, cancelled=lambda: bool(hub.downloads), cache_dir=tmp_path)
    assert (storage / "snapshots" / SHA / "config.json").is_file(), "files from before the fetch stay"
    assert not (storage / "snapshots" / SHA / "model.safetensors").exists()


def test_a_broken_download_is_rolled_back_with_a_clear_error(hub, tmp_path):
    hub.fail_on = "model.safetensors"
    with pytest.raises(ModelError, match=r"stopped \(OSError: Consistency check failed: file should be of size "
                                         r"1000 but has size 500 [^\n]*\); nothing of it was kept"):
        fetch_model(REPO, cache_dir=tmp_path)
    assert not (tmp_path / f"models--{REPO.replace('/', '--')}").exists()


def test_a_cancel_removes_the_snapshot_folder_it_created(hub, tmp_path):
    fetch_model(REPO, cache_dir=tmp_path)
    storage = tmp_path / f"models--{REPO.replace('/', '--')}"
    old = storage / "snapshots" / ("0" * 40)  # an earlier, incomplete revision: the new one is fetched beside it
    (storage / "snapshots" / SHA).rename(old)
    (old / "model.safetensors").resolve().unlink()
    (old / "model.safetensors").unlink()
    (storage / "refs" / "main").write_text(old.name)
    before = sorted(p.relative_to(storage) for p in storage.rglob("*"))
    hub.downloads.clear()
    with pytest.raises(FetchCancelled):
        fetch_model(REPO, cancelled=lambda: bool(hub.downloads), cache_dir=tmp_path)  # in the weights
    assert hub.downloads == ["model.safetensors"]
    assert not (storage / "snapshots" / SHA).exists(), "the new revision's folders are removed, not left empty"
    assert sorted(p.relative_to(storage) for p in storage.rglob("*")) == before
    assert (storage / "refs" / "main").read_text() == old.name


def test_a_failure_after_an_earlier_fetch_keeps_the_cache_consistent(hub, tmp_path):
    fetch_model(REPO, cache_dir=tmp_path)
    storage = tmp_path / f"models--{REPO.replace('/', '--')}"
    weights = storage / "snapshots" / SHA / "model.safetensors"
    weights.resolve().unlink()  # the blob too: else the library links it again without a download
    weights.unlink()
    hub.fail_on = "model.safetensors"
    with pytest.raises(ModelError):
        fetch_model(REPO, cache_dir=tmp_path)
    assert not weights.exists() and not weights.is_symlink()
    assert (storage / "snapshots" / SHA / "config.json").is_file()
    assert cached_model(REPO, tmp_path) is None


def test_a_pickle_only_repo_is_refused(monkeypatch, tmp_path):
    fake = serve_hub(monkeypatch, {"config.json": 10, "pytorch_model.bin": 100})
    try:
        with pytest.raises(ModelError, match="pickle"):
            fetch_model(REPO, cache_dir=tmp_path)
        assert fake.info_calls == 1 and not fake.downloads
    finally:
        fake.stop()


def test_sharded_weights_are_complete_only_with_every_shard(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    (tmp_path / "model-00001-of-00002.safetensors").write_bytes(b"x")
    assert not is_complete(tmp_path)
    (tmp_path / "model-00002-of-00002.safetensors").write_bytes(b"x")
    assert is_complete(tmp_path)


def test_only_the_bytes_bar_counts():
    """snapshot_download makes a bar of files, a bar of bytes written and one of bytes received
    (Xet reports both for each byte): only the bytes written may count."""
    from core.model_fetch import BYTES_BAR, _progress_bar_class

    got = []
    bar = _progress_bar_class(got.append)
    files = bar(total=3, desc="Fetching 3 files")
    written = bar(name=BYTES_BAR, total=0, unit="B")
    received = bar(name=BYTES_BAR + ".transfer", total=0, unit="B")
    for n in (400, 400, 200):
        received.update(n)
        written.update(n)
        written.update_transfer(n)
    files.update(1)
    assert sum(got) == 1000


def test_cancel_inside_the_weights_takes_back_only_what_this_fetch_added(hub, tmp_path):
    fetch_model(REPO, cache_dir=tmp_path)
    storage = tmp_path / f"models--{REPO.replace('/', '--')}"
    for name in ("tokenizer.json", "model.safetensors"):  # as if never fetched: this fetch adds them
        link = storage / "snapshots" / SHA / name
        link.resolve().unlink()
        link.unlink()
    before = sorted(p.relative_to(storage) for p in storage.rglob("*"))
    seen = []
    with pytest.raises(FetchCancelled):
        fetch_model(REPO, progress=lambda d, t: seen.append(d), cancelled=lambda: bool(seen) and seen[-1] > 600,  # in the weights
                    cache_dir=tmp_path)
    assert hub.downloads[4:] == ["tokenizer.json", "model.safetensors"], "both were downloaded again"
    assert sorted(p.relative_to(storage) for p in storage.rglob("*")) == before, "what this fetch added is gone"
    assert (storage / "refs" / "main").read_text() == SHA and cached_model(REPO, tmp_path) is None
