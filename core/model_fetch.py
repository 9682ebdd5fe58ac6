"""Fetch a model from the Hugging Face hub into the local cache, with byte progress and cancel
(``huggingface_hub.snapshot_download``, whose ``tqdm_class`` hook carries both). Weights come
last and ``cached_model`` checks every weight file a snapshot names, so a half-downloaded model
is never taken for a complete one.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Callable

from . import json_text
from .encoders.sources import HUB_PATTERNS, PICKLE_SUFFIXES, cached_snapshot, is_hub_id, reach_hub
from .errors import ModelError, SeekframeError

META_TIMEOUT_S = 10.0  # listing the repo's files; a dead network fails well before this


class FetchCancelled(SeekframeError):
    """The user cancelled a download; nothing of it was kept."""


def is_complete(folder: Path) -> bool:
    """True when ``folder`` holds a config and every safetensors weight file it needs."""
    if not (folder / "config.json").is_file():
        return False
    indexes = list(folder.glob("*.safetensors.index.json"))
    for index in indexes:
        try:
            shards = set(json_text.load_file(index).get("weight_map", {}).values())
        except (OSError, ValueError, AttributeError):
            return False
        if not shards or not all((folder / s).is_file() for s in shards):
            return False
    return bool(indexes) or any(folder.glob("*.safetensors"))


def cached_model(repo_id: str, cache_dir: str | Path | None = None) -> Path | None:
    """The snapshot folder of ``repo_id`` when it is complete in the cache, else None; offline."""
    folder = cached_snapshot(repo_id, cache_dir)
    return folder if folder is not None and is_complete(folder) else None


def _plan(repo_id: str, timeout: float) -> tuple[dict[str, int], list[str]]:
    """({file name: size} of the repo on the hub, the files a fetch downloads: configs and
    tokenizer first, weights last). ModelError: offline, unknown id, no safetensors."""
    import huggingface_hub as hub
    from huggingface_hub import errors as hub_errors
    from huggingface_hub.utils import filter_repo_objects

    try:
        info = reach_hub(repo_id, lambda: hub.model_info(repo_id, files_metadata=True, timeout=timeout),
                         hub_errors.GatedRepoError, hub_errors.RepositoryNotFoundError)
    except hub_errors.GatedRepoError as e:
        raise ModelError(
            f"The model '{repo_id}' is gated on the Hugging Face hub: accept its licence on its hub "
            "page and log in (`hf auth login`), then fetch it again."
        ) from e
    except hub_errors.RepositoryNotFoundError as e:
        raise ModelError(f"No model named '{repo_id}' was found on the Hugging Face hub: check the id "
                         "(it looks like owner/name, e.g. openai/clip-vit-base-patch32).") from e
    sizes = {s.rfilename: int(s.size or 0) for s in (info.siblings or [])}
    names = sorted(filter_repo_objects(list(sizes), allow_patterns=HUB_PATTERNS),
                   key=lambda n: (n.endswith(".safetensors"), n))
    if not any(n.endswith(".safetensors") for n in names):
        pickles = [n for n in sizes if n.lower().endswith(PICKLE_SUFFIXES)]
        why = (f"its weights exist only as pickle files ({', '.join(pickles[:3])}), which Seekframe "
               "refuses to load because unpickling can run arbitrary code" if pickles else
               "it has no safetensors weights")
        raise ModelError(f"The model '{repo_id}' cannot be used: {why}.")
    return sizes, names


def download_size(repo_id: str, timeout: float = META_TIMEOUT_S) -> int:
    """Bytes ``fetch_model(repo_id)`` would download, from the hub's file metadata; ``ModelError``
    as ``_plan`` (offline or no answer within ``timeout``, unknown id, no safetensors)."""
    sizes, names = _plan(repo_id, timeout)
    return sum(sizes[n] for n in names)


class _Snapshot:
    """What this fetch added to the repo's cache folder, so that a cancel or failure can take it
    all back: every file that was not there before (snapshot links, blobs, partial downloads,
    listings), and ``refs/main`` as it was."""

    def __init__(self, root: Path, repo_id: str):
        from huggingface_hub.file_download import repo_folder_name

        self.storage = root / repo_folder_name(repo_id=repo_id, repo_type="model")
        self.storage_existed = self.storage.exists()
        self.before = self._files()
        self.ref = self.storage / "refs" / "main"
        self.ref_before = self.ref.read_text() if self.ref.is_file() else None

    def _files(self) -> set[Path]:  # (none when the folder does not exist)
        return {p for p in self.storage.rglob("*") if p.is_symlink() or p.is_file()}

    def rollback(self) -> None:
        if not self.storage_existed:
            shutil.rmtree(self.storage, ignore_errors=True)
            return
        for path in self._files() - self.before:
            path.unlink(missing_ok=True)
        for folder in sorted((self.storage / "snapshots").rglob("*"), reverse=True):  # children first
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                folder.rmdir()
        if self.ref_before is None:
            self.ref.unlink(missing_ok=True)
        elif self.ref.is_file() and self.ref.read_text() != self.ref_before:
            self.ref.write_text(self.ref_before)


BYTES_BAR = "huggingface_hub.snapshot_download"  # snapshot_download's bar of bytes written


def _progress_bar_class(on_bytes: Callable[[int], None]):
    """A silent tqdm class for ``snapshot_download(tqdm_class=...)``: reports the bytes of the
    bytes bar only (its files bar and Xet's bytes-received bar would count every byte twice);
    ``on_bytes`` may raise ``FetchCancelled`` from inside the download loop."""
    from huggingface_hub.utils import tqdm as hub_tqdm

    class _Bar(hub_tqdm):
        def __init__(self, *args, **kwargs):
            self._counts = kwargs.get("name") == BYTES_BAR
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            if n and self._counts:
                on_bytes(int(n))
            return None

        def update_transfer(self, *args, **kwargs):  # Xet's bytes received: not counted
            return None

        set_transfer_postfix_str = update_transfer

    return _Bar


WEIGHTS = ["*.safetensors"]
BEFORE_WEIGHTS = [p for p in HUB_PATTERNS if p not in WEIGHTS]


def fetch_model(
    repo_id: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    cache_dir: str | Path | None = None,
) -> Path:
    """Download a hub model's configs, safetensors weights and tokenizer files into the Hugging
    Face cache (``cache_dir``, default the user's hub cache) and return the snapshot folder,
    usable as ``Encoder.load(folder)``. ``progress(done, total)`` reports bytes; ``cancelled()``
    is polled while downloading. Raises ``ModelError`` (offline, unknown id, no safetensors) or
    ``FetchCancelled``; either way nothing partial is left in the cache."""
    repo_id = str(repo_id).strip()
    if not is_hub_id(repo_id) or "/" not in repo_id:
        raise ModelError(f"'{repo_id}' is not a Hugging Face model id (owner/name, e.g. "
                         "openai/clip-vit-base-patch32).")
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.utils import filter_repo_objects

    root = Path(cache_dir if cache_dir is not None else constants.HF_HUB_CACHE)
    cached = cached_model(repo_id, root)
    if cached is not None:
        return cached
    sizes, names = _plan(repo_id, META_TIMEOUT_S)
    total = sum(sizes[n] for n in names)
    state = {"done": 0}

    def check_cancel() -> None:
        if cancelled is not None and cancelled():
            raise FetchCancelled(f"Download of {repo_id} cancelled; nothing of it was kept.")

    def report(n: int) -> None:
        state["done"] += n
        if progress is not None:
            progress(min(state["done"], total) if total else state["done"], total)
        check_cancel()

    bar = _progress_bar_class(report)
    snapshot = _Snapshot(root, repo_id)
    expected = 0
    revision = None  # main: snapshot_download resolves it and records refs/main
    try:
        report(0)
        # HUB_PATTERNS in two downloads, weights last (see the module doc)
        for allow, ignore in ((BEFORE_WEIGHTS, WEIGHTS), (WEIGHTS, None)):
            check_cancel()
            folder = Path(snapshot_download(repo_id, revision=revision, cache_dir=str(root), allow_patterns=allow,
                                            ignore_patterns=ignore, tqdm_class=bar, max_workers=1))
            revision = folder.name  # the weights come from the same commit
            expected += sum(sizes[n] for n in filter_repo_objects(names, allow_patterns=allow, ignore_patterns=ignore))
            if state["done"] < expected:  # served from the cache: counts as done at once
                report(expected - state["done"])
        check_cancel()
        if not is_complete(folder):
            raise ModelError(f"The model '{repo_id}' on the hub has no config.json or misses weight files; "
                             "it is not a model Seekframe can load.")
    except Exception as e:
        snapshot.rollback()
        if isinstance(e, (FetchCancelled, ModelError)):
            raise
        if isinstance(e, OSError) and e.errno == errno.ENOSPC:
            raise ModelError(f"Not enough disk space to download '{repo_id}' (about {total / 1e6:.0f} MB) "
                             f"into {root}; nothing of it was kept.") from e
        first_line = next(iter(str(e).splitlines()), "")  # not the library's advice to its callers
        raise ModelError(f"Downloading '{repo_id}' stopped ({type(e).__name__}: {first_line}); nothing of it "
                         "was kept. Check the network connection and fetch it again.") from e
    return folder
