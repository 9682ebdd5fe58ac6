"""``--folder`` and ``seekframe index`` over library folders spelled in several ways: one indexed
through a link and another by its real path, a folder in one library folder that is a link to
another; and how often a command resolves links (once per library folder, never an offline one's).
"""

from __future__ import annotations

import collections
import json
import os


from core.filters import Filters, folder_spellings
from core.library.records import VideoRecord
from core.folder_spelling import as_library_folder
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def row(path: str, root: str, offline: bool = False) -> VideoRecord:
    return VideoRecord(video_id=path, path=path, root=root, size=1, mtime=0.0, content_hash="", status="done",
                       offline=offline)


def realpaths(monkeypatch) -> collections.Counter:
    """Counts ``os.path.realpath`` calls by path from now on."""
    calls, real = collections.Counter(), os.path.realpath

    def spy(path, *a, **k):
        calls[os.fspath(path)] += 1
        return real(path, *a, **k)

    monkeypatch.setattr(os.path, "realpath", spy)
    return calls


def test_a_folder_above_one_library_folder_finds_the_other_it_reaches_through_a_link(tmp_path):
    """~/Videos a link to data/videos; the library folders ~/Videos/2024 (indexed through the
    link) and data/videos/2023 (by its real path): either spelling of the parent holds both."""
    real = tmp_path / "data" / "videos"
    (real / "2024").mkdir(parents=True)
    (real / "2023").mkdir()
    os.symlink(real, tmp_path / "Videos")
    through, direct = str(tmp_path / "Videos" / "2024"), str(real / "2023")
    videos = {p: row(p, root) for p, root in ((through + "/bird.mkv", through), (direct + "/again.mkv", direct))}
    for folder in (tmp_path / "Videos", real):
        accepts = Filters(folder=str(folder)).matcher([through, direct])
        assert {os.path.basename(p) for p, v in videos.items() if accepts(v)} == {"bird.mkv", "again.mkv"}, folder
    # (a folder in one of them still finds that one only)
    accepts = Filters(folder=str(real / "2023")).matcher([through, direct])
    assert [os.path.basename(p) for p, v in videos.items() if accepts(v)] == ["again.mkv"]


def test_a_folder_in_library_folder_a_that_is_a_link_to_library_folder_b_finds_b(tmp_path):
    a, b = tmp_path / "A", tmp_path / "B"
    (a / "sub").mkdir(parents=True)
    b.mkdir()
    os.symlink(b, a / "toB")
    folders = [str(b), str(a)]
    videos = {p: row(p, root) for p, root in ((f"{b}/bird.mkv", str(b)), (f"{a}/again.mkv", str(a)))}
    accepts = Filters(folder=str(a / "toB")).matcher(folders, videos)
    assert [p for p, v in videos.items() if accepts(v)] == [f"{b}/bird.mkv"]
    # ``seekframe index A/toB``: B's own folder, not a new library folder that finds nothing
    assert as_library_folder(str(a / "toB"), folders) == str(b)
    assert as_library_folder(str(a / "toB" / "x"), folders) == str(b / "x")
    assert as_library_folder(str(a / "sub"), folders) == str(a / "sub")  # (a plain subfolder: as typed)


def test_index_of_a_link_to_another_library_folder_adds_no_folder(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "again.mp4", [Segment(2, "red")], seed=1)
    write_video(b / "bird.mp4", [Segment(2, "blue")], seed=2)
    os.symlink(b, a / "toB")
    assert run_cli(capsys, "index", b, "--library", lib)[0] == 0
    assert run_cli(capsys, "index", a, "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "search", "anything", "--json", "--library", lib, "--folder", a / "toB")
    assert code == 0, err
    assert [os.path.basename(r["path"]) for r in json.loads(out)] == ["bird.mp4"]
    assert run_cli(capsys, "index", a / "toB", "--library", lib)[0] == 0
    code, out, err = run_cli(capsys, "status", "--json", "--library", lib)
    assert sorted(json.loads(out)["folders"]) == sorted([str(a), str(b)])


def test_a_command_resolves_each_library_folder_once_and_an_offline_one_never(tmp_path, capsys, monkeypatch):
    """``search --folder`` outside every library folder (a typo, another disk): the search, the
    notes it looks at and the reason it found nothing ask for the folder's spellings; each
    library folder is resolved once, and one whose videos are all offline (a drive unplugged, a
    share that does not answer) not at all."""
    use_encoder(monkeypatch, FixedTextEncoder)
    here, gone, lib = tmp_path / "here", tmp_path / "gone", tmp_path / "lib"
    write_video(here / "a.mp4", [Segment(2, "red")], seed=1)
    write_video(gone / "b.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", here, gone, "--library", lib)[0] == 0
    os.rename(gone, tmp_path / "unplugged")
    run_cli(capsys, "index", "--library", lib)  # (its videos kept, offline)
    calls = realpaths(monkeypatch)
    code, out, err = run_cli(capsys, "search", "anything", "--library", lib, "--folder", tmp_path / "elsewhere")
    assert code == 0 and "none is under" in out + err, out + err
    assert calls[str(here)] == 1 and calls[str(tmp_path / "elsewhere")] == 1, calls
    assert calls[str(gone)] == 0, calls
    calls.clear()  # (a matcher of the same filters again: nothing resolved again)
    videos = {"h": row(f"{here}/a.mp4", str(here))}
    filters = Filters(folder=str(tmp_path / "elsewhere"), min_duration=1.0)
    for _ in range(3):
        filters.matcher([str(here)], videos)
    filters.folder_only().matcher([str(here)], videos)
    assert calls[str(here)] == 1


def test_a_folder_typed_in_the_library_resolves_nothing(tmp_path, monkeypatch):
    calls = realpaths(monkeypatch)
    lib_folder, stuck = str(tmp_path / "videos"), "/nfs/stuck"
    videos = {"a": row(lib_folder + "/2024/a.mp4", lib_folder), "s": row(stuck + "/b.mp4", stuck)}
    assert Filters(folder=lib_folder + "/2024").matcher([lib_folder, stuck], videos)(videos["a"])
    assert folder_spellings(lib_folder, [lib_folder, stuck], videos) == [lib_folder]
    # (one in an offline library folder that holds no video: not resolved either)
    gone = {"a": row(lib_folder + "/a.mp4", lib_folder, offline=True)}
    assert folder_spellings(lib_folder + "/typo", [lib_folder, stuck], gone) == [lib_folder + "/typo"]
    assert not calls
