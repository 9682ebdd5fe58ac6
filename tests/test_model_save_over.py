"""A model saved over another model's folder: stopped at any point of the save, the folder is the
model before, whole, or (stopped between the two renames of the swap) none, put back by the next
save; never a mix of the two. It was written file by file in place: a save stopped after the
weights left the new weights beside the old config.json (and tokenizer), a folder that loads as
neither model. Each stop is made as a kill leaves it: no clean-up runs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import core.atomic
import core.encoders.folder as folder_module
from core.encoders import save_model
from core.errors import ModelError
from tests.models import tiny_model


class Killed(BaseException):
    """The process stopped here (a BaseException: nothing that catches Exception sees it)."""


def files(folder: Path) -> dict[str, object]:
    """Each file's bytes; a safetensors file's metadata and tensors (its header's order varies)."""
    from safetensors import safe_open

    def content(p: Path):
        if p.suffix != ".safetensors":
            return p.read_bytes()
        with safe_open(str(p), framework="pt") as f:
            return sorted(f.metadata().items()), {k: f.get_tensor(k).numpy().tobytes() for k in sorted(f.keys())}

    return {p.name: content(p) for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def stopping_at(monkeypatch, stop: int | None, tmp_path: Path) -> list[str]:
    """Each step of a save as it writes (the weights, the tokenizer files, each rename), the save
    stopped before step ``stop`` runs (a rename) or right after it (a write)."""
    steps: list[str] = []
    real_save_file = __import__("safetensors.torch", fromlist=["save_file"]).save_file
    real_replace = os.replace

    def step(name: str) -> None:
        steps.append(name)
        if len(steps) - 1 == stop:
            raise Killed(name)

    def save_file(state, path, *a, **kw):
        real_save_file(state, path, *a, **kw)
        step(f"weights {Path(path).name}")

    def replace(src, dst, *a, **kw):
        if str(src).startswith(str(tmp_path)):
            step(f"rename {Path(src).name} -> {Path(dst).name}")
        return real_replace(src, dst, *a, **kw)

    real_rmtree = shutil.rmtree

    def rmtree(path, *a, **kw):
        if Path(path).name.endswith(".old") and Path(path).exists():  # (the model before, once replaced)
            step(f"remove {Path(path).name}")
        if stop is None:  # (a killed process cleans nothing up)
            real_rmtree(path, *a, **kw)

    monkeypatch.setattr("safetensors.torch.save_file", save_file)
    monkeypatch.setattr(core.atomic.os, "replace", replace)
    monkeypatch.setattr(core.atomic.shutil, "rmtree", rmtree)
    return steps


def save_b(model, tok, folder: Path, monkeypatch, steps_at: int | None, tmp_path: Path) -> list[str]:
    steps = stopping_at(monkeypatch, steps_at, tmp_path)
    real = type(tok).save_pretrained

    def save_pretrained(self, where, *a, **kw):
        out = real(self, where, *a, **kw)
        steps.append("tokenizer files")
        if len(steps) - 1 == steps_at:
            raise Killed("tokenizer files")
        return out

    monkeypatch.setattr(type(tok), "save_pretrained", save_pretrained)
    try:
        save_model(model, tok, folder)
    finally:
        monkeypatch.undo()
    return steps


@pytest.fixture(scope="module")
def models():
    a, tok_a = tiny_model(seed=0, embed_dim=32)
    b, tok_b = tiny_model(seed=1, embed_dim=16)  # (its weights cannot be read with a's config)
    return (a, tok_a), (b, tok_b)


@pytest.fixture(scope="module")
def clean(models, tmp_path_factory):
    """What each model's folder holds, saved once without a stop."""
    where = tmp_path_factory.mktemp("clean")
    (a, tok_a), (b, tok_b) = models
    return files(save_model(a, tok_a, where / "a")), files(save_model(b, tok_b, where / "b"))


def all_steps(models, tmp_path, monkeypatch) -> list[str]:
    (a, tok_a), (b, tok_b) = models
    save_model(a, tok_a, tmp_path / "probe")
    return save_b(b, tok_b, tmp_path / "probe", monkeypatch, None, tmp_path)


STEPS = 6  # the weights, the tokenizer files, the config's rename, the folder before set aside, the new
# one put in place, the one before removed (test_the_steps_are_the_ones_the_test_stops_at)


@pytest.mark.parametrize("stop", range(STEPS))
def test_a_save_over_a_model_stopped_at_each_step_never_leaves_a_mix(models, clean, tmp_path, monkeypatch, stop):
    (a, tok_a), (b, tok_b) = models
    old, new = clean
    folder = tmp_path / "m"
    save_model(a, tok_a, folder)
    assert files(folder) == old
    with pytest.raises(Killed):
        save_b(b, tok_b, folder, monkeypatch, stop, tmp_path)
    left = files(folder)
    assert left in (old, new, {}), sorted(left)  # the model before, the new one, or none
    if not left:  # (stopped between the two renames: the model before is put back by the next save)
        assert files(tmp_path / ".m.old") == old
    # the re-run's save: the new model, whole, and nothing of the stopped one left beside it
    save_model(b, tok_b, folder)
    assert files(folder) == new
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]


def test_the_steps_are_the_ones_the_test_stops_at(models, tmp_path, monkeypatch):
    """(The parametrized stops cover every step of the save: weights, tokenizer, the config's rename,
    the folder before set aside, the new one put in place.)"""
    steps = all_steps(models, tmp_path, monkeypatch)
    assert steps[0].startswith("weights") and steps[1] == "tokenizer files" and steps[2].endswith("-> config.json")
    assert steps[3:] == ["rename probe -> .probe.old", "rename .probe.part -> probe", "remove .probe.old"], steps
    assert len(steps) == STEPS


def test_a_folder_of_other_files_is_not_replaced(models, tmp_path):
    (a, tok_a), _ = models
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(ModelError, match="holds files and no model"):
        save_model(a, tok_a, tmp_path / "mine")
    assert files(tmp_path / "mine") == {"notes.txt": b"keep me"}
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="is a file"):
        save_model(a, tok_a, tmp_path / "file")


@pytest.mark.parametrize("litter", [".DS_Store", "Thumbs.db", "desktop.ini"])
def test_a_new_folder_a_file_manager_showed_takes_the_model(models, tmp_path, litter):
    """(A folder the user made and opened in Finder or Explorer holds only the file manager's own file:
    it was refused as 'holds files and no model'.)"""
    (a, tok_a), _ = models
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / litter).write_bytes(b"\x00\x00\x00\x01Bud1")
    save_model(a, tok_a, tmp_path / "new")
    assert (tmp_path / "new" / "config.json").is_file() and (tmp_path / "new" / "model.safetensors").is_file()


def test_a_link_to_a_model_folder_replaces_the_folder_it_names(models, clean, tmp_path):
    (a, tok_a), (b, tok_b) = models
    save_model(a, tok_a, tmp_path / "real")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    save_model(b, tok_b, tmp_path / "link")
    assert (tmp_path / "link").is_symlink() and files(tmp_path / "real") == clean[1]
    assert folder_module.load_model(tmp_path / "link")[0].to_config()["embed_dim"] == 16
    shutil.rmtree(tmp_path / "real")
