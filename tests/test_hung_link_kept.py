"""A link in a local library folder into a network share that stopped answering (``hung_links``, s58 review
rv_2 of dd5d377f): its videos are never pruned (``--prune``, the window's "Remove them"), it is never stat'ed nor
resolved once remembered (a dead share's stat hangs as its listing does), two links into one share are both
remembered, the window's own process (its first walk stuck in the link for good) passes over it too, a plain
subfolder that hangs is blamed on no link, and a part's record goes with the folder's walk or its forget."""

from __future__ import annotations

import pytest

from core import bounded_meta, bounded_read, scan_stalls
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.scan import scan
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.test_hung_share_named import on_main  # noqa: F401 (the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each first hung run waits the whole bound, 1 s)


def _new_process() -> None:
    bounded_meta._stuck.clear()
    bounded_meta._waited_out.clear()


def _local_with_links(tmp_path, monkeypatch, links=("nas",)):
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    for i, name in enumerate(links):
        write_video(share / name / f"kept{i}.mp4", [Segment(2, "red")])
        (a / name).symlink_to(share / name, target_is_directory=True)
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    return a, share, lib


def _hung_links(lib) -> dict:
    with VideoLibrary(lib, read_only=True) as library:
        return library.meta.settings.hung_links or {}


def test_a_prune_while_a_link_does_not_answer_keeps_its_videos(tmp_path, hold, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    write_video(a / "deleted.mp4", [Segment(2, "green")])
    index(lib, [a])
    held = hold("scandir", a / "nas")
    index(lib, [a])  # (the link remembered as not answering)
    _new_process()
    (a / "deleted.mp4").unlink()  # (the user deletes one of the folder's own and prunes)
    with VideoLibrary(lib) as library:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0, prune=True)
        list(MomentIndexer(library, ColourMeanEncoder(), opts).run([str(a)]))
        names = {v.path.rsplit("/", 1)[1]: v for v in library.video_table.all()}
    assert "deleted.mp4" not in names and not names["own.mp4"].offline, names  # (the prune did its work)
    assert "kept0.mp4" in names and names["kept0.mp4"].offline, names  # (not answering: kept, never gone)
    kept_id = names["kept0.mp4"].video_id
    held.release()
    _new_process()
    records, _, said = index(lib, [a])
    assert records["kept0.mp4"].video_id == kept_id and not records["kept0.mp4"].offline, said
    assert "1 to index" not in said, said  # (its moments kept: not a new video)


def test_a_link_whose_stat_hangs_too_is_passed_over_unlooked(tmp_path, hold, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    listing, stat = hold("scandir", a / "nas"), hold("stat", a / "nas")  # (a dead NFS mount: its stat hangs too)
    records, _, said = index(lib, [a])  # (the first run: one bound, the walk made again passing over the link)
    assert not records["own.mp4"].offline and records["kept0.mp4"].offline, said
    assert list(_hung_links(lib)) == [str(a)]
    for _ in range(2):
        _new_process()
        looked = len(stat.calls)
        records, _, said = index(lib, [a])
        assert not records["own.mp4"].offline and records["kept0.mp4"].offline, said
        assert len(stat.calls) == looked, stat.calls  # (never stat'ed: the short look lists it, and it alone)
        assert f"offline: {a / 'nas'} (its files do not answer reads: a network share" in said, said  # (why)
        assert "could not be indexed" not in said and "retry-failed" not in said, said  # (no file failed)


def test_two_links_into_one_hung_share_are_both_remembered(tmp_path, hold, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch, links=("nas1", "nas2"))
    for name in ("nas1", "nas2"):
        hold("scandir", a / name)
    records, _, said = index(lib, [a])  # (hangs in nas1, then, walked again passing over it, in nas2: both
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas1"), str(a / "nas2")}  # remembered, the folder's own
    assert not records["own.mp4"].offline, said  # online, in its first run)
    _new_process()
    index(lib, [a])
    assert set(_hung_links(lib)[str(a)]) == {str(a / "nas1"), str(a / "nas2")}
    for _ in range(2):  # (each run after: both passed over, the folder's own online)
        _new_process()
        records, _, said = index(lib, [a])
        assert not records["own.mp4"].offline, said
        assert records["kept0.mp4"].offline and records["kept1.mp4"].offline, said
        assert set(_hung_links(lib)[str(a)]) == {str(a / "nas1"), str(a / "nas2")}


def test_the_windows_own_process_passes_over_the_link_its_first_walk_is_stuck_in(tmp_path, hold, monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    held = hold("scandir", a / "nas")
    index(lib, [a])  # (its walk stays stuck in the link for as long as the share does not answer)
    for _ in range(2):  # (the window's re-scans: one process, no record of stuck calls cleared)
        records, _, said = index(lib, [a])
        assert not records["own.mp4"].offline and records["kept0.mp4"].offline, said
    held.release()  # (the share answers: its stuck call returns, the link walked again and forgotten)
    records, _, said = index(lib, [a])
    assert not records["kept0.mp4"].offline, said
    assert not _hung_links(lib)


def test_a_plain_subfolder_that_hangs_is_blamed_on_no_link(tmp_path, hold):
    a, other = tmp_path / "a", tmp_path / "other"
    write_video(a / "b" / "x.mp4", [Segment(2, "blue")])
    write_video(other / "y.mp4", [Segment(2, "blue")])
    (a / "z_link").symlink_to(other, target_is_directory=True)  # (listed last, before b is walked)
    hold("scandir", a / "b")  # (a share mounted at a plain subfolder)
    found = scan([str(a)])
    assert found.offline_roots == [str(a)] and not found.hung_links, found.hung_links


def test_a_parts_record_goes_with_the_folders_walk_and_its_forget(tmp_path, hold, monkeypatch):
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    write_video(a / "sub" / "own.mp4", [Segment(2, "blue")])
    write_video(share / "kept.mp4", [Segment(2, "red")])
    (a / "sub" / "nas").symlink_to(share, target_is_directory=True)
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    held = hold("scandir", a / "sub" / "nas")
    index(lib, [a / "sub"])  # (a part of the folder, named alone)
    assert list(_hung_links(lib)) == [str(a / "sub")]
    held.release()
    _new_process()
    index(lib, [a])  # (the whole folder walked, the link answering: the part's record goes)
    assert not _hung_links(lib)
    part = str(a / "old")  # (a part's record no folder lists: a forget of the folder it is in drops it)
    with VideoLibrary(lib) as library:
        library.update_settings(hung_links={part: {part + "/nas": 1}, str(tmp_path / "b"): {"x": 1}})
        assert library.meta.settings.without([str(a)])["hung_links"] == {str(tmp_path / "b"): {"x": 1}}


def test_remember_keeps_a_record_it_cannot_read_and_adds_to_a_root_not_walked_whole():
    from types import SimpleNamespace

    from core.scan import ScanResult

    written = {}
    settings = SimpleNamespace(hung_folders=None, folders=["/a", "/b"], hung_links={
        "/a": {"/a/nas1": 5}, "/b": ["a later release's record"]})
    library = SimpleNamespace(meta=SimpleNamespace(settings=settings), update_settings=lambda **kw: written.update(kw))
    found = ScanResult(offline_roots=["/a"], hung=["/a"], hung_links={"/a": ["/a/nas2"]})
    scan_stalls.remember(library, ["/a", "/b"], found)
    assert written["hung_links"]["/a"]["/a/nas1"] == 5 and "/a/nas2" in written["hung_links"]["/a"], written
    assert written["hung_links"]["/b"] == ["a later release's record"], written


def test_search_in_the_folder_never_looks_into_the_link(tmp_path, hold, monkeypatch, capsys, on_main):
    """``search --folder DIR`` reads the links DIR's walk recorded: a link passed over was recorded as leading
    nowhere, which a search looks at again (``os.path.isdir`` on the command's own thread: a dead share's stat
    hung the search for ever). It is recorded as not resolved now: the search looks at nothing in the share."""
    from tests.cli_run import FixedTextEncoder, run_cli, use_encoder

    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    write_video(tmp_path / "b" / "b.mp4", [Segment(2, "green")])  # (another library folder: a's links read)
    index(lib, [tmp_path / "b"])
    made, held = on_main
    for name in ("scandir", "stat"):
        held(hold, name, a / "nas")
    index(lib, [a])
    _new_process()
    index(lib, [a])  # (passed over: recorded so)
    use_encoder(monkeypatch, FixedTextEncoder)
    code, out, err = run_cli(capsys, "search", "blue", "--folder", a, "--library", lib)
    assert code == 0 and "own.mp4" in out, out + err
    assert not made, made  # (no look into the share on the command's own thread)


def test_a_result_looked_at_behind_the_link_first_leaves_the_windows_re_scans_the_folder(tmp_path, hold, monkeypatch):
    """The window looks at a search result's file (``file_now``) before any re-scan met the hang: that look was
    keyed by the library folder, stuck for good, and each re-scan of the process took the whole folder offline at
    once, the link never reached to be remembered. It is the link's folder's look now."""
    from core.scan import file_now

    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    for name in ("scandir", "stat"):
        hold(name, a / "nas")
    kept = str(a / "nas" / "kept0.mp4")
    assert file_now(kept, str(a), None)[0] == "offline"  # (the card's look: no answer in the short bound)
    assert file_now(str(a / "own.mp4"), str(a), None)[0] == "offline"  # (at once while it is stuck, as before)
    index(lib, [a])  # (the walk meets the hang: the link remembered)
    records, _, said = index(lib, [a])  # (the same process's next re-scan: passed over)
    assert not records["own.mp4"].offline and records["kept0.mp4"].offline, said
