"""core.model_fetch against a fake hub: progress, pattern filtering, cache hits, cancel, offline."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import huggingface_hub
import pytest

from core.errors import ModelError
from core.model_fetch import FetchCancelled, cached_model, fetch_model, is_complete

REPO = "someone/tiny-clip"
SHA = "0123456789abcdef0123456789abcdef01234567"


class FakeHub:
    """Stands in for huggingface_hub.model_info and hf_hub_download, writing the real cache layout."""

    def __init__(self, files: dict[str, int], chunk: int = 64):
        self.files = files
        self.chunk = chunk
        self.downloads: list[str] = []
        self.info_calls = 0
        self.fail_on: str | None = None

    def model_info(self, repo_id, files_metadata=False, timeout=None, **kw):
        self.info_calls += 1
        assert files_metadata, "sizes are needed for byte progress"
        assert repo_id == REPO
        return SimpleNamespace(sha=SHA, siblings=[SimpleNamespace(rfilename=n, size=s) for n, s in self.files.items()])

    def hf_hub_download(self, repo_id, filename, *, revision, cache_dir, tqdm_class=None, **kw):
        assert revision == SHA
        storage = Path(cache_dir) / ("models--" + repo_id.replace("/", "--"))
        pointer = storage / "snapshots" / revision / filename
        if pointer.exists():
            return str(pointer)
        self.downloads.append(filename)
        size = self.files[filename]
        bar = tqdm_class(total=size, initial=0, desc=filename, unit="B", name="huggingface_hub.http_get")
        data = bytearray()
        try:
            while len(data) < size:
                if self.fail_on == filename and len(data) >= size // 2:
                    raise OSError("connection reset by peer")
                piece = min(self.chunk, size - len(data))
                data += self._content(filename, size)[len(data):len(data) + piece]
                bar.update(piece)
        finally:
            bar.close()
        blob = storage / "blobs" / f"blob-{filename.replace('/', '_')}"
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(bytes(data))
        pointer.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(os.path.relpath(blob, pointer.parent), pointer)
        return str(pointer)

    @staticmethod
    def _content(name, size):
        if name.endswith("model.safetensors.index.json"):
            return b""
        if name == "config.json":
            return b"{" + b" " * max(0, size - 2) + b"}"
        return b"x" * size


@pytest.fixture
def hub(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    fake = FakeHub({
        "config.json": 100, "tokenizer.json": 300, "vocab.json": 50, "model.safetensors": 1000,
        "pytorch_model.bin": 1000, "flax_model.msgpack": 900, "README.md": 20,
    })
    monkeypatch.setattr(huggingface_hub, "model_info", fake.model_info)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", fake.hf_hub_download)
    return fake


def test_offline_env_fails_fast_with_the_download_hint(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("network used offline"))
    t0 = time.monotonic()
    with pytest.raises(ModelError) as e:
        fetch_model("openai/clip-vit-base-patch32", cache_dir=tmp_path)
    assert time.monotonic() - t0 < 5
    assert "hf download openai/clip-vit-base-patch32" in str(e.value)
    assert "HF_HUB_OFFLINE" in str(e.value)


def test_unreachable_hub_is_a_model_error_with_the_hint(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    def no_network(*a, **k):
        raise ConnectionError("Name or service not known")

    monkeypatch.setattr(huggingface_hub, "model_info", no_network)
    with pytest.raises(ModelError, match="hf download someone/tiny-clip"):
        fetch_model(REPO, cache_dir=tmp_path)


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
    with pytest.raises(ModelError, match=r"stopped \(OSError: connection reset by peer\); nothing of it was kept"):
        fetch_model(REPO, cache_dir=tmp_path)
    assert not (tmp_path / f"models--{REPO.replace('/', '--')}").exists()


def test_a_failure_after_an_earlier_fetch_keeps_the_cache_consistent(hub, tmp_path):
    fetch_model(REPO, cache_dir=tmp_path)
    storage = tmp_path / f"models--{REPO.replace('/', '--')}"
    weights = storage / "snapshots" / SHA / "model.safetensors"
    weights.unlink()
    hub.fail_on = "model.safetensors"
    with pytest.raises(ModelError):
        fetch_model(REPO, cache_dir=tmp_path)
    assert not weights.exists() and not weights.is_symlink()
    assert (storage / "snapshots" / SHA / "config.json").is_file()
    assert cached_model(REPO, tmp_path) is None


def test_a_pickle_only_repo_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    fake = FakeHub({"config.json": 10, "pytorch_model.bin": 100})
    monkeypatch.setattr(huggingface_hub, "model_info", fake.model_info)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", fake.hf_hub_download)
    with pytest.raises(ModelError, match="pickle"):
        fetch_model(REPO, cache_dir=tmp_path)
    assert not fake.downloads


def test_sharded_weights_are_complete_only_with_every_shard(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    index = {"weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}}
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    (tmp_path / "model-00001-of-00002.safetensors").write_bytes(b"x")
    assert not is_complete(tmp_path)
    (tmp_path / "model-00002-of-00002.safetensors").write_bytes(b"x")
    assert is_complete(tmp_path)


def test_xet_downloads_count_each_byte_once():
    """huggingface_hub's Xet path reports bytes received and bytes written; only one may count."""
    from huggingface_hub.utils._xet_progress_reporting import XetDownloadProgressReporter

    from core.model_fetch import _progress_bar_class

    got = []
    reporter = XetDownloadProgressReporter(reconstruction_desc="model.safetensors", total=1000, log_level=20,
                                           name="huggingface_hub.xet_get", tqdm_class=_progress_bar_class(got.append))
    for written, received in ((0, 400), (300, 800), (1000, 1000)):
        reporter.update_progress(SimpleNamespace(total_bytes_completed=written, total_transfer_bytes_completed=received,
                                                 total_bytes=1000, total_bytes_completion_rate=None,
                                                 total_transfer_bytes_completion_rate=None))
    reporter.close()
    assert sum(got) == 1000
