"""The window's words as it resumes a `seekframe index` killed in its full pass (``app.resume.killed_text``).
Before: "… with 40 files still to index: indexing them now." though 28 of them were searchable
already through their quick pass's moments; now it says how many are searchable and how many are
not indexed yet (``core.stopped_runs.quick_words``), and nothing more where none is."""

from __future__ import annotations

from app.resume import killed_text


def test_the_resume_says_how_many_files_are_searchable_already():
    killed = (("/v/D", 30), ("/v/K", 10))
    assert killed_text(killed, (("/v/D", 20), ("/v/K", 8), ("/v/gone", 5))) == (
        "An index of /v/D, /v/K stopped before it finished, its process ended (killed, or a crash), with 40 "
        "files still to index (28 searchable already through their quick pass's moments, 12 not indexed yet): "
        "indexing them now.")
    assert "with 40 files still to index (all searchable already through their quick pass's moments, their full " \
           "moments to come): indexing them now." in killed_text(killed, (("/v/D", 30), ("/v/K", 10)))
    assert killed_text(killed).endswith("with 40 files still to index: indexing them now.")  # (none quick: as before)
