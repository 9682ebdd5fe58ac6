"""A scan stat'ed each library folder four times (the folders every walk passes over, ``folder_id``; its
look, ``_look``; its identity, ``root_identity``; its walk's first step): on a network share each is a
round trip, four a folder a re-scan. The first ``stat`` is handed to the others now: one a folder, its
identity and what the walk finds as before."""

from __future__ import annotations

import os

from core import scan as scan_module
from core.scan import root_identity, scan


def test_a_scan_stats_each_library_folder_once(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a / "sub", b):
        folder.mkdir(parents=True)
    (a / "one.mp4").write_bytes(b"x" * 64)
    (a / "sub" / "two.mp4").write_bytes(b"y" * 64)
    (b / "three.mp4").write_bytes(b"z" * 64)
    expected = {str(r): root_identity(str(r)) for r in (a, b)}
    real, made = os.stat, []

    def counted(path, *args, **kw):
        if not isinstance(path, int):
            made.append(os.fspath(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "stat", counted)
    found = scan([str(a), str(b)])
    assert {r: made.count(r) for r in (str(a), str(b))} == {str(a): 1, str(b): 1}, made
    assert sorted(os.path.basename(p) for p in found.files) == ["one.mp4", "three.mp4", "two.mp4"]
    assert found.identities == expected and not found.offline_roots, found.problems


def test_a_library_folder_that_is_gone_is_still_said_so(tmp_path):
    gone = tmp_path / "gone"
    found = scan([str(gone)])
    assert found.offline_roots == [str(gone)]
    assert found.problems == [(str(gone), f"folder unavailable: {os.strerror(2)}")]
    assert scan_module._stat(str(gone)) is None
