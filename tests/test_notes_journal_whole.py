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
from tests.test_end_to_end import run_cli
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
