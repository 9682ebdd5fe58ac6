"""A forget request library.json holds that cannot be read (a hand edit, another program) is set
aside by the first writer's open and said by that open only (``forget_request.unread_text``): the
window says its open notes, but `seekframe index` (or any command that writes) said nothing, so a
user whose next command wrote the library never heard of it, and later opens no longer say it:
the record was put aside in silence. Now the writer's open of every command says it once, on
stderr, as it says the rest of such a request it removed."""

from __future__ import annotations

import json
import sys

import pytest

from core.library.meta import read_meta
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_status_folders import encoder, folder_status, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
UNREAD = "forget_request_unread"  # (library.json's key: forget_request.UNREAD)


@pytest.mark.parametrize("request_", [{"folders": ["B"]}, "B", [5, None]])
def test_index_says_once_what_it_set_aside(spelled_apart, capsys, request_):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = request_
    (lib / "library.json").write_text(json.dumps(data))
    code, out, err = run(capsys, "index", other, "--library", lib)  # (the first open: a writer's)
    assert code == 0, (out, err)
    said = [line for line in err.splitlines() if "could not be read" in line]
    assert len(said) == 1 and said[0].startswith("seekframe: ") and UNREAD in said[0], err
    assert json.dumps(request_) in said[0] and said[0].endswith("."), said
    assert json.loads((lib / "library.json").read_text())["extra"][UNREAD] == request_  # (set aside)
    assert read_meta(lib).forget_request is None
    code, out, err = run(capsys, "index", other, "--library", lib)  # (said once: not again)
    assert code == 0 and "could not be read" not in err, (out, err)
    assert set(folder_status(capsys, lib)) == {a, b, other}  # (nothing of it acted on)


def test_a_list_with_folder_names_is_not_said_to_remove_nothing(spelled_apart, capsys):  # noqa: F811
    """A list holding a folder name beside entries that are none: its folders are removed as asked
    (said by the open), so the note on the rest must not say that nothing of the record was removed
    (it did: 'Forgetting next: B' and 'nothing of it was removed' side by side in status)."""
    tmp, a, b, other, lib = spelled_apart
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = [b, 5, None]
    (lib / "library.json").write_text(json.dumps(data))
    code, out, err = run(capsys, "status", "--library", lib)  # (a reader: b still to go, the rest unread)
    note = [line for line in out.splitlines() if "could not be read ([5, null]" in line]
    assert len(note) == 1 and "nothing of it was removed" not in note[0], out
    assert "the folders it names are removed as asked" in note[0] and UNREAD in note[0], note
    code, out, err = run(capsys, "index", other, "--library", lib)
    said = [line for line in err.splitlines() if "could not be read ([5, null]" in line]
    assert len(said) == 1 and "nothing of it was removed" not in said[0], err
    assert "the folders it names are removed as asked" in said[0] and f"The removal of {b}" in err, err
    assert set(folder_status(capsys, lib)) == {a, other}


def test_a_record_with_no_folder_name_still_says_nothing_was_removed(spelled_apart, capsys):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = [5, None]
    (lib / "library.json").write_text(json.dumps(data))
    code, out, err = run(capsys, "index", other, "--library", lib)
    said = [line for line in err.splitlines() if "could not be read ([5, null]" in line]
    assert len(said) == 1 and "so nothing of it was removed" in said[0], err
    assert set(folder_status(capsys, lib)) == {a, b, other}
