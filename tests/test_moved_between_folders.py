"""A video moved from library folder A to library folder B, then A and B re-scanned one at a time
(the window's "Re-scan its folder", `seekframe index A`): a re-scan of the whole library keeps the
video (its id, moments and captions: "1 moved"), but each one-folder order lost it: A first removed
it ("1 removed"), then B indexed it as a new video (embedded again, another id); B first made it a
copy (another id, moments copied), then A removed the video its imported captions were tied to.
Now both orders keep it (``core.sync_gone``, ``core.library.gone_kept``): said moved, nothing
embedded, the same id, moments and captions; between the two runs no search shows it."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from core.library import VideoLibrary
from core.search import Searcher
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _library(tmp_path, capsys, monkeypatch):
    """Folders A (four videos) and B (one) indexed, a caption imported on A/red.mp4; the encoder."""
    enc = FixedTextEncoder()
    use_encoder(monkeypatch, lambda: enc)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    for i, colour in enumerate(("red", "blue", "green", "yellow")):
        write_video(a / f"{colour}.mp4", [Segment(2, colour)], seed=i)
    write_video(b / "white.mp4", [Segment(2, "white")], seed=9)
    assert run_cli(capsys, "index", a, b, "--library", lib, "-q")[0] == 0
    caps = tmp_path / "caps.csv"
    caps.write_text("video,start,end,text\nred.mp4,0,2,a brick wall painted red\n")
    assert run_cli(capsys, "captions-import", caps, "--library", lib)[0] == 0
    return a, b, lib, enc


def _red(lib, path):
    """(video id, its moments' vectors, its captions' texts) of the video at ``path``; None where none is."""
    with VideoLibrary(str(lib), read_only=True) as library:
        v = library.video_table.by_path(str(path))
        if v is None:
            return None
        vectors = np.stack([m.vector for m in library.moment_table.of(v.video_id)])
        texts = [c.text for c in library.caption_table.read(with_vectors=False) if c.video_id == v.video_id]
        return v.video_id, vectors, texts


def _index(capsys, folder, lib):
    code, _, err = run_cli(capsys, "index", folder, "--library", lib)
    assert code == 0, err
    return err


@pytest.mark.slow
@pytest.mark.parametrize("first", ["A", "B"])
def test_a_video_moved_to_another_folder_keeps_its_id_moments_and_captions_re_scanned_a_folder_at_a_time(
        tmp_path, capsys, monkeypatch, first):
    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id, vectors, texts = _red(lib, a / "red.mp4")
    assert texts == ["a brick wall painted red"]
    os.rename(a / "red.mp4", b / "red.mp4")
    embedded = enc.embedded
    if first == "A":
        assert "1 removed" in _index(capsys, a, lib)  # (nothing in A says where it went)
        with VideoLibrary(str(lib), read_only=True) as library:  # (kept by content, never searched)
            assert video_id not in library.video_table.view()
            assert video_id not in {r.video_id for r in Searcher(library, enc).text("red", k=50)}
        assert "1 removed" not in _index(capsys, a, lib)  # (a writer's open in between sweeps nothing)
        said = _index(capsys, b, lib)
    else:
        said = _index(capsys, b, lib)
        assert "0 removed" in _index(capsys, a, lib)
    assert "1 moved" in said and "copy" not in said, said
    assert enc.embedded == embedded  # (nothing embedded again)
    assert _red(lib, a / "red.mp4") is None
    now_id, now_vectors, now_texts = _red(lib, b / "red.mp4")
    assert now_id == video_id and now_texts == texts and np.array_equal(now_vectors, vectors)
    with VideoLibrary(str(lib), read_only=True) as library:
        assert {r.video_id for r in Searcher(library, enc).text("red", k=50)} >= {video_id}
    code, out, _ = run_cli(capsys, "status", "--library", lib, "--json")
    assert code == 0 and json.loads(out)["videos"] == 5, out


@pytest.mark.slow
def test_a_copy_is_still_a_copy_and_a_whole_re_scan_lets_the_kept_video_go(tmp_path, capsys, monkeypatch):
    from core.library import gone_kept

    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id = _red(lib, a / "red.mp4")[0]
    (b / "red.mp4").write_bytes((a / "red.mp4").read_bytes())  # (a copy: A's file still there)
    assert "1 copy" in _index(capsys, b, lib)
    assert _red(lib, a / "red.mp4")[0] == video_id and _red(lib, b / "red.mp4")[0] != video_id
    (b / "red.mp4").unlink()
    (a / "red.mp4").unlink()  # (deleted for good: A re-scanned alone keeps it a while, by content)
    assert "1 removed" in _index(capsys, a, lib)
    with VideoLibrary(str(lib), read_only=True) as library:
        assert set(gone_kept.entries(library.meta)) == {video_id}
    code, _, err = run_cli(capsys, "index", "--library", lib)  # (the whole library: it is nowhere)
    assert code == 0, err
    with VideoLibrary(str(lib), read_only=True) as library:
        assert gone_kept.KEY not in library.meta.settings.other
        orphans = library.moment_table.epochs().column("video_id").to_pylist()
    assert video_id not in orphans  # (its moments swept)
    write_video(b / "again.mp4", [Segment(2, "red")], seed=0)  # (its content back: a new video now)
    assert "1 to index" in _index(capsys, b, lib)


def _killed_at_each_write(capsys, folder, lib) -> int:
    """`seekframe index FOLDER` killed at its 1st write, its 2nd, ... (each time a run that finishes
    after it), until one runs to its end; after each kill the library reads as one: `seekframe status`
    answers, no path listed twice, a search shows indexed videos only. How many were killed."""
    import signal

    from tests.cli_zygote import run_probe
    from tests.rescan_kill import probe

    for nth in range(1, 60):
        code, err = run_probe(probe(nth), "index", folder, "--library", lib, "-q", timeout=240)
        if code != -signal.SIGKILL:
            assert code == 0, err
            return nth - 1
        assert run_cli(capsys, "status", "--library", lib)[0] == 0
        with VideoLibrary(str(lib), read_only=True) as library:
            view = library.video_table.view()
            paths = [v.path for v in view.values()]
            assert len(paths) == len(set(paths)), paths
            hits = Searcher(library, FixedTextEncoder()).text("red", k=50)
            assert all(r.video_id in view and view[r.video_id].path == r.path for r in hits)
        _index(capsys, folder, lib)  # (the next run finishes what the killed one began)
    raise AssertionError("a run of more than 60 writes")


@pytest.mark.slow
@pytest.mark.parametrize("killed", ["A", "B"])
def test_a_re_scan_killed_at_any_write_loses_nothing_of_the_moved_video(tmp_path, capsys, monkeypatch, killed):
    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id, vectors, texts = _red(lib, a / "red.mp4")
    os.rename(a / "red.mp4", b / "red.mp4")
    if killed == "A":  # (killed as it keeps the video by content and removes its row)
        assert _killed_at_each_write(capsys, a, lib) >= 2
        _index(capsys, b, lib)
    else:  # (killed as it takes the video back)
        _index(capsys, a, lib)
        assert _killed_at_each_write(capsys, b, lib) >= 2
    assert _red(lib, a / "red.mp4") is None
    now_id, now_vectors, now_texts = _red(lib, b / "red.mp4")
    assert now_id == video_id and now_texts == texts and np.array_equal(now_vectors, vectors)


def test_the_videos_kept_by_content_are_bounded_by_age_count_folder_and_model():
    from types import SimpleNamespace

    from core.library import LibrarySettings, VideoRecord, gone_kept

    def rec(i, root="/v/A", model="m"):
        return VideoRecord(video_id=f"{i:016x}", path=f"{root}/{i}.mp4", root=root, size=10 + i, mtime=1.0,
                           content_hash=f"h{i}", status="done", model_id=model, epoch=2, n_moments=3)

    now = 1_000_000_000.0
    kept = {r.video_id: gone_kept.entry(r, at, ["/v/B"]) for r, at in [
        (rec(1), now - 10), (rec(2), now - gone_kept.MAX_AGE_S - 1),  # (too old)
        (rec(3, root="/v/C"), now), (rec(4, model="other"), now), (rec(5), now)]}  # (folder gone, model changed)
    kept[rec(6).video_id] = {**gone_kept.entry(rec(6), now, ["/v/B"]), "size": "ten"}  # (no entry: damage)
    kept[rec(7).video_id] = gone_kept.entry(rec(7), now, [])  # (every folder looked at since)
    meta = SimpleNamespace(model_id="m", settings=LibrarySettings(folders=["/v/A", "/v/B"], other={gone_kept.KEY: kept}))
    assert set(gone_kept.entries(meta, now=now)) == {rec(1).video_id, rec(5).video_id}
    assert set(gone_kept.entries(meta, live={rec(5).video_id}, now=now)) == {rec(1).video_id}  # (a row again)
    assert gone_kept.record(kept[rec(1).video_id]) == rec(1)
    many = {f"{i:016x}": gone_kept.entry(rec(i), now - i, ["/v/B"]) for i in range(gone_kept.MAX_KEPT + 50)}
    meta = SimpleNamespace(model_id="m", settings=LibrarySettings(folders=["/v/A"], other={gone_kept.KEY: many}))
    out = gone_kept.entries(meta, now=now)
    assert len(out) == gone_kept.MAX_KEPT and f"{0:016x}" in out and f"{gone_kept.MAX_KEPT:016x}" not in out



@pytest.mark.slow
def test_a_kept_video_taken_back_at_the_path_another_moved_off_is_never_listed_twice(tmp_path, capsys, monkeypatch):
    """B/white.mp4 renamed to B/white2.mp4 and the kept red video's file put at B/white.mp4: the run of
    B takes the red one back at a path white's row leaves in the same plan. Killed at each of its writes
    in turn (the library as it was before the run each time), no path is ever listed twice: the old
    order, taken back before the moves, listed both at B/white.mp4 until the next run (s52 review)."""
    import shutil
    import signal

    from tests.cli_zygote import run_probe
    from tests.rescan_kill import probe

    a, b, lib, enc = _library(tmp_path, capsys, monkeypatch)
    video_id, vectors, texts = _red(lib, a / "red.mp4")
    white_id = _red(lib, b / "white.mp4")[0]
    os.rename(a / "red.mp4", tmp_path / "red.mp4")
    assert "1 removed" in _index(capsys, a, lib)  # (kept by content)
    os.rename(b / "white.mp4", b / "white2.mp4")
    os.rename(tmp_path / "red.mp4", b / "white.mp4")
    shutil.copytree(lib, tmp_path / "before")
    for nth in range(1, 60):
        shutil.rmtree(lib)
        shutil.copytree(tmp_path / "before", lib)
        code, err = run_probe(probe(nth), "index", b, "--library", lib, "-q", timeout=240)
        if code != -signal.SIGKILL:
            assert code == 0, err
            break
        with VideoLibrary(str(lib), read_only=True) as library:
            paths = [v.path for v in library.video_table.view().values()]
        assert len(paths) == len(set(paths)), f"killed at write {nth}: {sorted(paths)}"
    assert nth >= 3
    assert _red(lib, b / "white2.mp4")[0] == white_id
    now_id, now_vectors, now_texts = _red(lib, b / "white.mp4")
    assert now_id == video_id and now_texts == texts and np.array_equal(now_vectors, vectors)
