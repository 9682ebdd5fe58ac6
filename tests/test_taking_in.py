"""``core.taking_in``: the one rule of which library folders a new folder holding them takes in (the
run's fold, ``core.run_roots``, and the window's Add folder question)."""

from __future__ import annotations

from core.taking_in import inside, kept_apart, taken_in


def test_kept_apart_by_the_records():
    folders = ["/A", "/A/B", "/A/C", "/D", "/A/Bee"]
    assert kept_apart(folders, {"/D": "missing"}, []) == {"/D"}
    # an offline video keeps apart each library folder it is in, a held one's too
    assert kept_apart(folders, {"/A/B": "valve"}, ["/A/B/x.mp4"]) == {"/A", "/A/B"}
    assert kept_apart(folders, None, ["/A/Bee/y.mp4", "/A/B/z/x.mp4"]) == {"/A", "/A/B", "/A/Bee"}
    assert kept_apart(folders, {}, ["/E/x.mp4"]) == set()


def test_taken_in_looks_only_at_those_not_kept():
    looked = []
    there = lambda f: looked.append(f) or f != "/A/gone"  # noqa: E731
    assert taken_in(inside("/A", ["/A", "/A/B", "/A/C", "/A/gone", "/Ab"]), {"/A/C"}, there) == ["/A/B"]
    assert looked == ["/A/B", "/A/gone"]  # (a kept one, offline, never looked at)
