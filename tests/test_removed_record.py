"""library.json's record of the last removals (``removed``, ``core.library.removed``): each removal's
last write adds its folder and when, whichever process removed it, so the app's record of a run left
by a killed window is not resumed into a folder another process removed since (``app.resume``). The
record is bounded (the oldest dropped), a folder removed again keeps its latest time, a file written
before it reads as having none, and a malformed entry is left out."""

from __future__ import annotations

import json
import time

from core.library import VideoLibrary, removed
from core.library.meta import read_meta


def test_each_removal_is_recorded_with_its_time(tmp_path):
    root = tmp_path / "lib"
    with VideoLibrary(root) as lib:
        lib.update_settings(folders=["/v/a", "/v/b"])
        t0 = time.time()
        lib.forget_folder("/v/a")
        t1 = time.time()
        lib.forget_folder("/v/b")
        lib.update_settings(folders=["/v/a"])  # (added again, then removed again: its latest time)
        lib.forget_folder("/v/a")
    record = read_meta(root).removed
    assert [e["folder"] for e in record] == ["/v/b", "/v/a"], record
    assert t1 <= record[0]["at"] <= record[1]["at"] <= time.time() and record[0]["at"] >= t0
    again = removed.after(record, "/v/a/", at=9.0)  # (spelled another way: the same folder's entry replaced)
    assert [(e["folder"], e["at"]) for e in again] == [("/v/b", record[0]["at"]), ("/v/a/", 9.0)]
    assert json.loads((root / "library.json").read_text())["extra"]["removed"] == record


def test_the_record_is_bounded_and_read_with_care(tmp_path):
    record = None
    for i in range(removed.MAX_KEPT + 5):
        record = removed.after(record, f"/v/{i}", at=float(i))
    assert len(record) == removed.MAX_KEPT and record[0] == {"folder": "/v/5", "at": 5.0}
    assert record[-1] == {"folder": f"/v/{removed.MAX_KEPT + 4}", "at": float(removed.MAX_KEPT + 4)}
    root = tmp_path / "lib"
    VideoLibrary(root).close()
    assert read_meta(root).removed is None  # (a library written before it, or none removed)
    data = json.loads((root / "library.json").read_text())
    data["extra"]["removed"] = [{"folder": "/v/a", "at": 3}, {"folder": "", "at": 1.0}, {"folder": "/v/b"},
                                {"folder": "/v/c", "at": True}, "junk", {"folder": "/v/d", "at": 4.5}]
    (root / "library.json").write_text(json.dumps(data))
    assert read_meta(root).removed == [{"folder": "/v/a", "at": 3.0}, {"folder": "/v/d", "at": 4.5}]
    data["extra"]["removed"] = "junk"
    (root / "library.json").write_text(json.dumps(data))
    with VideoLibrary(root) as lib:  # (a writer reads it as none, and writes on)
        assert lib.meta.removed is None
        lib.update_settings(folders=["/v/e"])
        lib.forget_folder("/v/e")
        assert [e["folder"] for e in lib.meta.removed] == ["/v/e"]
