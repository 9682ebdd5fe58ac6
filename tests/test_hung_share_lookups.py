"""The last looks at a network share that stopped answering that waited for ever: where the library has a
gone video's content at another path (``gone_rule.FolderVideos.elsewhere``: an ``isfile`` of each, on
another share perhaps), the file a user names to ``seekframe similar FILE@TIME`` (``core.clirefs``: its
``stat`` and lookups), and an index run's ``lexists`` of a library folder whose name has another Unicode
spelling (``core.run_roots``). Each is one bounded call of its folder now (``core.bounded_meta``), none for a
folder remembered as not answering (library setting ``hung_folders``).

The calls hang in-process (``test_hung_share_metadata.Held``: released after ``OLD_WAIT_S``), so that on
the old code each test ends, late, and fails on what is said or how often the share was asked."""

from __future__ import annotations

import sys
import unicodedata
from types import SimpleNamespace

import pytest

from core import scan_stalls
from core.gone_rule import FolderVideos
from core.library import VideoLibrary
from tests.cli_run import run_cli
from tests.test_hung_share_metadata import HUNG_WORDS, hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_results import indexed  # noqa: F401 (the fixture: a share's video and a local one)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each hung look waits its bound, 1 s; the old code OLD_WAIT_S a call)


def test_where_a_gone_video_went_is_not_asked_of_a_share_that_does_not_answer(tmp_path, hold, monkeypatch):
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    share, local = tmp_path / "a_share", tmp_path / "b_local"  # (the share's twin looked at first)
    for folder in (share, local):
        folder.mkdir()
        (folder / "copy.mp4").write_bytes(b"x")
    gone = str(tmp_path / "A" / "v.mp4")
    records = [SimpleNamespace(path=gone, root=str(tmp_path / "A"), size=1, content_hash="h1"),
               *(SimpleNamespace(path=str(f / "copy.mp4"), root=str(f), size=1, content_hash="h1")
                 for f in (share, local))]
    held = hold("stat", share)
    for _ in range(2):  # (a second search: the share's look still stuck, not asked again)
        assert FolderVideos(records).elsewhere(gone) == str(local / "copy.mp4")
    assert held.calls == [str(share / "copy.mp4")], held.calls
    held.release()

    again = hold("stat", share)  # (remembered as a folder that does not answer: not looked at)
    assert FolderVideos(records, {str(share): 1.0}).elsewhere(gone) == str(local / "copy.mp4")
    assert again.calls == []


def test_similar_of_a_clip_on_a_share_that_does_not_answer_finds_it_by_its_path(indexed, hold, capsys):
    lib, share, local = indexed
    held = [hold("stat", share), hold("lstat", share)]
    code, out, err = run_cli(capsys, "similar", f"{share / 'kept.mp4'}@0", "--library", lib)
    assert code == 0 and "own.mp4" in out, out + err  # (its vectors are the library's: the search made)
    assert sum(len(h.calls) for h in held) == 1, [h.calls for h in held]  # (one stuck look for the folder)

    code, out, err = run_cli(capsys, "similar", f"{share / 'other.mp4'}@0", "--library", lib)
    assert code != 0 and "could not be looked up: its folder, or one of the library's, does not answer" in err, err

    (local / "hop").symlink_to("../share")  # (a link to the video through a link to its folder, read as typed)
    (local / "lnk.mp4").symlink_to(local / "hop" / "kept.mp4")
    code, out, err = run_cli(capsys, "similar", f"{local / 'lnk.mp4'}@0", "--library", lib)
    lines = [line for line in out.splitlines() if "own.mp4" in line]  # (named by the library's record)
    assert code == 0 and lines and not any("(offline)" in line for line in lines), out + err  # (local answers)


def test_a_clip_named_in_a_folder_remembered_as_not_answering_is_not_looked_at(indexed, hold):
    from core.clirefs import resolve_clip

    lib, share, local = indexed
    with VideoLibrary(lib) as library:
        library.update_settings(hung_folders={str(share): 1.0})
    held = [hold(name, share) for name in ("stat", "lstat", "listdir", "scandir")]
    with VideoLibrary(lib, read_only=True) as library:
        clip = resolve_clip(library, str(share / "kept.mp4"), 0.0)
        kept = next(v for v in library.video_table.view().values() if v.path.endswith("kept.mp4"))
    assert clip.video_id == kept.video_id and clip.moment_id is not None
    assert [h.calls for h in held] == [[]] * len(held)


def test_an_index_run_of_a_respellable_folder_on_a_share_that_does_not_answer_says_it_offline(tmp_path, hold):
    share, lib = tmp_path / unicodedata.normalize("NFC", "Médias"), tmp_path / "lib"
    write_video(share / "kept.mp4", [Segment(2, "red")])
    index(lib, [share])
    held = hold("lstat", share)  # (``lexists``: whether it is still there as the library spells it)
    records, hung, said = index(lib, [share])
    assert f"offline: {share} ({HUNG_WORDS}" in said, said
    assert records["kept.mp4"].offline and list(hung or ()) == [str(share)], (records, hung)
    assert held.calls == [str(share)], held.calls  # (the scan's look at once: the lexists still stuck)


def test_similar_of_a_clip_in_a_sub_folder_of_a_share_that_does_not_answer_waits_once(tmp_path, hold, capsys,
                                                                                        monkeypatch):
    """The clip's look is keyed by the file's own folder (``clirefs.look_typed``: the library is not open yet
    when the FILE@TIME is read), the results' by their library folder (``core.file_look``): a clip in a
    sub-folder of a share that does not answer made two stuck looks, ``PROBE_S`` waited twice. A look of
    a library folder now answers at once while a look of a folder in it is stuck."""
    monkeypatch.setattr(scan_stalls, "PROBE_S", 1.0)
    share, local, lib = tmp_path / "share", tmp_path / "local", tmp_path / "lib"
    write_video(share / "sub" / "kept.mp4", [Segment(2, "red")])
    write_video(share / "other.mp4", [Segment(2, "green")])
    write_video(local / "own.mp4", [Segment(2, "blue")])
    index(lib, [share, local])
    held = [hold("stat", share), hold("lstat", share)]
    code, out, err = run_cli(capsys, "similar", f"{share / 'sub' / 'kept.mp4'}@0", "--library", lib)
    lines = [line for line in out.splitlines() if "other.mp4" in line]
    assert code == 0 and lines and all(line.rstrip().endswith("(offline)") for line in lines), out + err
    assert sum(len(h.calls) for h in held) == 1, [h.calls for h in held]  # (one stuck look for the share)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the mount table is Linux's")
def test_a_path_not_in_the_library_on_a_share_that_does_not_answer_waits_once_and_none_if_remembered(
        indexed, hold, monkeypatch):
    """A typed path the library does not hold, on a share that does not answer: its links were read part by part
    after the look's bound (``clirefs._linked_to``), the share's own ``readlink`` a second bound (10 s -> 20 s),
    and under a folder remembered as not answering, where nothing was looked at, one bound from none. Neither
    reads on the share now (the mount table names it, or ``hung_folders`` does)."""
    from core.clirefs import NO_ANSWER, resolve_clip
    from core.errors import SeekframeError
    from tests.test_hung_share_healthy_links import _table

    lib, share, local = indexed
    _table(monkeypatch, (str(share), "nfs4", "nas:/v"))
    held = [hold(name, share) for name in ("stat", "lstat", "listdir", "scandir", "readlink")]
    for hung in ({}, {str(share): 1.0}):
        with VideoLibrary(lib) as library:
            library.update_settings(hung_folders=hung)
        with VideoLibrary(lib, read_only=True) as library, pytest.raises(SeekframeError) as no:
            resolve_clip(library, str(share / "other.mp4"), 0.0)
        assert str(no.value) == NO_ANSWER.format(path=share / "other.mp4")
        assert held[-1].calls == [], held[-1].calls  # (no readlink on the share)
