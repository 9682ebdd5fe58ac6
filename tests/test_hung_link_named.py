"""A link in a local library folder into a share that stopped answering (``hung_links``), when the user names the
folder (``seekframe index A``, ``IndexOptions.wait_named``) or a part of it (``index A/sub``), s58 review fr_2 F1:
the named run still passes over the remembered link that does not answer (looked at with the whole bound, as a
named folder is), where it walked into it, waited the whole walk's bound and took the folder's own videos offline."""

from __future__ import annotations

import pytest

from core import bounded_read, scan_stalls
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.test_hung_link_kept import _hung_links, _local_with_links, _new_process
from tests.test_hung_share_metadata import hold, index  # noqa: F401 (hold: the fixture)
from tests.videos import Segment, write_video

pytestmark = pytest.mark.slow  # (each first hung run waits the whole bound, 1 s)


def _named(lib, roots) -> dict:
    """A run of ``roots`` as ``seekframe index ROOT`` makes it: {name: record}."""
    with VideoLibrary(lib) as library:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0, part_of_folder=True,
                            wait_named=True)
        list(MomentIndexer(library, ColourMeanEncoder(), opts).run([str(r) for r in roots]))
        return {v.path.rsplit("/", 1)[1]: v for v in library.video_table.all()}


def test_naming_the_folder_passes_over_its_remembered_link_and_keeps_its_own_videos_online(tmp_path, hold,
                                                                                           monkeypatch):
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    hold("scandir", a / "nas")
    index(lib, [a])  # (the first run: the whole bound, the link remembered)
    _new_process()
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline, said
    _new_process()
    records = _named(lib, [a])
    assert not records["own.mp4"].offline, records  # (the link passed over, not the whole folder given up)
    assert records["kept0.mp4"].offline, records
    assert list(_hung_links(lib)) == [str(a)]  # (still remembered)


def test_naming_a_part_of_the_folder_reads_the_folders_record_of_links_in_that_part(tmp_path, hold, monkeypatch):
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    write_video(a / "sub" / "own.mp4", [Segment(2, "blue")])
    write_video(share / "kept.mp4", [Segment(2, "red")])
    (a / "sub" / "nas").symlink_to(share, target_is_directory=True)
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    hold("scandir", a / "sub" / "nas")
    index(lib, [a])  # (the folder's walk: the link remembered in the folder's record)
    assert list(_hung_links(lib)) == [str(a)]
    for wait in (False, True):  # (a run of the part as the window makes it, and as ``seekframe index`` does)
        _new_process()
        with VideoLibrary(lib) as library:
            opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0, part_of_folder=True,
                                wait_named=wait)
            list(MomentIndexer(library, ColourMeanEncoder(), opts).run([str(a / "sub")]))
            records = {v.path.rsplit("/", 1)[1]: v for v in library.video_table.all()}
        assert not records["own.mp4"].offline, (wait, records)
        assert records["kept.mp4"].offline, (wait, records)


def test_a_link_whose_listing_answers_but_whose_reads_hang_leaves_the_folders_own_videos_online(tmp_path, hold,
                                                                                                monkeypatch):
    """s58 review fr_2 F2: the reads behind the link stalled, keyed by the library folder: the whole folder
    offline, remembered so, and each next run's probe read a video behind the link: offline again, for good."""
    a, share, lib = _local_with_links(tmp_path, monkeypatch)
    reads_hang_runs(hold, lib, a, share / "nas", "kept0.mp4", 3)


def reads_hang_runs(hold, lib, a, new_in, kept: str, runs: int) -> None:
    """Two new videos written in ``new_in`` (what ``a/nas`` shows), its reads made to hang, then ``runs`` runs of
    ``a``, each a new process's: in each, ``a``'s own video online, ``kept`` (behind ``a/nas``) offline, ``a/nas``
    remembered and said offline, not ``a``."""
    for name in ("new1.mp4", "new2.mp4"):  # (new on the share: their content hashed by the run's plan)
        write_video(new_in / name, [Segment(2, "green")])
    hold("open", a / "nas")  # (its listing answers, from a cache; its reads do not)
    for run in range(runs):
        if run:
            _new_process()
        records, _, said = index(lib, [a])
        assert not records["own.mp4"].offline, (run, said)  # (the folder's own: online in every run)
        assert records[kept].offline, (run, said)  # (behind the link: kept, offline)
        assert list(_hung_links(lib)) == [str(a)], (run, said)
        assert f"offline: {a / 'nas'} (its files do not answer reads" in said, (run, said)
        assert f"offline: {a} " not in said, (run, said)


def test_a_folder_remembered_hung_is_probed_by_its_own_videos_not_those_behind_its_links(tmp_path, hold,
                                                                                        monkeypatch):
    """A folder an earlier release remembered as not answering (its reads behind a link stalled, keyed by the
    folder): the next run's probe read the videos behind the link first and took the folder offline again, its
    own videos with it, for good."""
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    for i in range(scan_stalls.PROBE_TRIES):  # (indexed first: the library's first videos of the folder)
        write_video(share / f"kept{i}.mp4", [Segment(2, "red")])
    a.mkdir()
    (a / "nas").symlink_to(share, target_is_directory=True)
    index(lib, [a])
    write_video(a / "own.mp4", [Segment(2, "blue")])
    index(lib, [a])
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    with VideoLibrary(lib) as library:
        library.update_settings(hung_folders={str(a): 1})
    hold("open", a / "nas")
    _new_process()
    records, _, said = index(lib, [a])
    assert not records["own.mp4"].offline, said  # (its own video answered the probe: the folder walked)
    assert f"offline: {a} " not in said, said


def test_a_link_passed_over_with_no_library_video_behind_it_is_said_offline(tmp_path, hold, monkeypatch):
    """s58 review fr_2 F3: the share was dead at the folder's first index (nothing indexed behind the link): each
    run after passed over the link in silence, its videos never indexed and nothing said why."""
    a, share, lib = tmp_path / "a", tmp_path / "share", tmp_path / "lib"
    write_video(a / "own.mp4", [Segment(2, "blue")])
    write_video(share / "kept.mp4", [Segment(2, "red")])
    (a / "nas").symlink_to(share, target_is_directory=True)
    monkeypatch.setattr(bounded_read, "READ_TIMEOUT_S", 1.0)
    monkeypatch.setattr(scan_stalls, "PROBE_S", 0.5)
    hold("scandir", a / "nas")
    index(lib, [a])  # (the first run: the whole bound, the link remembered)
    for _ in range(2):
        _new_process()
        records, _, said = index(lib, [a])
        assert "kept.mp4" not in records and not records["own.mp4"].offline, said
        assert f"offline: {a / 'nas'} (its files do not answer reads" in said, said


def test_reads_that_stall_at_the_walk_behind_a_link_pass_over_the_link_alone(tmp_path, monkeypatch):
    """The walk's own reads (a GIF's, WebP's or .mod's first bytes, ``walk_rule.listed_as_video``) that stalled
    behind a link were the library folder's too: two made the whole folder offline."""
    import core.scan
    from core.scan import scan

    a, share = tmp_path / "a", tmp_path / "share"
    (a / "sub").mkdir(parents=True)
    share.mkdir()
    for folder, names in ((a, ("own.gif",)), (a / "sub", ("b.gif",)), (share, ("x.gif", "y.gif", "z.gif"))):
        for name in names:
            (folder / name).write_bytes(b"GIF89a" + bytes(64))
    (a / "nas").symlink_to(share, target_is_directory=True)
    read = []

    def stalls(path):
        if str(path).startswith(str(a / "nas") + "/"):
            read.append(path)
            raise TimeoutError(110, "no answer")
        return None

    monkeypatch.setattr(core.scan, "listed_as_video", stalls)
    found = scan([str(a)])
    assert found.offline_roots == [] and found.hung == [], found.problems
    assert sorted(found.files) == [str(a / "own.gif"), str(a / "sub" / "b.gif")], found.files
    assert found.hung_links == {str(a): [str(a / "nas")]} and str(a / "nas") in found.dangling
    assert len(read) == scan_stalls.STALLS_OFFLINE, read  # (its third file never read)
    assert found.links[str(a)]["links"] == {"nas": None}  # (recorded as not resolved: no search looks into it)
