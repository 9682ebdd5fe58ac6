"""``core.scan_stalls``' rule, in-process (a read that gets no answer stood in for by the content hash raising
``TimeoutError``, as ``bounded_read.scan_open`` raises it; real hung reads: ``tests/test_hung_share_planning``):
one file of a library folder whose read stalls is not read again, said with why, its video kept as it is
(never taken as changed or gone) and read again by the next run; a second stall in the folder makes it
offline for the run, nothing found under it, while the other folders are planned as ever."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import core.scan
from core import scan_stalls
from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from core.library.records import DONE
from core.scan import scan
from tests.decode_blips import decode
from tests.fakes import ColourMeanEncoder
from tests.videos import Segment, write_video

NO_ANSWER = "no answer in 120 s (a network share that stopped answering?)"


@pytest.fixture
def stalls(monkeypatch):
    """Paths whose content hash gets no answer (put in the set returned)."""
    hung, real = set(), core.scan.content_hash

    def content_hash(path, *args, **kw):
        if any(str(path).startswith(h) for h in hung):
            raise TimeoutError(110, NO_ANSWER)
        return real(path, *args, **kw)

    monkeypatch.setattr(core.scan, "content_hash", content_hash)
    return hung


def test_one_stall_is_the_file_s_two_make_the_folder_offline(tmp_path, stalls):
    share, one, fine = tmp_path / "share", tmp_path / "one", tmp_path / "fine"
    for folder in (share, one, fine):
        for name in ("a.mp4", "b.mp4", "c.mp4"):
            (folder / "sub").mkdir(parents=True, exist_ok=True)
            (folder / "sub" / name).write_bytes(os.urandom(64) + name.encode())
    stalls.update({f"{share}{os.sep}", str(one / "sub" / "b.mp4")})
    roots = [str(share), str(one), str(fine)]
    found = scan(roots)
    scan_stalls.hash_ahead(found, roots, [])
    assert found.offline_roots == [str(share)] and found.hung == [str(share)]
    assert not any(p.startswith(str(share)) for p in found.files) and str(share) not in found.identities
    assert len(found.stalled[str(share)]) == scan_stalls.STALLS_OFFLINE  # (its third file never read)
    assert sorted(found.hashes) == sorted(p for p in found.files), found.hashes
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in found.files) == [
        "fine/sub/a.mp4", "fine/sub/b.mp4", "fine/sub/c.mp4", "one/sub/a.mp4", "one/sub/c.mp4"]
    assert (str(one / "sub" / "b.mp4"), f"cannot read: {NO_ANSWER}") in found.problems
    assert (str(share), "folder unavailable: its files do not answer reads") in found.problems


def index(tmp_path) -> tuple[dict, list, str]:
    from core.progress import print_index_run

    (tmp_path / "opened").write_text("")
    with VideoLibrary(tmp_path / "lib") as lib:
        opts = IndexOptions(two_pass=False, decode_fn=decode, file_timeout_s=20.0)
        events = list(MomentIndexer(lib, ColourMeanEncoder(), opts).run([str(tmp_path / "videos")]))
        records = {Path(v.path).name: v for v in lib.video_table.all()}
    import io
    from contextlib import redirect_stderr

    err = io.StringIO()
    with redirect_stderr(err):
        print_index_run(iter(events))
    return records, events, err.getvalue()


def test_a_changed_video_whose_read_stalls_is_kept_as_it_was_and_read_by_the_next_run(tmp_path, stalls):
    videos = tmp_path / "videos"
    write_video(videos / "red.mp4", [Segment(2, "red")])
    write_video(videos / "blue.mp4", [Segment(2, "blue")])
    before, _, _ = index(tmp_path)
    write_video(videos / "blue.mp4", [Segment(3, "blue")])  # (changed: another size; its hash is read)
    stalls.add(str(videos / "blue.mp4"))
    after, events, said = index(tmp_path)
    assert after["blue.mp4"] == before["blue.mp4"], after["blue.mp4"]  # (as it was: neither changed nor gone)
    assert not after["blue.mp4"].offline and events[0].summary["deleted"] == 0
    assert f"blue.mp4: cannot read: {NO_ANSWER}" in " ".join(said.split()), said
    stalls.clear()  # (the share answers again)
    again, _, said = index(tmp_path)
    assert again["blue.mp4"].status == DONE and again["blue.mp4"].size == (videos / "blue.mp4").stat().st_size, said


def test_an_unchanged_file_costs_no_folder_lookup(tmp_path, monkeypatch):
    """A no-op re-scan runs ``hash_ahead`` over every file found: each is keyed by the walk's root
    (``FoundFile.root``), not looked up among the library folders again (old: ``owner`` once a file;
    100,000 unchanged files: 0.97 s of a no-op re-scan, now 0.26 s, with the decode rule's imports
    once a run)."""
    from core.library.records import VideoRecord
    from core.video_info import READER

    folder = tmp_path / "videos"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.mp4", "b.mp4", "c.mp4"):
        (folder / "sub" / name).write_bytes(os.urandom(64) + name.encode())
    roots = [str(folder)]
    found = scan(roots)
    known = [VideoRecord(video_id=f"{i:016x}", path=p, root=str(folder), size=f.size, mtime=f.mtime,
                         content_hash="h", status=DONE, reader=READER) for i, (p, f) in enumerate(found.files.items())]
    calls, real = [], scan_stalls.owner
    monkeypatch.setattr(scan_stalls, "owner", lambda *a: calls.append(a) or real(*a))
    scan_stalls.hash_ahead(found, roots, known)
    assert calls == [] and found.hashes == {} and len(found.files) == 3, calls
