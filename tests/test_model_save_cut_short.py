"""A model folder's config.json is written last and whole: a folder with a config is a finished model
(a training stage is done once its model/config.json is there, and is then reused, never retrained).
It was written in place: a disk full halfway through left half a config.json, the stage counted done,
and the re-run stopped on a model that could not be read instead of saving it again."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from core.encoders import Encoder, save_model
from tests.models import tiny_model


def test_a_save_cut_short_leaves_no_config_that_says_the_model_is_there(tmp_path, monkeypatch):
    model, tokenizer = tiny_model(seed=0)
    real = Path.write_text

    def disk_full_halfway(self, text, *args, **kwargs):
        if "config.json" in self.name:
            real(self, text[: len(text) // 2], *args, **kwargs)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full_halfway)
    with pytest.raises(OSError):
        save_model(model, tokenizer, tmp_path / "model")
    assert not (tmp_path / "model" / "config.json").exists()
    # (nothing of the save left: its files were written in a folder beside it, .model.part)
    assert [p.name for p in tmp_path.rglob("*") if ".part" in p.name] == []
    monkeypatch.undo()
    save_model(model, tokenizer, tmp_path / "model")  # the re-run's save
    assert Encoder.load(tmp_path / "model").encode_text(["a red ball"]).shape[0] == 1
