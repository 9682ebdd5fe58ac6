"""Three rarer looks at a library folder's files were made on the command's own thread with no bound (stop58's
Left): a network share that stopped answering held the command for ever there. Each is a bounded look now:
- ``search --folder A`` of a folder whose links no walk recorded (indexed by an earlier version) walks A's tree
  for them (``search_links.linked_folders``): a link in it into the dead share; one whose link led nowhere at its
  walk is looked at again (``search_links.LinkMap.real``);
- a re-scan's check that a link's folder was left empty (a drive's mount point unplugged:
  ``sync_mounts.links_emptied``), the share dead since the walk: its videos kept offline, never removed;
- ``forget`` / ``search --folder`` of a path spelled as the library's but for case (``same_folder.case_twins``,
  a case-insensitive disk's rule), in a share that stopped answering: refused in words, nothing changed.

The share's calls hang in-process (``test_hung_share_metadata.Held``, 5 s a call on the old code, ``on_main``):
on the old code each test ends, late, and fails on the calls the command's own thread made into the share."""

from __future__ import annotations

import os

import pytest

from core import bounded_read
from core.library import VideoLibrary
from core.scan import scan
from core.sync_mounts import links_emptied
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_hung_link_kept import _local_with_links
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_named import folders, on_main  # noqa: F401 (the fixture)
from tests.test_hung_share_results import indexed  # noqa: F401 (the fixture: a share's video and a local one)
from tests.test_hung_share_typed import NO_ANSWER, dropped, videos  # noqa: F401 (dropped: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1-2 s; the old code 5 s a call)


@pytest.mark.parametrize("recorded", ["none", "led nowhere"])
def test_search_in_a_folder_ends_while_a_link_in_it_does_not_answer(tmp_path, hold, on_main, monkeypatch, capsys,
                                                                    recorded):
    """``none``: a's links not recorded (indexed by an earlier version): a's tree is walked for them. ``led
    nowhere``: the link led nowhere at a's last walk (its share not mounted then), so whether it leads to a folder
    now is looked at (``LinkMap.real``)."""
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    write_video(tmp_path / "b" / "b.mp4", [Segment(2, "blue")])  # (another library folder: a's links looked for)
    index(lib, [tmp_path / "b"])
    (a / "toB").symlink_to(tmp_path / "b", target_is_directory=True)  # (a link to it: its videos are a's too)
    with VideoLibrary(lib) as library:
        links = library.meta.settings.folder_links
        assert links[str(a)]["links"] == {"nas": str(share / "nas")}, links
        library.update_settings(folder_links=None if recorded == "none" else {
            **links, str(a): {**links[str(a)], "links": {"nas": "", "toB": os.path.realpath(tmp_path / "b")}}})
    made, held = on_main
    for name in ("scandir", "stat", "lstat"):
        held(hold, name, a / "nas")
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)  # (the search's wait: one bound)
    use_encoder(monkeypatch, FixedTextEncoder)
    code, out, err = run_cli(capsys, "search", "blue", "--folder", a, "--library", lib)
    assert not made, made  # (no look into the share on the command's own thread)
    assert code == 0 and "own.mp4" in out and "b.mp4" in out, out + err  # (found through a/toB, past a/nas)


def test_a_links_emptied_folder_that_stopped_answering_since_the_walk_keeps_its_videos_offline(tmp_path, hold,
                                                                                             on_main, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    (share / "nas" / "kept0.mp4").unlink()  # (nothing listed behind the link: its drive's mount point left empty?)
    found = scan([str(a)])
    made, held = on_main
    for name in ("scandir", "stat", "lstat"):
        held(hold, name, a / "nas")  # (the share stopped answering since the walk)
    with VideoLibrary(lib, read_only=True) as library:
        known = list(library.video_table.all())
    kept, away = links_emptied(known, found, [str(a)], prune=False)
    assert not made, made
    assert [os.path.basename(v.path) for v in kept.values()] == ["kept0.mp4"] and away == [str(a / "nas")], kept


@pytest.mark.parametrize("command", ["forget", "search"])
def test_a_path_spelled_but_for_case_in_a_share_that_does_not_answer_is_refused_in_words(dropped, capsys, command,
                                                                                       monkeypatch):
    lib, share, local, made = dropped
    use_encoder(monkeypatch, FixedTextEncoder)
    typed = share / "KEPT.MP4"  # (the library's share/kept.mp4 on a case-insensitive disk, or another file)
    args = ["forget", typed] if command == "forget" else ["search", "red", "--folder", typed]
    code, out, err = run_cli(capsys, *args, "--library", lib)
    said = " ".join(err.split())
    assert made == [], made
    assert code == 2 and f"{typed} {NO_ANSWER}" in said and "nothing was changed" in said, out + said
    assert folders(lib) == [str(share), str(local)] and videos(lib) == ["kept.mp4", "own.mp4"]
