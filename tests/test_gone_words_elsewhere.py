"""A copy of a video made in another of the library's folders and indexed there, the video's own file
then gone (a video moved there after that folder's re-scan is the same video moved, since
``core.sync_gone``): the library has its content at the new path, but the window's file notice and card
and `seekframe search` said only that the file was gone from the old one. They now say where the
library has it (``gone_rule.FolderVideos.elsewhere``: the library's own records, a stat a path). Before
that re-scan the window's notice said "Re-scan its folder", which removes it (its content is in no folder
that run looks at): where the library has other folders it now says a re-scan of the whole library
finds it there, as it does."""

from __future__ import annotations

import os

from core.gone_rule import FolderVideos
from core.library import VideoLibrary
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _moved_and_rescanned(tmp_path, capsys, monkeypatch, rescan=True):
    """Folder A of four videos and folder B, indexed; A's red one moved to B, and (``rescan``) B
    re-scanned alone before it: a copy of it there, indexed, then A's deleted. (A move B's re-scan
    finds after it is the same video moved: ``tests/test_moved_between_folders.py``.)"""
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    for i, colour in enumerate(("red", "blue", "green", "yellow")):
        write_video(a / f"{colour}.mp4", [Segment(2, colour)], seed=i)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", a, b, "--library", lib, "-q")[0] == 0
    if rescan:
        (b / "red.mp4").write_bytes((a / "red.mp4").read_bytes())
        assert run_cli(capsys, "index", b, "--library", lib, "-q")[0] == 0
    os.rename(a / "red.mp4", b / "red.mp4")
    return a, b, lib


def _unfolded(library, path):
    """The moments like ``path``'s first, byte-identical copies not folded into one (``similar`` of another
    model's copy, a copy indexed with other settings)."""
    from core.search import Searcher

    view = library.video_table.view()
    first = next(v for v in view.values() if v.path == path)
    return Searcher(library, None)._search_vector(library.moment_table.of(first.video_id)[0].vector, 8, None, True)


def test_the_window_and_the_command_say_where_the_library_has_a_video_moved_to_another_folder(
        tmp_path, capsys, monkeypatch):
    from app.file_state import GONE, problem_text
    from app.found import annotate
    from core.cli_print import print_hits, roots_of

    a, b, lib = _moved_and_rescanned(tmp_path, capsys, monkeypatch)
    old, new = str(a / "red.mp4"), str(b / "red.mp4")
    with VideoLibrary(str(lib), read_only=True) as library:
        results = _unfolded(library, old)
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        found = {view[r.video_id].path: r for r in annotate(results, view, ids)}
        roots = roots_of(library, results)
    card = found[old]
    assert card.file_state == GONE and card.elsewhere == new, card
    assert f"the library has the same video at {new}" in problem_text(card, GONE), problem_text(card, GONE)
    assert found[new].elsewhere == ""  # (there: nothing to say)
    capsys.readouterr()
    print_hits([r for r in results if r.path == old], False, roots)
    assert f"{old}  (file moved, renamed or deleted since it was indexed; the library has it at {new})" in capsys.readouterr().out


def test_a_gone_video_s_many_moments_ask_where_it_went_once(tmp_path, capsys, monkeypatch):
    """A search as the user types shows a gone video's moments many times over: where the library has it
    is asked once a path (its own stats), not once a moment."""
    from app.file_state import GONE
    from app.found import annotate

    a, b, lib = _moved_and_rescanned(tmp_path, capsys, monkeypatch)
    old, new = str(a / "red.mp4"), str(b / "red.mp4")
    asked = []
    real = FolderVideos.elsewhere
    monkeypatch.setattr(FolderVideos, "elsewhere", lambda self, path: asked.append(path) or real(self, path))
    with VideoLibrary(str(lib), read_only=True) as library:
        results = [r for r in _unfolded(library, old) if r.path == old] * 5
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        cards = annotate(results, view, ids)
    assert len(cards) == len(results) >= 5 and all(c.file_state == GONE and c.elsewhere == new for c in cards)
    assert asked == [old], asked


def test_a_video_the_library_has_nowhere_else_is_said_gone_as_before(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "B").mkdir()
    (tmp_path / "B" / "copy.mp4").write_bytes(b"x")
    records = [SimpleNamespace(path=str(tmp_path / "A" / "v.mp4"), size=1, content_hash="h1"),
               SimpleNamespace(path=str(tmp_path / "B" / "other.mp4"), size=1, content_hash="h2"),
               SimpleNamespace(path=str(tmp_path / "B" / "gone-too.mp4"), size=1, content_hash="h1")]
    assert FolderVideos(records).elsewhere(str(tmp_path / "A" / "v.mp4")) is None  # (its twin gone as well)
    records[2] = SimpleNamespace(path=str(tmp_path / "B" / "copy.mp4"), size=1, content_hash="h1")
    assert FolderVideos(records).elsewhere(str(tmp_path / "A" / "v.mp4")) == str(tmp_path / "B" / "copy.mp4")


def test_a_video_moved_to_another_folder_before_any_re_scan_is_said_found_by_the_whole_re_scan(
        tmp_path, capsys, monkeypatch):
    from app.file_state import GONE, problem_text
    from app.found import annotate

    a, b, lib = _moved_and_rescanned(tmp_path, capsys, monkeypatch, rescan=False)
    old, new = str(a / "red.mp4"), str(b / "red.mp4")
    with VideoLibrary(str(lib), read_only=True) as library:
        results = _unfolded(library, old)
        view, ids = library.video_table.view(), library.meta.settings.root_ids
        card = next(f for f in annotate(results, view, ids) if view[f.video_id].path == old)
        video_id = card.video_id
    assert card.file_state == GONE and card.elsewhere == "", card
    text = problem_text(card, GONE)
    assert ("moved to another of the library's folders, a re-scan of that folder, or of the whole library, "
            "finds it there, its moments and notes kept") in text, text
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the whole library: found there by its content)
    assert code == 0 and "1 moved" in err, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert library.video_table.view()[video_id].path == new


def test_a_library_of_one_folder_is_not_told_of_other_folders(tmp_path):
    from types import SimpleNamespace

    from app.file_state import GONE, problem_text

    gone = str(tmp_path / "A" / "v.mp4")
    every = FolderVideos([SimpleNamespace(path=gone, root=str(tmp_path / "A"), size=1, content_hash="h")])
    card = SimpleNamespace(path=gone, root=str(tmp_path / "A"), folder_videos=every, elsewhere="")
    assert "Re-scan the whole library" not in problem_text(card, GONE)
