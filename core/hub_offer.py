"""What the first run can offer from the Hugging Face hub, found out without downloading anything
(blocking, with short timeouts: the app runs it in a worker)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Sequence

from .encoders.sources import hub_offline, offline_message
from .errors import ModelError
from .model_fetch import cached_model, download_size

log = logging.getLogger("seekframe.hub")

REACH_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class HubOffer:
    repo_id: str
    state: str  # "ready", "download" or "offline"
    size: int = 0  # bytes to download ("download")
    folder: str = ""  # the cached snapshot ("ready")
    how_to: str = ""  # how to get it without a network here ("offline")


def hub_reachable(timeout: float = REACH_TIMEOUT_S) -> bool:
    """True when the Hugging Face hub answers an HTTP request within ``timeout`` seconds; False
    at once when ``HF_HUB_OFFLINE`` is set. Downloads nothing."""
    if hub_offline():
        return False
    try:
        from huggingface_hub import constants
        from huggingface_hub.utils import get_session

        response = get_session().head(constants.ENDPOINT, timeout=timeout)
        return int(response.status_code) < 500
    except Exception as e:  # no network, DNS, TLS, proxy, timeout
        log.info("the Hugging Face hub is not reachable: %s: %s", type(e).__name__, e)
        return False


def how_to_get(repo_id: str) -> str:
    """How to bring ``repo_id`` to this computer without a network here: the download command of
    ``offline_message`` (the one wording of it), then the app's way to load a folder."""
    command = next((line.strip() for line in offline_message(repo_id).splitlines()
                    if line.strip().startswith("hf download")), f"hf download {repo_id} --local-dir DIR")
    return (f"On a computer with internet access run\n    {command}\ncopy DIR to this computer, "
            "then, in File › Model…, press Browse… and choose it.")


def check_offer(repo_ids: Sequence[str], timeout: float = REACH_TIMEOUT_S, cache_dir=None) -> HubOffer:
    """What a user can do now with the hub models ``repo_ids`` (best first, not empty): ``ready``
    (one is complete in the local cache; no network used), ``download`` (the hub answers: the
    best one, ``size`` bytes) or ``offline`` (no network, ``HF_HUB_OFFLINE`` set, or no answer
    within ``timeout``: ``how_to`` says how to get it on a connected machine)."""
    for repo_id in repo_ids:
        folder = cached_model(repo_id, cache_dir)
        if folder is not None:
            return HubOffer(repo_id, "ready", folder=str(folder))
    best = repo_ids[0]
    if hub_reachable(timeout):
        try:
            return HubOffer(best, "download", size=download_size(best, timeout=timeout))
        except ModelError as e:
            log.info("no download offer for %s: %s", best, e)
    return HubOffer(best, "offline", how_to=how_to_get(best))
