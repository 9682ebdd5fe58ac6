"""`seekframe index -q` (a nightly job: "print only failures and what needs a decision") printed
"Loading model … …" on stderr whenever the run had something to embed, so cron mailed it each
night new videos came (s57 j.md: `seekframe index ~/Videos -q 2>err`, err held that line alone).
The index's model is loaded quietly under -q; without it the line is said as before."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import core.cli
import core.encoders.video_side

DEMO = Path(core.cli.__file__).parent / "resources" / "models" / "demo"


@pytest.mark.parametrize("quiet", [True, False])
def test_the_index_s_model_loads_quietly_under_q(tmp_path, capsys, monkeypatch, quiet):
    loaded = []

    args = SimpleNamespace(model=str(DEMO), device=None, reindex=False, quiet=quiet)
    encoder = core.cli._load_encoder(args, str(DEMO), tmp_path / "lib", "")

    def fake_load(source, device=None):  # (the real load takes seconds: only the words are looked at)
        loaded.append(source)
        return SimpleNamespace(model_id=encoder.model_id, name="demo", embed_dim=8)

    monkeypatch.setattr(core.encoders.video_side, "load_video_encoder", fake_load)
    capsys.readouterr()
    encoder.load()
    err = capsys.readouterr().err
    assert loaded, "the model was not loaded"
    assert ("Loading model" in err) is not quiet, err
