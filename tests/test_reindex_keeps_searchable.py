"""``seekframe index --reindex A`` on the library's own model put A's videos back to pending before it
embedded them again (s54's ``VideoLibrary.requeue``): for the whole run (minutes to hours on a big
folder) no search found them, a run killed part-way left them unsearchable until the next
``seekframe index``, and a full disk part-way said "every video indexed before this is in it" of them.
Now each keeps its moments, searched as before, until its commit replaces them with its new ones (as
a changed file's are): a run held in its embedding, killed, or stopped by a full disk leaves every
video of A old or new, never absent, and the full disk's words say how many are still old and what
embeds them."""

from __future__ import annotations

import errno
import sys
import threading

import pytest

from core.cli import EXIT_DISK_FULL
from core.library import VideoLibrary
from core.library.moments import MomentTable
from tests.cli_proc import kill_in
from tests.cli_zygote import start_probe
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def _two_folders(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    a, b, lib = tmp_path / "A", tmp_path / "B", tmp_path / "lib"
    write_video(a / "red.mp4", [Segment(2, "red")], seed=1)
    write_video(a / "green.mp4", [Segment(2, "green")], seed=3)
    write_video(b / "blue.mp4", [Segment(2, "blue")], seed=2)
    assert run_cli(capsys, "index", a, b, "--library", lib)[0] == 0
    return a, b, lib


def _videos(lib) -> dict[str, tuple[str, int]]:
    """{file name: (status, epoch)}."""
    with VideoLibrary(lib, read_only=True) as library:
        return {v.path.rsplit("/", 1)[-1]: (v.status, v.epoch) for v in library.video_table.all()}


def _found(capsys, lib) -> str:
    code, out, err = run_cli(capsys, "search", "anything", "--library", lib, "-k", "20")
    assert code == 0, err
    return out


class HeldEncoder(FixedTextEncoder):
    """Its first embedding waits for ``release`` once it has set ``embedding``."""

    embedding, release = threading.Event(), threading.Event()

    def encode_moments(self, frames, batch_size=16):
        self.embedding.set()
        assert self.release.wait(60), "the test never released the embedding"
        return super().encode_moments(frames, batch_size)


@pytest.mark.parametrize("named", ["A", ""], ids=["a-folder", "no-folder"])
def test_a_folder_being_reindexed_is_searched_while_it_is_embedded(tmp_path, capsys, monkeypatch, named):
    """``--reindex`` with no folder named, on the library's own model, re-embeds every folder so too (it
    switched the model to itself: every video pending, nothing found until each was embedded again)."""
    from core import service

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    assert "red.mp4" in _found(capsys, lib)
    HeldEncoder.embedding.clear(), HeldEncoder.release.clear()
    events, failures = [], []
    with VideoLibrary(lib) as writer:
        run = service.IndexRun(writer, HeldEncoder(), [str(a)] if named else None, reindex=True)

        def index():
            try:
                events.extend(run.events())
            except BaseException as exc:  # (said by the test below)
                failures.append(exc)

        thread = threading.Thread(target=index)
        thread.start()
        try:
            assert HeldEncoder.embedding.wait(60), failures
            out = _found(capsys, lib)  # (A's embedding held: a search now)
            held = _videos(lib)
        finally:
            HeldEncoder.release.set()
            thread.join(60)
    assert not failures and events[-1].kind == "finished", (failures, events[-1:])
    assert "red.mp4" in out and "green.mp4" in out and "blue.mp4" in out, out
    assert held == before, held  # (A's videos done, on their earlier moments)
    after = _videos(lib)
    assert all(after[n][0] == "done" and after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")), after
    assert after["blue.mp4"] == before["blue.mp4"] if named else after["blue.mp4"][1] > before["blue.mp4"][1]


def red_fails(path, spec):
    """The decode of the index (``IndexOptions.decode_fn``, in its decode process), but red.mp4's
    fails, as a read of the moment may (a share that stalled)."""
    from core.decode_pool import decode_file
    from core.errors import MediaError

    if path.endswith("red.mp4"):
        raise MediaError(path, "could not be read (Input/output error)")
    return decode_file(path, spec)


def test_a_video_that_fails_its_reindex_keeps_its_earlier_moments(tmp_path, capsys, monkeypatch):
    """Its file as it was when indexed: a failure now (a read of the moment, a reader that reads it
    otherwise) left it failed, its moments gone from every search."""
    from core import service

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    with VideoLibrary(lib) as writer:
        events = list(service.IndexRun(writer, FixedTextEncoder(), [str(a)], reindex=True, decode_fn=red_fails).events())
    assert events[-1].kind == "finished" and [p.rsplit("/", 1)[-1] for p, _ in events[-1].failed] == ["red.mp4"]
    assert events[-1].failed[0][1].endswith("(its earlier moments are kept; the next index tries it again)"), \
        events[-1].failed  # (a plain index: the folder's record kept, test_reindex_resumes)
    after = _videos(lib)
    assert after["red.mp4"] == before["red.mp4"] and after["green.mp4"][1] > before["green.mp4"][1], after
    assert "red.mp4" in _found(capsys, lib)


HELD_FOREVER = """
import pathlib, sys, time
import core.cli
from tests.cli_run import FixedTextEncoder

class Held(FixedTextEncoder):
    def encode_moments(self, frames, batch_size=16):
        pathlib.Path(sys.argv[-1]).write_text("embedding")
        time.sleep(600)

core.cli._load_encoder = lambda *a, **k: Held()
sys.exit(core.cli.main(sys.argv[1:-1]))
"""


def killed_in_embedding(tmp_path, capsys, monkeypatch):
    """A and B indexed, then `seekframe index --reindex A` SIGKILLed in its embedding (a child process):
    (A, B, the library, the videos as they were before it)."""
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    mark = tmp_path / "embedding"
    proc = start_probe(HELD_FOREVER, "index", "--reindex", a, "--library", lib, "-q", mark)  # (a warm fork)
    assert kill_in(proc, mark.exists), proc.stderr.read()
    proc.stderr.close()
    return a, b, lib, before


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_reindex_killed_part_way_leaves_the_folder_searchable(tmp_path, capsys, monkeypatch):
    a, b, lib, before = killed_in_embedding(tmp_path, capsys, monkeypatch)
    assert _videos(lib) == before  # (each of A's videos done on its earlier moments: none pending)
    out = _found(capsys, lib)
    assert "red.mp4" in out and "green.mp4" in out and "blue.mp4" in out, out
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--library", lib)  # (run again: embedded anew)
    assert code == 0, err
    after = _videos(lib)
    assert all(after[n][0] == "done" and after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")), after


def test_a_full_disk_during_a_reindex_of_a_folder_says_what_still_has_its_earlier_moments(tmp_path, capsys,
                                                                                          monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)
    real = MomentTable.commit

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")
    assert code == EXIT_DISK_FULL, err
    assert f"2 videos of {a} still have their earlier moments, searched as before" in err, err
    # (since 7d8e578 the run is recorded: a plain index embeds the videos still waiting, and only those)
    assert "then run `seekframe index` to embed them anew (only them: the others are done)." in err, err
    assert _videos(lib) == before
    monkeypatch.setattr(MomentTable, "commit", real)
    out = _found(capsys, lib)
    assert "red.mp4" in out and "green.mp4" in out, out
    assert run_cli(capsys, "index", "--library", lib, "-q")[0] == 0  # (the words' command does it)
    after = _videos(lib)
    assert all(after[n][1] > before[n][1] for n in ("red.mp4", "green.mp4")) and after["blue.mp4"] == before["blue.mp4"]


def test_a_disk_full_before_the_reindex_is_recorded_says_to_run_it_again(tmp_path, capsys, monkeypatch):
    """The disk filled as the run wrote its record: nothing recorded, a plain index would not embed A's
    videos again, so the words name the ``--reindex`` again."""
    from core import reembed_record

    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reembed_record, "begin", full)
    code, out, err = run_cli(capsys, "index", "--reindex", a, "--library", lib, "-q")
    assert code == EXIT_DISK_FULL, err
    assert f"2 videos of {a} still have their earlier moments, searched as before" in err, err
    assert f"then run `seekframe index --reindex {a}` again to embed them anew." in err, err


def test_a_full_disk_during_a_reindex_of_the_library_on_its_model_says_so(tmp_path, capsys, monkeypatch):
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    before = _videos(lib)

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    code, out, err = run_cli(capsys, "index", "--reindex", "--library", lib, "-q")
    assert code == EXIT_DISK_FULL, err
    assert ("3 videos of the library still have their earlier moments, searched as before. Free some space (or "
            "raise the limit), then run `seekframe index` to embed them anew (only them: the others are done).") in err, err
    assert _videos(lib) == before


def test_a_full_disk_during_an_index_says_no_more_than_before(tmp_path, capsys, monkeypatch):
    """A plain index stopped by a full disk: the words as ever (a guard)."""
    a, b, lib = _two_folders(tmp_path, capsys, monkeypatch)
    write_video(a / "yellow.mp4", [Segment(2, "yellow")], seed=4)

    def full(self, items):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(MomentTable, "commit", full)
    code, out, err = run_cli(capsys, "index", a, "--library", lib, "-q")
    assert code == EXIT_DISK_FULL and "every video indexed before this is in it. Free some space" in err, err
    assert "earlier moments" not in err and "--reindex" not in err, err


def test_the_reindex_help_says_a_plain_index_finishes_one_stopped_part_way():
    """The help said nothing of it: a user whose --reindex was killed ran it all again."""
    import argparse

    from core.cli import build_parser

    parser = build_parser()
    index = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["index"]
    words = " ".join(index.format_help().split())
    assert ("one stopped part-way is finished by the next plain index, which embeds only the videos still "
            "waiting") in words, words
