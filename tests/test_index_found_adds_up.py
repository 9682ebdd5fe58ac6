"""A new user's second `seekframe index` of a folder holding a file an earlier run failed said
"Found 2 videos: 0 to index, 1 unchanged, 0 moved, 0 removed.": the failed file was counted in the 2
and nowhere after it, so the line did not add up (the failure is listed further down as an earlier
run's). It is counted there now: "1 failed before (not tried again)", as the window's "Found …" says."""

from __future__ import annotations

import re

from app.run_words import found_text
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video

FOUND = re.compile(r"Found (\d+) videos?(?: files?)?: (\d+) to index, (\d+) unchanged, (?:(\d+) failed before "
                   r"\(not tried again\), )?(\d+) moved, (\d+) removed\.")


def test_the_found_line_counts_the_files_an_earlier_run_failed(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(1, "red")])
    (folder / "broken.mp4").write_bytes(b"\0" * 4096)
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 1  # (its own failure)

    code, _, err = run_cli(capsys, "index", folder, "--library", lib)
    found = FOUND.search(err)
    assert code == 0 and found, err
    total, to_index, unchanged, before, moved, removed = (int(n or 0) for n in found.groups())
    assert (total, to_index, unchanged, before, moved, removed) == (2, 0, 1, 1, 0, 0), err
    assert total == to_index + unchanged + before + moved, err  # (the line adds up)

    code, _, err = run_cli(capsys, "index", "--retry-failed", folder, "--library", lib)  # (tried: to index)
    assert code == 1 and "failed before" not in FOUND.search(err).group(0), err


def test_the_windows_found_line_counts_them_too():
    summary = {"found": 3, "to_index": 0, "unchanged": 1, "moved": 1, "failed_earlier": ["/v/broken.mp4"]}
    assert found_text(summary) == ("Found 3 videos: 1 unchanged, 1 failed before (not tried again), "
                                   "1 moved (kept with its moments and notes).")


def test_a_video_whose_reembedding_failed_is_not_counted_twice(tmp_path, capsys):
    """A video whose `--reindex` embedding failed (passed over by later runs) keeps its earlier moments: it is
    one of the unchanged, not also "failed before" (the line said 2 videos: 0 + 2 unchanged + 1 failed before)."""
    from core.progress import print_index_run
    from tests.test_reembed_failed import _library, _run

    _library(tmp_path)  # (indexed, then a --reindex in which broken.mp4 failed)
    events, _, _ = _run(tmp_path)  # (a plain run after it: broken.mp4 passed over)
    print_index_run(iter(events))
    err = capsys.readouterr().err
    total, to_index, unchanged, before, moved, removed = (int(n or 0) for n in FOUND.search(err).groups())
    assert (total, to_index, unchanged, before, moved, removed) == (2, 0, 2, 0, 0, 0), err
    summary = {"found": 2, "to_index": 0, "unchanged": 1, "moved": 1, "reembed_held": 1,
               "failed_earlier": ["/v/broken.mp4"]}  # (the window's line: the held video moved since)
    assert found_text(summary) == "Found 2 videos: 1 unchanged, 1 moved (kept with its moments and notes)."
