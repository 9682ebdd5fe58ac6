"""``search --folder A`` of a library folder whose links no walk recorded (an earlier version's library) walks A's
tree for them (``search_links.linked_folders``), each walk stuck in a link's folder made again passing over that
link. rv_10's findings 3 and 4 on 74c4dc22: five links into one NAS that stopped answering cost one bound each,
up to ``WALKS_AGAIN`` walks, then the search went on with a walk cut short, leaving out a library folder reached
through a healthy link (and naming only the links passed over); and a walk stuck in a share mounted at a plain
folder of A (no link) left the whole walk keyed stuck, so the window's next search found no links at all, in
silence. Now links into one share go together (``scan_stalls.Over``, the run's rule: one bound a share), the
tree is walked again as often as one more link is stuck, up to ``WALKS_AGAIN`` times (rv_13's finding 2: past
it, one bound a link with no end), then cut short and said so, a share mounted in A is passed over as a link is
(a folder stuck out of any link and known mount point too), and every link passed over is named. The mount table is the system's with lines added (``_table``)."""

from __future__ import annotations

import pytest

from core import bounded_read, scan_stalls, search_links
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_link_kept import _local_with_links
from tests.test_hung_share_healthy_links import _table
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each stuck walk waits its bound, 1 s)


def _earlier_library(tmp_path, monkeypatch, links):
    """``a`` with links ``links`` into tmp/share and a/sub/toB -> library folder b (b.mp4), no links recorded;
    the walks made listed."""
    a, share, lib = _local_with_links(tmp_path, monkeypatch, links=links)
    write_video(tmp_path / "b" / "b.mp4", [Segment(2, "green")])
    (a / "sub").mkdir()
    (a / "sub" / "toB").symlink_to(tmp_path / "b", target_is_directory=True)  # (met after a's own links)
    index(lib, [tmp_path / "b"])
    with VideoLibrary(lib) as library:
        library.update_settings(folder_links=None)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    use_encoder(monkeypatch, FixedTextEncoder)
    walks, real = [], search_links._walk_links
    monkeypatch.setattr(search_links, "_walk_links", lambda *x: walks.append(1) or real(*x))
    return a, share, lib, walks


def _search(capsys, a, lib) -> tuple[str, str]:
    code, out, err = run_cli(capsys, "search", "green", "--folder", a, "--library", lib)
    assert code == 0, out + err
    return out, " ".join(err.split())


def test_links_into_one_share_cost_one_walk_more_and_a_healthy_links_folder_is_found(tmp_path, hold,
                                                                                      monkeypatch, capsys):
    links = tuple(f"nas{i}" for i in range(5))
    a, share, lib, walks = _earlier_library(tmp_path, monkeypatch, links)
    _table(monkeypatch, (str(share.resolve()), "nfs4"))  # (the NAS mounted there)
    for name in links:
        hold("scandir", a / name)
    out, said = _search(capsys, a, lib)
    assert "b.mp4" in out, out + said
    assert len(walks) == 2, walks  # (stuck in one: the bound once; walked again past all five)
    assert "Links not followed for --folder" in said and all(str(a / n) in said for n in links), said


def test_links_into_shares_of_their_own_up_to_walks_again_never_leave_out_a_healthy_links_folder(tmp_path, hold,
                                                                                                 monkeypatch, capsys):
    """No share known (no mount table lists them: each link its own bound), as many links stuck as
    ``WALKS_AGAIN`` (2 here, to keep it short; 3 with one more link)."""
    a, share, lib, walks = _earlier_library(tmp_path, monkeypatch, ("nas0", "nas1"))
    monkeypatch.setattr(scan_stalls, "WALKS_AGAIN", 2)
    for name in ("nas0", "nas1"):
        hold("scandir", a / name)
    out, said = _search(capsys, a, lib)
    assert "b.mp4" in out, out + said
    assert len(walks) == 3, walks
    assert str(a / "nas0") in said and str(a / "nas1") in said, said


def test_links_stuck_past_walks_again_cut_the_walk_short_and_say_so(tmp_path, hold, monkeypatch, capsys):
    """More links stuck than ``WALKS_AGAIN`` (1 here; 3 by default), no share known to group them (off Linux): the
    walk is made again at most ``WALKS_AGAIN`` times, one bound each, where it went on once a link more (rv_13's
    finding 2: six links, six bounds), then cut short, the search saying so and naming the links stuck."""
    a, share, lib, walks = _earlier_library(tmp_path, monkeypatch, ("nas0", "nas1", "nas2"))
    monkeypatch.setattr(scan_stalls, "WALKS_AGAIN", 1)
    for name in ("nas0", "nas1", "nas2"):
        hold("scandir", a / name)
    out, said = _search(capsys, a, lib)
    assert len(walks) == 2, walks
    assert "Links not followed for --folder" in said, said
    assert sum(str(a / name) in said for name in ("nas0", "nas1", "nas2")) == 2, said  # (the third not looked at)
    assert f"The walk of {a} for its links was cut short" in said, said


@pytest.mark.parametrize("table", ["listed", "not listed"])
def test_a_share_mounted_in_the_folder_is_passed_over_by_each_search_of_the_window(tmp_path, hold, monkeypatch,
                                                                                   capsys, table):
    """Listed in the mount table (Linux), or not (macOS: no table read; a folder stuck out of any link is
    passed over as a link, up to ``WALKS_AGAIN`` such folders)."""
    a, share, lib, walks = _earlier_library(tmp_path, monkeypatch, ())
    (a / "mnt" / "x").mkdir(parents=True)
    _table(monkeypatch, *[(str((a / "mnt").resolve()), "cifs")] * (table == "listed"))  # (a share mounted at a/mnt)
    for name in ("scandir", "stat", "lstat"):
        hold(name, a / "mnt")
    for search in range(2):  # (one process: the window's two searches)
        out, said = _search(capsys, a, lib)
        assert "b.mp4" in out, (search, out + said)
        assert "Links not followed for --folder" in said and str(a / "mnt") in said, (search, said)
    assert len(walks) == 3, walks  # (the first search: stuck in a/mnt, walked again; the second: once, past it)


def test_similar_in_a_folder_names_the_links_it_did_not_follow(tmp_path, hold, monkeypatch, capsys):
    """``similar FILE --folder A`` walked past a link that does not answer as ``search --folder`` does, but said
    nothing of it: the links left out were left out in silence. It names them now, in search's words."""
    a, share, lib, walks = _earlier_library(tmp_path, monkeypatch, ("nas0",))
    hold("scandir", a / "nas0")
    code, out, err = run_cli(capsys, "similar", f"{tmp_path / 'b' / 'b.mp4'}@0", "--folder", a, "--library", lib)
    said = " ".join(err.split())
    assert code == 0, out + said
    assert "Links not followed for --folder (they do not answer" in said and str(a / "nas0") in said, said
