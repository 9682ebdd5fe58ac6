"""A library handle keeps what its open finished (``forget_finished``: a removal an earlier try had
stopped part-way) for as long as it lives: the app's for the whole session. 45f1754 made
``forgetting.forget_folder`` take a path above that removal, holding nothing else of the library,
for that finished removal, so that ``seekframe forget /up`` run again after a stop is told the
removal it asked for is finished. In core, every front end went through it: the app, whose
handle finished ~/V/a's removal at its start, then asked to remove ~/V (added and removed before
its run: never in the library; or removed meanwhile by `seekframe forget` in a terminal) was told
"The removal of ~/V from the library is finished (2 videos removed in all): an earlier try had
stopped part-way", a removal it did not make, of another folder, with its count. Now the rule is
the CLI's, which knows its own open just finished that removal; core refuses such a path as no
part of the library (the app then says it was never added, or removed elsewhere)."""

from __future__ import annotations

import pytest

from core import forgetting
from core.library import VideoLibrary
from tests.app.test_forget_pending_app import interrupt_forget
from tests.test_status_folders import encoder, folder_status, make_folder, run  # noqa: F401


@pytest.fixture
def finished_at_open(tmp_path, capsys):
    videos, lib = tmp_path / "V", tmp_path / "lib"
    a = str(make_folder(videos / "a", 2))
    other = str(make_folder(tmp_path / "other", 1))
    assert run(capsys, "index", a, other, "--library", lib)[0] == 0
    interrupt_forget(lib, a)  # (a killed removal of a: recorded, its rows still there)
    return str(videos), a, other, lib


def test_a_long_lived_handle_does_not_count_an_old_finished_removal_for_a_path_above_it(finished_at_open):
    videos, a, other, lib = finished_at_open
    with VideoLibrary(lib) as library:  # (the app's handle: its open finishes a's removal)
        assert library.forget_finished == (a, 2)
        with pytest.raises(forgetting.NotInLibrary):
            forgetting.forget_folder(library, videos)


def test_the_app_removing_a_folder_above_it_later_is_no_finished_removal(finished_at_open):
    from app import engine

    videos, a, other, lib = finished_at_open
    with VideoLibrary(lib) as library:
        assert engine.forget_folder(library, videos) is None  # (not in the library: no count of a's)
        outcome = {}
        with pytest.raises(forgetting.NotInLibrary):
            engine.forget_folder(library, videos, listed=False, outcome=outcome)
        assert outcome.get("refused")


def test_the_same_command_again_is_still_told_its_removal_finished(finished_at_open, capsys):
    videos, a, other, lib = finished_at_open
    code, out, err = run(capsys, "forget", videos, "--library", lib)  # (this open finishes it)
    assert code == 0, (out, err)
    # (said once, under the folder removed: before, also on stderr, and on stdout under ~/V as another removal)
    assert out.startswith(f"The removal of {a} from the library is finished (2 videos removed in all)"), out
    assert "removal" not in err, err
    assert set(folder_status(capsys, lib)) == {other}
