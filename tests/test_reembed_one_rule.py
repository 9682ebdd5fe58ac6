"""Which videos of an interrupted ``--reindex`` still have their earlier moments is one rule,
``reembed_record.due``: a full disk's words (``reindex_scope.earlier``) and ``seekframe status``
(``reembed_record.waiting``) wrote it twice, and the two already disagreed: a quick video (searchable
through its first pass, waiting for its full one: no earlier full moments to keep) was counted by the
full disk's words and not by status, so the two said different numbers of the same stopped run."""

from __future__ import annotations

import builtins
from types import SimpleNamespace

from core import reembed_record, reindex_scope
from core.library.records import DONE, FAILED, PENDING, VideoRecord

SINCE = 1000.0


def _video(name: str, status: str = DONE, at: float = 10.0, quick: bool = False, offline: bool = False) -> VideoRecord:
    return VideoRecord(f"{abs(hash(name)):016x}", f"/v/A/{name}", "/v/A", 1, 0.0, "h", status=status,
                       indexed_at=at, quick=quick, offline=offline)


VIDEOS = [_video("old.mp4"), _video("quick.mp4", quick=True), _video("anew.mp4", at=SINCE + 5),
          _video("gone.mp4", offline=True), _video("failed.mp4", FAILED), _video("new.mp4", PENDING, at=0.0)]


def test_the_full_disk_words_count_what_status_counts():
    lib = SimpleNamespace(video_table=SimpleNamespace(view=lambda: {v.video_id: v for v in VIDEOS}))
    settings = SimpleNamespace(other={reembed_record.KEY: {"/v/A": SINCE}}, folders=["/v/A"])
    assert reembed_record.waiting(settings, VIDEOS) == (("/v/A", 1),)
    assert reindex_scope.earlier(lib, ["/v/A"], SINCE) == 1  # (the parent: 2, the quick video too)


def test_the_rule_imports_nothing_per_video():
    """``due`` runs for every known video of a re-scan's plan and of each status read while a record
    exists (tens of thousands on a big library): it imported ``DONE`` at each call."""
    imports = []
    real = builtins.__import__

    def counted(name, *args, **kw):
        imports.append(name)
        return real(name, *args, **kw)

    builtins.__import__ = counted
    try:
        found = [reembed_record.due(v, {"/v/A": SINCE}) for v in VIDEOS[:3]]
    finally:
        builtins.__import__ = real
    assert found == [True, False, False]
    assert imports == []  # (the parent: 'library.records' at each call)
    from core.library.records import DONE

    assert reembed_record.DONE == DONE
