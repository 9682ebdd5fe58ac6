"""`seekframe index` said "Loading model /…/core/resources/models/real …" (the bundled model's folder)
where the window's status bar says "Loading model Seekframe everyday scenes (bundled)…": the CLI names a
model as the window does now (``core.model_titles.listed_title``: its card's title), by its path only
where no card of its own names it (s58 stop list)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import core.cli
import core.encoders.video_side

MODELS = Path(core.cli.__file__).parent / "resources" / "models"


def said_loading(source: str, monkeypatch, capsys) -> str:
    """What `index` says on stderr as it loads ``source``'s video side (the load itself faked: only the
    words are looked at)."""
    args = SimpleNamespace(model=source, device=None, reindex=False, quiet=False)
    encoder = core.cli._load_encoder(args, source, "/nonexistent-library", "")
    monkeypatch.setattr(core.encoders.video_side, "load_video_encoder",
                        lambda s, device=None: SimpleNamespace(model_id=encoder.model_id, name="m", embed_dim=8))
    capsys.readouterr()
    encoder.load()
    return capsys.readouterr().err


@pytest.mark.parametrize("folder, title", [("real", "Seekframe everyday scenes (bundled)"),
                                           ("demo", "Seekframe demo model")])
def test_the_bundled_models_load_named_by_their_cards_title(folder, title, monkeypatch, capsys):
    err = said_loading(str(MODELS / folder), monkeypatch, capsys)
    assert err == f"Loading model {title} …\n"


@pytest.mark.parametrize("card", [None, {"title": "whatever", "summary": "", "domain": "unknown"}])
def test_a_model_no_card_of_its_own_names_is_named_by_its_path(card, tmp_path, monkeypatch, capsys):
    folder = shutil.copytree(MODELS / "demo", tmp_path / "mine", ignore=shutil.ignore_patterns("card.json"))
    if card is not None:
        (folder / "card.json").write_text(json.dumps(card))
    err = said_loading(str(folder), monkeypatch, capsys)
    assert err == f"Loading model {folder} …\n"
