"""``seekframe index --retry-failed`` where the only failed files are not videos (an empty file, a text
file named .mp4) loaded the model (and took 23 s under load where a plain re-scan took 2 s) only to find
again that they are not videos (s58 h.md): a pass asked the model how to decode before any file was
read. A pass with a model not loaded yet now checks its files first (opened only, as a recheck is:
``core.index_pass``), and the model loads once a file turns out to be a video to embed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("av")

from core import service  # noqa: E402
from core.library import VideoLibrary  # noqa: E402
from tests.decode_blips import decode  # noqa: E402
from tests.test_cut_short import video  # noqa: E402
from tests.test_recheck_loads_no_model import LoadedOnUse  # noqa: E402
from tests.videos import Segment, write_video  # noqa: E402


def _run(tmp_path: Path, encoder, **options) -> tuple[list, dict]:
    """One run over videos with ``encoder`` (and ``tests.decode_blips``' decoder): its events, {name: (status, vectors)}."""
    with VideoLibrary(tmp_path / "lib") as lib:
        run = service.IndexRun(lib, encoder, [str(tmp_path / "videos")], decode_fn=decode,
                               file_timeout_s=20.0, **options)
        events = list(run.events())
        videos = {Path(v.path).name: v.status for v in lib.video_table.all()}
    assert events[-1].kind == "finished", events[-1]
    return events, videos


def _not_videos(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.mp4").write_bytes(b"")
    (folder / "notes.mp4").write_text("a shopping list, not a video\n" * 20)


def _failed(events) -> list[str]:
    """The files the run could not index: failed, or passed over as no video."""
    return sorted({Path(p).name for p, _ in events[-1].failed} | {Path(e.current).name for e in events if e.kind == "file_skipped"})


@pytest.mark.parametrize("two_pass", [False, True])
def test_a_retry_of_files_that_are_not_videos_loads_no_model(tmp_path, two_pass):
    _not_videos(tmp_path / "videos")
    first = LoadedOnUse()
    events, _ = _run(tmp_path, first, two_pass=two_pass)
    assert _failed(events) == ["empty.mp4", "notes.mp4"], events
    again = LoadedOnUse()
    events, _ = _run(tmp_path, again, two_pass=two_pass, reindex_failed=True)
    assert _failed(events) == ["empty.mp4", "notes.mp4"], events  # (tried again, and failed again)
    assert (tmp_path / "opened").read_text().split().count("notes.mp4") == 2  # (each run opened it)
    assert again.loads == 0  # (the parent: 1, the pass's decode settings asked of the model first)
    assert first.loads == 0  # (nor the first run, where nothing was a video)


@pytest.mark.parametrize("two_pass", [False, True])
def test_a_retry_with_a_video_among_them_loads_the_model_and_embeds_it(tmp_path, two_pass):
    _not_videos(tmp_path / "videos")
    write_video(tmp_path / "videos" / "good.mp4", [Segment(2, "red")], fps=10)
    write_video(tmp_path / "videos" / "flaky.mp4", [Segment(2, "blue")], fps=10)
    (tmp_path / "blip").touch()  # (flaky.mp4 fails with EIO while it is there)
    first = LoadedOnUse()
    events, videos = _run(tmp_path, first, two_pass=two_pass)
    assert "flaky.mp4" in _failed(events) and videos["good.mp4"] == "done" and first.loads == 1
    (tmp_path / "blip").unlink()
    again = LoadedOnUse()
    events, videos = _run(tmp_path, again, two_pass=two_pass, reindex_failed=True)
    assert "flaky.mp4" not in _failed(events) and "notes.mp4" in _failed(events), events[-1].failed
    assert again.loads == 1 and again.embedded > 0
    assert videos["flaky.mp4"] == "done" and videos["good.mp4"] == "done", videos
    _, moments = video(tmp_path / "lib", "flaky.mp4")
    assert moments and all(m.vector is not None for m in moments)


class SlowToLoad(LoadedOnUse):
    """A model that takes a while to load (a real one takes seconds): the decoding threads run meanwhile."""

    def __getattr__(self, name: str):
        if self.__dict__.get("_encoder") is None and not (name.startswith("__") or name == "_encoder"):
            time.sleep(0.5)
        return super().__getattr__(name)


@pytest.mark.parametrize("two_pass", [False, True])
def test_the_copy_of_a_file_that_fails_its_check_is_indexed_while_the_model_loads(tmp_path, two_pass):
    """s58 rv_8 #2: a byte-identical copy handed on when its twin failed the check (EIO) was checked
    alone, not counted as checking: its decoding thread left while the model loaded on its "differs",
    and the run said "finished" with the copy neither indexed nor failed."""
    folder = tmp_path / "videos"
    write_video(folder / "flaky.mp4", [Segment(2, "red")], fps=10)
    shutil.copyfile(folder / "flaky.mp4", folder / "zcopy.mp4")
    (tmp_path / "blip").touch()  # (flaky.mp4 fails with EIO, of the file: its copy is tried instead)
    encoder = SlowToLoad()
    events, videos = _run(tmp_path, encoder, two_pass=two_pass)
    assert videos.get("zcopy.mp4") == "done", (videos, events[-1].failed)
    assert _failed(events) == ["flaky.mp4"] and encoder.loads == 1
    _, moments = video(tmp_path / "lib", "zcopy.mp4")
    assert moments and all(m.vector is not None for m in moments)
