"""notes.jsonl stays whole: a journal write that a full disk (here the file size limit) refuses
part-way leaves the journal as it was, never half a line; and a note the captions table holds on
a video id that is no video of the library (its re-tie never reached the journal, then the table
was set aside by repair) is tied again to the video now at its file by the next writer's open."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
import textwrap

import numpy as np

from core.library import notes_journal
from core.library.records import CaptionRecord, VideoRecord
from tests.cli_run import run_cli
from tests.test_notes_journal import NOTE, cut_short, note_on_clip

_APPEND_UNDER_LIMIT = textwrap.dedent("""
    import resource, sys
    import numpy as np
    from core.library import notes_journal
    from core.library.records import CaptionRecord, VideoRecord
    root, limit = sys.argv[1], int(sys.argv[2])
    video = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.0, "h")
    note = CaptionRecord("two " * 200, "note", np.ones(64, np.float32), video.video_id, 1.0, 2.0, caption_id="b" * 24)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        notes_journal.append(root, [(note, video, "m1")])
    except OSError as exc:
        print(exc.errno)
""")


def test_a_journal_write_the_file_size_limit_refuses_leaves_the_journal_as_it_was(tmp_path):
    video = VideoRecord("0123456789abcdef", "/v/a.mp4", "/v", 10, 1.0, "h")
    first = CaptionRecord("one", "note", np.ones(4, np.float32), video.video_id, 1.0, 2.0, caption_id="a" * 24)
    notes_journal.append(tmp_path, [(first, video, "m1")])
    journal = tmp_path / notes_journal.JOURNAL
    before = journal.read_bytes()
    done = subprocess.run([sys.executable, "-c", _APPEND_UNDER_LIMIT, str(tmp_path), str(len(before) + 200)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(errno.EFBIG)  # refused part-way (the line is ~1,300 bytes)
    assert journal.read_bytes() == before  # not half a line
    assert list(notes_journal.latest(tmp_path)) == ["a" * 24]


def test_a_note_whose_re_tie_the_journal_lost_is_back_on_its_clip_after_repair(noted_library, capsys, colour_model,
                                                                                monkeypatch):
    """The reviewer's full-disk run: the index that finds a forgotten folder again ties its note to
    the video's new id in the table, the journal refuses the line; the captions table is damaged,
    repair puts the note back from the journal with the old id. The note is on its clip again."""
    videos, lib = noted_library
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0

    def refused(root, notes):
        raise OSError(errno.EFBIG, "File too large")

    with monkeypatch.context() as m:
        m.setattr(notes_journal, "append", refused)
        assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]  # (the table has it)
    with open(lib / notes_journal.JOURNAL, "a") as f:
        f.write('{"caption_id": "cccccccccccccccccccccccc", "text": "cut sh')  # and a line a crash cut short
    cut_short(lib / "db" / "captions.lance")
    code, out, _ = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "1 note you wrote was put back" in out, out
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]
    code, out, _ = run_cli(capsys, "search", NOTE, "--library", lib, "--json", "-k", "1")
    assert code == 0 and json.loads(out)[0]["path"].endswith("red.mp4")
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert note_on_clip(capsys, videos, lib) == [(NOTE, True)]  # once, and still there
    entry = notes_journal.latest(lib)  # the journal now names the new id too
    from core.library import VideoLibrary
    with VideoLibrary(lib, read_only=True) as library:
        red = next(v for v in library.video_table.all() if v.path.endswith("red.mp4"))
    assert [e["video_id"] for e in entry.values() if e["text"] == NOTE] == [red.video_id]


def test_a_note_of_a_forgotten_folder_stays_off_a_copy_elsewhere_at_the_next_open(noted_library, capsys, tmp_path,
                                                                                    colour_model):
    """Only the file the note names takes it back at an open: a copy of it in another folder does not."""
    import shutil

    videos, lib = noted_library
    copies = tmp_path / "copies"
    copies.mkdir()
    shutil.copy(videos / "red.mp4", copies / "red.mp4")
    assert run_cli(capsys, "index", copies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    assert run_cli(capsys, "forget", videos, "--library", lib)[0] == 0
    assert run_cli(capsys, "index", copies, "--library", lib, "--model", colour_model, "-q")[0] == 0
    code, out, _ = run_cli(capsys, "captions", f"{copies / 'red.mp4'}@1", "--library", lib, "--json")
    assert code == 0 and [r for r in json.loads(out) if r["source"] == "note" and r["on_this_clip"]] == []


def test_the_journal_read_for_some_notes_at_some_files_is_the_whole_reads_last_entries(tmp_path):
    """``latest(only, at)`` (each writer's open, ``retie``) skips parsing most lines: it finds what
    the whole read finds of those notes, the last line of each winning, whatever their texts hold."""
    a, b = (VideoRecord(vid * 16, f"/v/{n}.mp4", "/v", 10, 1.0, n) for vid, n in (("1", "a"), ("2", "b")))

    def note(cid, text, video_id="3" * 16):
        return CaptionRecord(text, "note", np.ones(4, np.float32), video_id, 1.0, 2.0, caption_id=cid * 24)

    notes_journal.append(tmp_path, [(note("a", 'a "quoted", "path": "/v/b.mp4" text'), a, "m"),
                                    (note("b", "on a, then b"), a, "m"), (note("c", "on b"), b, "m"),
                                    (note("d", "not lost"), a, "m")])
    notes_journal.append(tmp_path, [(note("b", "on a, then b"), b, "m"), (note("c", "on b"), b, "m2")])
    with open(tmp_path / notes_journal.JOURNAL, "a") as f:
        line = json.dumps({**notes_journal.latest(tmp_path)["c" * 24], "model_id": "m3"})
        f.write(line[:-30])  # a crash cut the last line of c short: its entry before stays
    whole = notes_journal.latest(tmp_path)
    lost = {"a" * 24, "b" * 24, "c" * 24}
    for at in ({"/v/a.mp4"}, {"/v/b.mp4"}, {"/v/a.mp4", "/v/b.mp4"}, set()):
        want = {cid: e for cid, e in whole.items() if cid in lost and e["path"] in at}
        assert notes_journal.latest(tmp_path, lost, at) == want, at
    assert notes_journal.latest(tmp_path, lost, {"/v/b.mp4"})["c" * 24]["model_id"] == "m2"
    assert set(notes_journal.latest(tmp_path, lost, {"/v/a.mp4"})) == {"a" * 24}  # (b's last line is on b)
