"""A local library folder holding a link to a folder on a network share that stopped answering: its walk waited
the whole bound in that linked folder at every run (120 s), then took the whole folder offline, its own videos on
the local disk too, each run again, as it was remembered only as a hung folder (``hung_folders``), whose own look
and videos answered. The link is remembered now (library setting ``hung_links``, ``core.scan_stalls``): the next
run looks at it with the short bound first and, while it does not answer, its walk passes over it, its videos kept
offline, the folder's own online; once it answers it is walked as ever, and forgotten. The first run that meets it
waits the bound once and walks the folder again at once, passing over the link (``scan_stalls.watched_walk``): the
folder's own videos online in that run too (before, the whole folder offline once).

Each run is made as a new process's (``bounded_meta``'s record of stuck calls cleared between them): on the old
code the second run waits the whole bound again, the folder's own video offline."""

from __future__ import annotations

import pytest

from core import bounded_meta, bounded_read, scan_stalls
from core.library import VideoLibrary
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the first run waits the whole bound, 1 s: the floor, the short look PROBE_S alike)


def _new_process() -> None:
    bounded_meta._stuck.clear()
    bounded_meta._waited_out.clear()


def test_a_link_to_a_share_that_does_not_answer_is_remembered_and_passed_over(tmp_path, hold, monkeypatch):
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    write_video(share / "kept.mp4", [Segment(2, "red")])
    (a / "nas").symlink_to(share, target_is_directory=True)
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    held = hold("scandir", a / "nas")  # (the share's listing, reached through the link, never answers)
    records, hung, said = index(lib, [a])  # (the first run: the whole bound once, the walk made again passing
    assert not records["own.mp4"].offline and records["kept.mp4"].offline, said  # over the link: its own online)
    assert f"offline: {a / 'nas'} (its files do not answer reads" in said and f"offline: {a} " not in said, said
    _new_process()
    walked = len(held.calls)
    for _ in range(2):
        records, hung, said = index(lib, [a])
        assert not records["own.mp4"].offline and records["kept.mp4"].offline, said  # (kept, not removed)
        assert str(a / "nas") in said and "do not answer reads" in said, said
        assert len(held.calls) == walked + 1, held.calls  # (one short look a run; the walk never went in)
        walked = len(held.calls)
        _new_process()
    with VideoLibrary(lib, read_only=True) as library:
        assert list(library.meta.settings.hung_links or {}) == [str(a)]
    held.release()  # (the share answers again: walked as ever, and forgotten)
    _new_process()
    records, hung, said = index(lib, [a])
    assert not records["own.mp4"].offline and not records["kept.mp4"].offline, said
    with VideoLibrary(lib, read_only=True) as library:
        assert library.meta.settings.hung_links is None
