"""The first run that meets a link into a share whose listing answers but whose reads hang (stop58's Left): each of
two files behind the link waited the whole read bound (2 x 120 s) before the link was passed over. After the first
stall, one other file behind the link is read with the short bound (``scan_stalls._silent``): no answer there either
is the share, not one slow file, and the link is passed over at once; one slow file alone (a failing disk's) leaves
the link walked, its other files read as ever."""

from __future__ import annotations

import os

import pytest

from core import bounded_read, scan_hash, scan_stalls
from tests.test_hung_link_kept import _hung_links, _local_with_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the first stall waits the whole bound, 2 s)


@pytest.fixture
def reads(monkeypatch):
    """The bounds of the run's own reads (content hashes, first bytes), by file: [(name, timeout_s)]."""
    made = []
    for module in (scan_hash, scan_stalls):
        real = module.scan_open

        def spied(path, timeout_s=None, *a, real=real, **kw):
            made.append((os.path.basename(path), timeout_s))
            return real(path, timeout_s, *a, **kw)

        monkeypatch.setattr(module, "scan_open", spied)
    return made


def test_a_link_whose_reads_hang_is_passed_over_after_one_whole_bound(tmp_path, hold, monkeypatch, reads):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    for name in ("new1.mp4", "new2.mp4"):  # (new on the share: their content hashed by the run's plan)
        write_video(share / "nas" / name, [Segment(2, "green")])
    hold("open", a / "nas")  # (its listing answers, from a cache; its reads do not)
    reads.clear()  # (the first index's)
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline and records["kept0.mp4"].offline, said
    assert list(_hung_links(lib)) == [str(a)] and f"offline: {a / 'nas'} (its files do not answer reads" in said
    behind = [(name, t) for name, t in reads if name != "own.mp4"]
    whole = [name for name, t in behind if t != scan_stalls.PROBE_S]
    assert len(whole) == 1 and len(behind) == 2, behind  # (one whole bound, then one short look: passed over)


def test_one_slow_file_behind_a_link_leaves_the_link_walked(tmp_path, hold, monkeypatch, reads):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    write_video(share / "nas" / "new1.mp4", [Segment(2, "green")])
    write_video(share / "nas" / "new2.mp4", [Segment(2, "yellow")])
    hold("open", a / "nas" / "new1.mp4")  # (that file alone gives nothing: the share answers)
    records, _, said = index(lib, [a])
    assert not records["kept0.mp4"].offline and records["new2.mp4"].status == "done", said
    assert "new1.mp4" not in records and not _hung_links(lib), said  # (said unread, read again next run)
