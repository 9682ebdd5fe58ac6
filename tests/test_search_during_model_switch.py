"""A search while another process re-indexes the library with another model: a read in the middle
of the search refreshes the library's description (``VideoLibrary.reopen``: a table it read was
re-created), so the model the search began with is no longer the library's. The notes are never
compared across models: the search says the library switched models (exit 2), never a traceback
("query vector has dimension 384, the library's model uses 256") nor another model's scores."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.library.moment_search import MomentSearch
from tests.cli_run import run_cli
from tests.test_notes_journal import NOTE


def switch_after_the_moments(monkeypatch, dim_change: int) -> None:
    """The library's description refreshed to another model once the moments were searched: as a
    reader's ``reopen`` does when ``seekframe index --reindex --model OTHER`` re-created a table."""
    found = MomentSearch.search

    def search(self, vector, k, *args, **kwargs):
        hits = found(self, vector, k, *args, **kwargs)
        meta = self._conn.meta
        self._conn.meta = replace(meta, model_id="another-model-0001", dim=meta.dim + dim_change)
        return hits

    monkeypatch.setattr(MomentSearch, "search", search)


@pytest.mark.parametrize("dim_change", [-2, 0], ids=["another-dimension", "same-dimension"])
def test_a_search_whose_library_switched_models_midway_says_so(noted_library, capsys, monkeypatch, dim_change):
    videos, lib = noted_library
    code, out, _ = run_cli(capsys, "search", NOTE, "--library", lib, "-k", "1")
    assert code == 0 and "red.mp4" in out  # (the note answers, before the switch)
    switch_after_the_moments(monkeypatch, dim_change)
    code, out, err = run_cli(capsys, "search", NOTE, "--library", lib, "-k", "1")
    assert code == 2, (out, err)
    assert "switched to model another-model-0001 while the search ran" in err and "Search again" in err, err
    assert "red.mp4" not in out


def test_a_search_whose_library_switched_models_before_the_moments_says_so(noted_library, capsys, monkeypatch):
    """The refresh seen by the read of the videos a search makes first: the moments are never
    searched with the other model's dimension ('query vector has dimension 32, ... uses 30')."""
    from core.library.videos import VideoTable

    videos, lib = noted_library
    read = VideoTable.view

    def view(self):
        found = read(self)
        meta = self._conn.meta
        if meta.model_id != "another-model-0001":
            self._conn.meta = replace(meta, model_id="another-model-0001", dim=meta.dim - 2)
        return found

    monkeypatch.setattr(VideoTable, "view", view)
    code, out, err = run_cli(capsys, "search", "a red wall", "--library", lib, "-k", "1")
    assert code == 2, (out, err)
    assert "switched to model another-model-0001 while the search ran" in err, err
