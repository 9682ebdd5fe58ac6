"""The rule a re-scan's walk applies to every entry of every folder (``core.walk_rule.entry_rule``) asked
``core.scan`` whether a name is a video's through an import statement run each time: about 1-3 us of
its ~6 us, on the walk's hot path (s52 review). The video names live in ``walk_rule`` now (``core.scan``
imports them from there): an entry costs no import."""

from __future__ import annotations

import builtins
import os

from core import scan, walk_rule


def test_each_entry_of_a_folder_is_taken_without_an_import(tmp_path, monkeypatch):
    for i in range(20):
        (tmp_path / f"clip{i}.mp4").write_bytes(b"")
        (tmp_path / f"note{i}.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    imports = []
    real = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: imports.append(name) or real(name, *a, **k))
    with os.scandir(tmp_path) as it:
        kinds = sorted(walk_rule.entry_rule(e) for e in it)
    assert kinds.count(walk_rule.VIDEO) == 20 and kinds.count(walk_rule.OTHER) == 20 and walk_rule.FOLDER in kinds
    assert imports == []  # (the old module: one for each file)
    assert scan.is_video_name is walk_rule.is_video_name and scan.VIDEO_EXTENSIONS is walk_rule.VIDEO_EXTENSIONS
