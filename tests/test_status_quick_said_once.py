"""`seekframe status` after a run stopped in its full pass said twice that its videos were
searchable through their quick pass's moments: in the stopped run's line ("all searchable already
through their quick pass's moments, their full moments to come") and in the line of the library's
quick videos ("3 videos are searchable through their quick pass's moments only ..."). The stopped
run's line now says how many files were still to index, the quick line the rest, once."""

from __future__ import annotations

from tests.test_status_folders import encoder, make_folder, run  # noqa: F401 (the fixture)
from tests.test_status_quick_only import _stopped_in_the_full_pass


def test_status_says_the_quick_moments_once(tmp_path, capsys, encoder):
    videos, lib = make_folder(tmp_path / "videos", 4), tmp_path / "lib"
    assert _stopped_in_the_full_pass(lib, videos, encoder) == 3
    code, out, err = run(capsys, "status", "--library", lib)
    assert code == 0, (out, err)
    assert f"An index of {videos} stopped before it finished (3 files were still to index); " in out, out
    assert ("3 videos are searchable through their quick pass's moments only (keyframes): their full moments "
            "are still to come; `seekframe index` completes them.") in out, out
    assert out.count("quick pass's moments") == 1, out
