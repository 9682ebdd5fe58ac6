"""A walk given up in a link's folder (``bounded_meta.watched``: its stuck call recorded as the link's) was walked
again passing over that link by reading ``Beat.within`` a second time (``scan_stalls.watched_walk``), from a walk
thread still alive: should the stuck call answer in between, the walk moved on (``within`` None at its folder's
end) and the run took the whole folder offline as a plain subfolder's hang, the link's call recorded stuck
(rv_4's finding 4 on b1d09248). The link recorded is read once now (``Beat.left_in``)."""

from __future__ import annotations

import threading

from core import bounded_meta, bounded_read, scan_stalls
from core.scan import ScanResult


def test_the_link_a_walk_was_given_up_in_is_passed_over_though_the_walk_moved_on(monkeypatch):
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 0.2)
    left, moved_on = threading.Event(), threading.Event()
    real_left = bounded_meta._left

    def recorded(folder, ended, typed=False):  # (the walk moves on right after the stuck call is recorded)
        real_left(folder, ended, typed)
        left.set()
        moved_on.wait(5)

    monkeypatch.setattr(bounded_meta, "_left", recorded)
    walks = []

    def walk(part, beat, over):
        walks.append("/lib/a/nas" in over)
        if "/lib/a/nas" in over:
            return  # (walked again passing over the link)
        beat.within = "/lib/a/nas"
        left.wait(5)  # (stuck in the link's folder until given up; its call answers then)
        beat.within = None
        moved_on.set()

    try:
        assert scan_stalls.watched_walk("/lib/a", ScanResult(), walk)
    finally:
        bounded_meta._stuck.clear()
    assert walks == [False, True], walks
