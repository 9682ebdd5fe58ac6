"""A way out of a mistaken ``seekframe index ~`` that took ~/Videos in: ``seekframe forget ~`` was
refused (it would remove ~/Videos's videos too) and ``--all`` removed them; there was no way to drop
~ and keep ~/Videos but forgetting everything and embedding ~/Videos again. Now ``seekframe forget
~ --keep-inside`` forgets ~'s own videos and lists the folders it took in on their own again,
their videos kept as theirs (re-rooted, not embedded again), whole or not at all (a kill or a full
disk mid-way leaves the library whole, the next writer finishing it), with ``took_in`` and
``folder_links`` true afterwards. The refusal names the option; ``seekframe status`` says under a
folder which ones it took in."""

from __future__ import annotations

import errno
import json
import os
import sys
import time

import pytest

from core.cli import EXIT_DISK_FULL
from core.library import VideoLibrary
from core.library import meta as meta_io
from core.library.videos import VideoTable
from tests.test_forget_took_in import took_in
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401


def rows(lib) -> dict:
    """{path: (video_id, root, n_moments)}, as a reader sees them."""
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path: (v.video_id, v.root, v.n_moments) for v in library.video_table.all()}


def settings(lib):
    with VideoLibrary(lib, read_only=True) as library:
        return library.meta


def assert_kept(lib, before, home, videos, phone, capsys):
    """~'s own video gone, ~/Videos and ~/Phone listed with their videos as they were (same ids and
    moments), theirs; nothing embedded again (an index, whose open finishes a forget left pending);
    no record of ~ left."""
    code, _, err = run(capsys, "index", "--library", lib)
    assert code == 0 and "0 to index, 3 unchanged" in err, err
    now = rows(lib)
    assert set(now) == {p for p in before if not p.startswith(str(home / "Downloads"))}, now
    for path, (vid, root, n) in now.items():
        owner = str(videos) if path.startswith(str(videos)) else str(phone)
        assert (vid, n) == before[path][::2] and n > 0 and root == owner, (path, now[path])
    status = folder_status(capsys, lib)
    assert set(status) == {str(videos), str(phone)}, status
    assert status[str(videos)]["videos"]["done"] == 2 and status[str(phone)]["videos"]["done"] == 1
    meta = settings(lib)
    assert meta.forgetting is None and meta.keeping is None
    s = meta.settings
    assert not s.took_in and str(home) not in (s.folder_links or {}) and str(home) not in (s.root_ids or {})


def test_keep_inside_forgets_its_own_videos_and_lists_those_it_took_in_again(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    before = rows(lib)
    assert {r for _, r, _ in before.values()} == {str(home)}
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0 and "Removed 1 video under" in out and not err.strip(), (out, err)
    assert (f"Kept: {videos} (2 videos); {phone} (1 video), listed again as library folders of their own, "
            "their videos kept (not indexed again).") in out, out
    assert_kept(lib, before, home, videos, phone, capsys)


def test_the_refusal_and_the_help_name_keep_inside(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    code, out, err = run(capsys, "forget", home, "--library", lib)
    assert code == 2 and not out
    assert f"forget {home} --all; to keep the folders it took in (listed on their own again, their videos " \
           f"kept): seekframe forget {home} --keep-inside." in err, err
    code, out, _ = run(capsys, "forget", "--help")
    assert code == 0 and "--keep-inside" in out and "seekframe forget ~ --keep-inside" in out, out


def test_a_folder_that_took_none_in_is_refused_and_kept_whole(tmp_path, capsys):
    videos, lib = make_folder(tmp_path / "Videos", 2), tmp_path / "lib"
    assert run(capsys, "index", videos, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", videos, "--keep-inside", "--library", lib)
    assert code == 2 and not out and "took in no library folder" in err and "nothing was forgotten" in err, err
    assert folder_status(capsys, lib)[str(videos)]["videos"]["done"] == 2


def test_a_folder_taken_in_with_what_it_took_in_gets_its_record_back(tmp_path, capsys):
    """trip listed, then ~/Videos (taking trip in), then ~: forgetting ~ keeping lists ~/Videos again,
    which took trip in (its own forget asks again)."""
    home, lib = tmp_path / "home", tmp_path / "lib"
    videos = make_folder(home / "Videos", 1)
    trip = make_folder(videos / "trip", 2)
    for folder in (trip, videos, home):
        assert run(capsys, "index", folder, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0 and "Removed 0 videos" in out and f"Kept: {videos} (3 videos)" in out, (out, err)
    assert settings(lib).settings.took_in == {str(videos): [str(trip)]}
    assert {r for _, r, _ in rows(lib).values()} == {str(videos)}
    code, _, err = run(capsys, "forget", videos, "--library", lib)
    assert code == 2 and f"{videos} took in the library folder {trip} (2 videos)" in err, err


def test_a_path_above_several_folders_still_asks_counting_only_what_goes(tmp_path, capsys):
    """~ holding ~/A (which took ~/A/x in) and ~/B: --keep-inside keeps ~/A/x but ~/B goes too, so it
    still asks (``--all``), counting ~/A's and ~/B's own videos only."""
    home, lib = tmp_path / "home", tmp_path / "lib"
    a, b = make_folder(home / "A", 1), make_folder(home / "B", 1)
    x = make_folder(a / "x", 2)
    for folder in (x, a, b):
        assert run(capsys, "index", folder, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 2 and f"{a} (1 video); {b} (1 video)" in err and "2 videos in all" in err, err
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--all", "--library", lib)
    assert code == 0 and "Removed 2 videos" in out and f"Kept: {x} (2 videos)" in out, (out, err)
    assert set(folder_status(capsys, lib)) == {str(x)}


@pytest.mark.parametrize("where", ["reroot", "delete", "write"])
def test_a_kept_forget_killed_mid_way_leaves_the_library_whole_and_is_finished(tmp_path, capsys, monkeypatch,
                                                                              where):
    """Killed once the forget is recorded: as it re-roots the kept videos, as it deletes ~'s own, or
    as its last write (the folders) is made. A reader sees the kept folders' videos meanwhile (not
    ~'s own); the next writer's open finishes the forget keeping them (not deleting them, nor
    embedding them again)."""
    home, videos, phone, lib = took_in(tmp_path, capsys)
    before = rows(lib)
    real = {"reroot": VideoTable.reroot, "delete": VideoTable.delete, "write": meta_io.write_meta}[where]

    def killed(*args):
        if where != "write" or args[1].forgetting is None and args[1].settings.folders != [str(home)]:
            raise KeyboardInterrupt  # (Ctrl-C, or as a kill leaves it)
        return real(*args)

    with monkeypatch.context() as m:
        m.setattr(meta_io if where == "write" else VideoTable, "write_meta" if where == "write" else where, killed)
        code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 130, (out, err)
    meta = settings(lib)
    assert meta.forgetting == str(home) and meta.keeping == [str(videos), str(phone)]
    seen = rows(lib)  # (a reader: the kept folders' videos there, ~'s own not)
    assert set(seen) == {p for p in before if not p.startswith(str(home / "Downloads"))}, seen
    code, out, _ = run(capsys, "status", "--library", lib)
    assert code == 0 and f"Forgetting {home}: interrupted" in out
    assert_kept(lib, before, home, videos, phone, capsys)  # (its index's open finishes it first)


def test_a_kept_forget_a_full_disk_stops_is_finished_when_asked_again(tmp_path, capsys, monkeypatch):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    before, write = rows(lib), meta_io.write_meta

    def refusing(where, meta):
        if meta.forgetting is None and meta.settings.folders != [str(home)]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(where, meta)

    monkeypatch.setattr(meta_io, "write_meta", refusing)
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == EXIT_DISK_FULL and "full" in err, (out, err)
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["forgetting"] == str(home)
    monkeypatch.setattr(meta_io, "write_meta", write)  # (space freed)
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0 and "is finished" in out and f"Kept: {videos} (2 videos)" in out, (out, err)
    assert_kept(lib, before, home, videos, phone, capsys)


def test_status_says_which_folders_a_folder_took_in(tmp_path, capsys):
    home, videos, phone, lib = took_in(tmp_path, capsys)
    code, out, _ = run(capsys, "status", "--library", lib)
    assert code == 0
    assert (f"took in {videos} (2 videos); {phone} (1 video), listed before it was indexed; `seekframe forget "
            f"{home} --keep-inside` would list them on their own again.") in out, out
    assert folder_status(capsys, lib)[str(home)]["took_in"] == [{"path": str(videos), "videos": 2},
                                                                {"path": str(phone), "videos": 1}]
    code, _, _ = run(capsys, "forget", videos, "--library", lib)  # (a part of ~ forgotten: no longer said)
    assert folder_status(capsys, lib)[str(home)]["took_in"] == [{"path": str(phone), "videos": 1}]
    assert str(videos) not in run(capsys, "status", "--library", lib)[1]


@pytest.mark.skipif(sys.platform == "win32", reason="links need privileges on Windows")
def test_a_kept_folder_has_its_part_of_the_links_record(tmp_path, capsys, monkeypatch):
    """home/A/sub (a clip, and toB, a link to the library folder data/B) listed, then home/A indexed
    (taking sub in), then forgotten keeping sub: ``search --folder sub`` finds B's bird through the
    link from sub's record (its part of A's walk), listing no folder, as it did under A."""
    from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
    from tests.test_search_folder_links_recorded import found, no_listing
    from tests.videos import Segment, write_video

    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "home" / "A", tmp_path / "data" / "B", tmp_path / "lib"
    write_video(a / "sub" / "sea.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "own.mp4", [Segment(2, "green")], seed=2)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=3)
    os.symlink(b, a / "sub" / "toB")
    for folder in (b, a / "sub", a):
        assert run_cli(capsys, "index", folder, "--library", lib)[0] == 0
    assert found(capsys, lib, a / "sub") == ["bird.mp4", "sea.mp4"]
    code, out, err = run_cli(capsys, "forget", a, "--keep-inside", "--library", lib)
    assert code == 0 and "Removed 1 video" in out, (out, err)
    links = settings(lib).settings.folder_links
    assert links[str(a / "sub")] == {"real": str(a / "sub"), "links": {"toB": str(b)}}, links
    asked = no_listing(monkeypatch)
    assert found(capsys, lib, a / "sub") == ["bird.mp4", "sea.mp4"] and not asked


def test_a_folder_taken_in_that_is_gone_is_not_listed_again(tmp_path, capsys):
    """~/Videos taken in, then renamed ~/Movies and ~ indexed again (its videos moved to ~/Movies,
    ~'s own): forgetting ~ keeping listed ~/Videos again, a folder that is not there and holds no
    video ("offline: the folder is missing (an unmounted drive?)" for good). A folder taken in that
    holds no video of the library and is not there is not kept; ~/Phone is, and when none is left to
    keep the forget is refused (nothing removed), saying why."""
    home, videos, phone, lib = took_in(tmp_path, capsys)
    os.rename(videos, home / "Movies")
    assert run(capsys, "index", home, "--library", lib)[0] == 0
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0 and f"Kept: {phone} (1 video), listed again as a library folder" in out, (out, err)
    assert str(videos) not in out
    assert settings(lib).settings.folders == [str(phone)]
    assert set(folder_status(capsys, lib)) == {str(phone)}

    home2, videos2, phone2, lib2 = took_in(tmp_path / "2", capsys)
    os.rename(videos2, home2 / "Movies")
    os.rename(phone2, home2 / "Camera")
    assert run(capsys, "index", home2, "--library", lib2)[0] == 0
    code, out, err = run(capsys, "forget", home2, "--keep-inside", "--library", lib2)
    assert code == 2 and not out and "nothing was forgotten" in err, (out, err)
    assert f"{videos2}" in err and "no longer there" in err, err
    assert folder_status(capsys, lib2)[str(home2)]["videos"]["total"] == 4


def test_keep_inside_moves_an_interrupted_reindex_onto_the_folders_kept(tmp_path, capsys):
    """A ``--reindex ~`` killed part-way, then ``forget ~ --keep-inside``: its record of ~ (what waits to be
    embedded again) was kept under ~, no library folder now, so status said nothing of the kept folders'
    videos that wait, and no run ever dropped it from library.json (review rv_6, finding 5). It goes onto
    the kept folders: status says their videos wait, and a run of each embeds them and drops its entry."""
    from core import reembed_record

    home, videos, phone, lib = took_in(tmp_path, capsys)
    path = lib / "library.json"
    data = json.loads(path.read_text())
    since = time.time()  # (after every commit: all wait)
    data["extra"]["settings"][reembed_record.KEY] = {str(home): since}
    path.write_text(json.dumps(data))
    code, out, err = run(capsys, "forget", home, "--keep-inside", "--library", lib)
    assert code == 0 and "Kept:" in out, (out, err)
    record = reembed_record.recorded(settings(lib).settings)
    assert record == {str(videos): since, str(phone): since}, record
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    assert json.loads(out)["reembed_waiting"] == {str(videos): 2, str(phone): 1}, out

    code, _, err = run(capsys, "index", videos, "--library", lib)
    assert code == 0 and "2 to index" in err, err
    assert reembed_record.recorded(settings(lib).settings) == {str(phone): since}
