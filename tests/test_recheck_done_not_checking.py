"""A pass of rechecks alone, the model not loaded, sends each file to be checked only (``core.indexer``'s
``checking``); once one reads otherwise the model's spec is set, and a recheck taken after that is decoded
in full. One of those that reads otherwise ends in "done": it must stop being checked, or the decoding
threads never exit and, with another file of the pass lost (its decode process gone), ``seekframe index``
polls for ever (s52 review of 1e884e4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

pytest.importorskip("av")

import core.index_pass as pass_module  # noqa: E402  (one pass asks shared_pool for its decoders)
from core.decode_pool import shared_pool  # noqa: E402
from core.indexer import IndexOptions, MomentIndexer  # noqa: E402
from core.library import VideoLibrary  # noqa: E402
from tests.recheck_library import left_by  # noqa: E402
from tests.test_recheck_loads_no_model import LoadedOnUse, recordings  # noqa: E402
from tests.test_reader_recheck_21 import later_stills  # noqa: E402


class Scripted:
    """The real pool, but the pass's first file reads otherwise, its second is decoded in full (read
    otherwise: moments and "done"), and its third one's decode process goes away (lost)."""

    def __init__(self):
        self.real, self.calls = shared_pool(), []

    def decode(self, path, spec, **kw):
        self.calls.append(path)
        n = len(self.calls)
        if n == 1:
            return iter([("differs", None)])
        if n == 3:
            return self._gone()
        return self.real.decode(path, replace(spec, check_only=False, recheck_of=None), **kw)

    @staticmethod
    def _gone():
        raise EOFError("the decode process went away")
        yield  # (a generator)


@pytest.mark.timeout(30)  # (the old indexer never ends: this fails it instead of hanging)
def test_a_recheck_decoded_in_full_stops_being_checked(tmp_path, monkeypatch):
    recordings(tmp_path / "videos")
    later_stills(tmp_path / "videos" / "sidx.mp4")
    (tmp_path / "videos" / "sidx.src.mp4").rename(tmp_path / "src.mp4")
    left_by(tmp_path / "lib", tmp_path / "videos", 20)
    pool = Scripted()
    monkeypatch.setattr(pass_module, "shared_pool", lambda: pool)
    with VideoLibrary(tmp_path / "lib") as lib:
        events = list(MomentIndexer(lib, LoadedOnUse(), IndexOptions(two_pass=False, decode_workers=1))
                      .run([str(tmp_path / "videos")]))
    assert events[0].summary["recheck"] == 3 and events[-1].kind == "finished"
    assert len(pool.calls) == 4  # (the first file again, decoded in full once the model is loaded)
    assert len([e for e in events if e.kind == "file_done"]) == 2
