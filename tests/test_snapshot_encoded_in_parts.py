"""The window lets go of its library's writer after each run (a re-scan, Finish indexing, a folder
removed) and writes the videos' snapshot then, in a worker: its rows were encoded by one json.dumps
call, C code holding the GIL throughout, so at 20,000 videos the window froze 0.2-0.27 s after every
run (0.46 s at load 10; s55 G audit, ``ui_responsiveness.py --big``). The rows are now encoded
``snapshot.ROWS_A_PART`` at a time, the file written byte for byte as before."""

from __future__ import annotations

import json

from core.library import snapshot
from tests.test_snapshot_rows_uncopied import _rows, _versions, empty_library  # noqa: F401 (a fixture)


def test_the_rows_are_encoded_in_parts_and_read_back(empty_library, monkeypatch):  # noqa: F811
    n = 2 * snapshot.ROWS_A_PART + 7
    rows = _rows(n)
    longest, real = [], json.dumps
    monkeypatch.setattr(json, "dumps", lambda obj, *a, **k: (
        longest.append(len(obj.get("videos", ())) if isinstance(obj, dict) else len(obj)), real(obj, *a, **k))[1])
    snapshot.save(empty_library.root, rows, _versions(empty_library))
    monkeypatch.setattr(json, "dumps", real)
    assert max(longest) <= snapshot.ROWS_A_PART  # (the old code: one call of all 1,007)
    assert snapshot.load(empty_library.root) == rows


def test_the_file_is_what_one_call_writes():
    stamp = {"videos": [3, "abc"], "library.json": "h", "fields": ["video_id", "path"]}
    for n in (0, 1, snapshot.ROWS_A_PART, snapshot.ROWS_A_PART + 1, 1234):
        rows = [(f"{i:016x}", f"/v/é {i}.mp4", 1.5 * i, None, i % 2 == 0) for i in range(n)]
        whole = json.dumps({"format": snapshot.FORMAT, "stamp": stamp, "videos": rows}, separators=(",", ":"))
        assert snapshot._encoded(stamp, rows) == whole.encode("utf-8")
