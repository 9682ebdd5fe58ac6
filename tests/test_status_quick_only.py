"""`seekframe status` after a two-pass index run stopped in its full pass: the videos it had not
reached keep only their quick pass's moments (keyframes), searchable but not complete
(``VideoRecord.quick``). Before, status counted them "done" like the others, with no word that their
full moments were still to come; now each folder counts them and a line says what completes them
(the next `seekframe index`), or that the run another process has under way does."""

from __future__ import annotations

import json

from core.indexer import IndexOptions, MomentIndexer
from core.library import VideoLibrary
from tests.test_status_folders import encoder, make_folder, run  # noqa: F401 (the fixture)


def _stopped_in_the_full_pass(lib, folder, encoder) -> int:
    """Index ``folder`` in two passes, stopped once the full pass has committed one video (as a
    Ctrl-C or a kill there leaves it); the number of videos left quick."""
    with VideoLibrary(lib) as library:
        library.update_settings(folders=[str(folder)])
        events = MomentIndexer(library, encoder, IndexOptions(two_pass=True, commit_videos=1)).run([str(folder)])
        for ev in events:
            if ev.kind == "file_done" and ev.phase == "full":
                events.close()
                break
        return sum(v.quick for v in library.video_table.all())


def test_status_says_which_videos_have_quick_moments_only_and_what_completes_them(tmp_path, capsys, encoder):
    videos, lib = make_folder(tmp_path / "videos", 4), tmp_path / "lib"
    quick = _stopped_in_the_full_pass(lib, videos, encoder)
    assert quick == 3
    code, out, err = run(capsys, "status", "--library", lib)
    assert code == 0, (out, err)
    assert f"Folder:  {videos}  online, 4 videos (4 done, 3 with quick moments only, 0 failed, 0 offline)" in out, out
    assert ("3 videos are searchable through their quick pass's moments only (keyframes): their full moments "
            "are still to come; `seekframe index` completes them.") in out, out
    code, out, _ = run(capsys, "status", "--library", lib, "--json")
    data = json.loads(out)
    assert data["quick_only"] == 3 and data["folder_status"][0]["videos"]["quick_only"] == 3
    with VideoLibrary(lib):  # another seekframe writing it now: its run is completing them
        code, out, err = run(capsys, "status", "--library", lib)
        assert "are still to come (another seekframe is indexing this library now)." in out, out
        assert "`seekframe index` completes them" not in out, out

    assert run(capsys, "index", "--library", lib)[0] == 0  # as the line says: complete now
    code, out, err = run(capsys, "status", "--library", lib)
    assert f"Folder:  {videos}  online, 4 videos (4 done, 0 failed, 0 offline)" in out, out
    assert "quick" not in out, out
    assert json.loads(run(capsys, "status", "--library", lib, "--json")[1])["quick_only"] == 0
