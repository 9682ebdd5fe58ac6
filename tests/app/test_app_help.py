"""``python -m app --help`` says the defaults the window takes: its --library default was 'the user
data folder', which is no library (the window opens <data home>/library, or $SEEKFRAME_LIBRARY), and
--model named no default at all."""

from __future__ import annotations

import pytest

from app.main import parse_args
from core.paths import data_home, default_library_dir


def test_the_apps_help_says_the_library_and_model_it_opens(capsys, monkeypatch, tmp_path):
    with pytest.raises(SystemExit):
        parse_args(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: the last one opened, else $SEEKFRAME_LIBRARY, else <data home>/library" in text
    assert "a new library gets the one the window last used, else the newest exported student, else the " \
           "bundled real-footage model" in text
    monkeypatch.delenv("SEEKFRAME_LIBRARY", raising=False)
    monkeypatch.setenv("SEEKFRAME_HOME", str(tmp_path))
    assert default_library_dir() == data_home() / "library" != data_home()
    monkeypatch.setenv("SEEKFRAME_LIBRARY", str(tmp_path / "elsewhere"))
    assert default_library_dir() == tmp_path / "elsewhere"
