"""`seekframe search --json` says of each result whether its file is missing, never where the library
has it elsewhere (the words after "file moved, renamed or deleted" are the text output's): it built the
library's by-content index and stat'ed up to 4 paths for each gone result all the same, then threw
them away (s52 review). Asked only for the text output now."""

from __future__ import annotations

import json

from core.cli_print import print_hits, roots_of
from core.gone_rule import FolderVideos
from core.library import VideoLibrary
from tests.test_gone_words_elsewhere import _moved_and_rescanned, _unfolded


def test_json_results_ask_nothing_of_where_a_gone_file_went(tmp_path, capsys, monkeypatch):
    a, b, lib = _moved_and_rescanned(tmp_path, capsys, monkeypatch)
    old, new = str(a / "red.mp4"), str(b / "red.mp4")
    with VideoLibrary(str(lib), read_only=True) as library:
        results = [r for r in _unfolded(library, old) if r.path == old]
        roots = roots_of(library, results)
    asked = []
    real = FolderVideos.elsewhere
    monkeypatch.setattr(FolderVideos, "elsewhere", lambda self, path: asked.append(path) or real(self, path))
    capsys.readouterr()
    print_hits(results, True, roots)
    said = json.loads(capsys.readouterr().out)
    assert said and all(r["missing"] for r in said)
    assert asked == []  # (the old module: asked for each gone result)
    print_hits(results, False, roots)
    assert f"the library has it at {new}" in capsys.readouterr().out and asked == [old]
