"""core.hub_offer and core.model_fetch.download_size against a fake hub: the size follows the
fetch's own file rule, offline is fast and says how to get the model elsewhere, a cached model
is offered without the network, and nothing is ever downloaded."""

from __future__ import annotations

import time
from types import SimpleNamespace

import huggingface_hub
import pytest

import core.hub_offer as hub_offer
from core.encoders.sources import offline_message
from core.errors import ModelError
from core.hub_offer import check_offer, hub_reachable
from core.model_fetch import cached_model
from core.model_fetch import download_size, fetch_model
from tests.fake_hub import REPO, SHA, serve_hub
from tests.test_model_fetch import no_network

FILES = {  # the layout of openai/clip-vit-base-patch32: weights in three formats, configs, tokenizer
    "config.json": 4_190, "preprocessor_config.json": 316, "tokenizer.json": 2_224_003,
    "tokenizer_config.json": 568, "special_tokens_map.json": 389, "vocab.json": 862_328,
    "merges.txt": 524_619, "model.safetensors": 605_157_884, "pytorch_model.bin": 605_247_071,
    "tf_model.h5": 606_057_232, "flax_model.msgpack": 605_125_580, "README.md": 7_947, ".gitattributes": 1_477,
}
WANTED = ("config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
          "special_tokens_map.json", "vocab.json", "merges.txt", "model.safetensors")


@pytest.fixture
def online(monkeypatch):
    """The hub answers (tests.fake_hub, on localhost); nothing may be downloaded from it."""
    fake = serve_hub(monkeypatch, dict(FILES))
    monkeypatch.setattr(hub_offer, "hub_reachable", lambda timeout=3.0: True)
    yield fake
    fake.stop()
    assert not fake.downloads, "a check must never download"


def test_download_size_sums_exactly_the_files_a_fetch_downloads(online):
    assert download_size(REPO) == sum(FILES[n] for n in WANTED)
    assert 605e6 < download_size(REPO) < 610e6, "one copy of the weights, not four"


def test_download_size_agrees_with_what_fetch_model_downloads(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    files = {"config.json": 100, "tokenizer.json": 300, "vocab.json": 50, "model.safetensors": 1000,
             "pytorch_model.bin": 1000, "flax_model.msgpack": 900, "README.md": 20}
    fake = serve_hub(monkeypatch, files)
    try:
        size = download_size(REPO)
        fetch_model(REPO, cache_dir=tmp_path)
        assert size == sum(files[n] for n in fake.downloads) == 1450
    finally:
        fake.stop()


def test_download_size_offline_is_a_model_error_with_the_command(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("network used offline"))
    with pytest.raises(ModelError, match=f"hf download {REPO} --local-dir DIR"):
        download_size(REPO)
    monkeypatch.delenv("HF_HUB_OFFLINE")

    def no_network(*a, **k):
        raise ConnectionError("Name or service not known")

    monkeypatch.setattr(huggingface_hub, "model_info", no_network)
    with pytest.raises(ModelError, match="could not be reached"):
        download_size(REPO)


def test_download_size_of_a_pickle_only_repo_is_refused(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    fake = serve_hub(monkeypatch, {"config.json": 10, "pytorch_model.bin": 99})
    try:
        with pytest.raises(ModelError, match="pickle"):
            download_size(REPO)
    finally:
        fake.stop()


def test_hub_unreachable_offline_at_once(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from huggingface_hub import utils

    monkeypatch.setattr(utils, "get_session", lambda: pytest.fail("network used offline"))
    assert hub_reachable() is False


def test_hub_reachable_asks_with_the_timeout_and_survives_errors(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    from huggingface_hub import utils

    asked = []

    class Session:
        def __init__(self, answer):
            self.answer = answer

        def head(self, url, timeout=None, **kw):
            asked.append(timeout)
            if isinstance(self.answer, Exception):
                raise self.answer
            return SimpleNamespace(status_code=self.answer)

    monkeypatch.setattr(utils, "get_session", lambda: Session(200))
    assert hub_reachable(timeout=2.5) is True and asked == [2.5]
    monkeypatch.setattr(utils, "get_session", lambda: Session(TimeoutError("timed out")))
    assert hub_reachable() is False
    monkeypatch.setattr(utils, "get_session", lambda: Session(503))
    assert hub_reachable() is False


def test_offer_online_and_not_cached_is_a_download_with_its_size(online, tmp_path):
    offer = check_offer([REPO, "other/small"], cache_dir=tmp_path)
    assert (offer.repo_id, offer.state) == (REPO, "download")
    assert offer.size == sum(FILES[n] for n in WANTED)
    assert online.info_calls == 1


def test_offer_offline_says_how_to_get_it_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub, "model_info", lambda *a, **k: pytest.fail("network used offline"))
    no_network(monkeypatch)  # (the hub not tried: was its 3 s reach timed here)
    t0 = time.monotonic()
    offer = check_offer([REPO], cache_dir=tmp_path)
    assert time.monotonic() - t0 < 20
    assert offer.state == "offline" and offer.size == 0
    command = next(line.strip() for line in offline_message(REPO).splitlines() if "hf download" in line)
    assert command in offer.how_to, "the same command as the offline error"
    assert "File › Model…" in offer.how_to


def test_offer_when_the_hub_answers_slowly_or_not_is_offline(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(hub_offer, "hub_reachable", lambda timeout=3.0: True)

    def timed_out(*a, timeout=None, **k):
        assert timeout == 3.0, "the check's short timeout, not the fetch's"
        raise TimeoutError("read timed out")

    monkeypatch.setattr(huggingface_hub, "model_info", timed_out)
    assert check_offer([REPO], cache_dir=tmp_path).state == "offline"


def test_a_cached_model_is_ready_without_the_network(monkeypatch, tmp_path):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    fake = serve_hub(monkeypatch, {"config.json": 100, "model.safetensors": 1000})
    folder = fetch_model(REPO, cache_dir=tmp_path)
    fake.stop()  # the hub is gone: what follows must not need it
    assert cached_model(REPO, tmp_path) is not None and cached_model("other/model", tmp_path) is None
    calls = fake.info_calls
    monkeypatch.setattr(hub_offer, "hub_reachable", lambda timeout=3.0: pytest.fail("network asked"))
    # the second choice in the cache is offered when the best is not
    offer = check_offer(["best/model", REPO], cache_dir=tmp_path)
    assert (offer.repo_id, offer.state, offer.folder) == (REPO, "ready", str(folder))
    assert fake.info_calls == calls
    assert SHA in offer.folder
