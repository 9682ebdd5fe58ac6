"""``search --folder A`` of a library folder whose links no walk recorded (indexed by an earlier version) walks A's
tree for them (``search_links.linked_folders``). With a link in it into a share that stopped answering, that walk
was one bounded call: once it timed out, every later ``--folder A`` search of the same process (the window's)
found no links at all, at once, a link to a healthy library folder too (rv_4's finding 3 on 6aa75dfb: A/toB ->
library folder B, B's video found by the first search and silently missing from the second). The walk is watched
now (``bounded_meta.watched``): the link stuck is passed over and the walk goes on, so each search finds B's
videos through A/toB, a later search passes over the stuck link at once, and each says the link was not
followed."""

from __future__ import annotations

import pytest

from core import bounded_read, search_links
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_link_kept import _local_with_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_named import on_main  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (the stuck walk waits its bound, 1 s)


def test_each_search_of_the_window_finds_a_healthy_links_videos_past_a_stuck_one(tmp_path, hold, on_main,
                                                                                 monkeypatch, capsys):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)  # (a/nas -> share/nas)
    write_video(tmp_path / "b" / "b.mp4", [Segment(2, "green")])
    (a / "toB").symlink_to(tmp_path / "b", target_is_directory=True)  # (a link to library folder b)
    index(lib, [tmp_path / "b"])
    with VideoLibrary(lib) as library:  # (an earlier version's library: no links recorded)
        library.update_settings(folder_links=None)
    made, held = on_main
    for name in ("scandir", "stat", "lstat"):
        held(hold, name, a / "nas")
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    use_encoder(monkeypatch, FixedTextEncoder)
    walks = []
    real = search_links._walk_links
    monkeypatch.setattr(search_links, "_walk_links", lambda *a: walks.append(1) or real(*a))
    for search in range(2):  # (one process: the window's two searches)
        code, out, err = run_cli(capsys, "search", "green", "--folder", a, "--library", lib)
        assert code == 0 and "b.mp4" in out, (search, out + err)
        said = " ".join(err.split())
        assert "Links not followed for --folder (they do not answer" in said and str(a / "nas") in said, said
    assert not made, made
    assert len(walks) == 3, walks  # (the first search: stuck in a/nas, walked again; the second: once, past it)
