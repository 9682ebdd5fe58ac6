"""A model save killed between the two renames of its swap (``core.atomic.replacing_folder``: the
model before set aside as ``.NAME.old``, the new one not yet in its place) left no folder at the
model's name: ``load_model`` said "model folder not found", and the models folder listed the model
before as ``.NAME.old``, until the next save put it back. Now a load finds the model before, whole,
and puts it back in its place as that save would; read where it lies when it cannot be moved."""

from __future__ import annotations

import os

import pytest

from core import model_choice
from core.encoders import save_model
from core.encoders.folder import load_model
from tests.models import tiny_model


@pytest.fixture(scope="module")
def models():
    return tiny_model(seed=0, embed_dim=32), tiny_model(seed=1, embed_dim=16)


def killed_between_the_renames(models, folder):
    """The state such a kill leaves, made by hand: the model before at ``.NAME.old``, the new one,
    whole, at ``.NAME.part``, nothing at ``NAME``."""
    (a, tok_a), (b, tok_b) = models
    save_model(a, tok_a, folder)
    save_model(b, tok_b, folder.parent / f".{folder.name}.part")
    os.replace(folder, folder.parent / f".{folder.name}.old")
    assert not folder.exists()


def test_a_load_finds_the_model_before_and_puts_it_back(models, tmp_path):
    folder = tmp_path / "student"
    killed_between_the_renames(models, folder)
    model, tok, where = load_model(folder)
    assert model.to_config()["embed_dim"] == 32 and tok is not None
    assert where == folder.resolve() and (folder / "config.json").is_file()
    assert not (tmp_path / ".student.old").exists()
    (_, _), (b, tok_b) = models
    save_model(b, tok_b, folder)  # (the next save: the new model, nothing of the stopped one left)
    assert load_model(folder)[0].to_config()["embed_dim"] == 16
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student"]


def test_a_model_that_cannot_be_put_back_is_read_where_it_lies(models, tmp_path, monkeypatch):
    folder = tmp_path / "student"
    killed_between_the_renames(models, folder)
    real = os.replace

    def refused(src, dst, *a, **k):
        if str(src).endswith(".student.old"):
            raise PermissionError(13, "Permission denied", str(src))
        return real(src, dst, *a, **k)

    monkeypatch.setattr("core.atomic.os.replace", refused)
    model, _, where = load_model(str(folder))
    assert model.to_config()["embed_dim"] == 32 and where.name == ".student.old"


def test_the_models_folder_lists_the_model_under_its_name(models, tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_MODELS", str(tmp_path))
    killed_between_the_renames(models, tmp_path / "student")
    assert model_choice._exported_models() == [tmp_path / "student"]
    assert (tmp_path / "student" / "config.json").is_file()
