"""A forget request library.json holds that cannot be read is set aside (``forget_request_unread``) by
the first writer's open, and said (``forget_request.unread_text``). A reader says it too, before any
writer has set it aside: `seekframe status` (and a window opened read-only) said "it is kept aside in
library.json as forget_request_unread" while library.json still held it as it was, under
``forget_request``. Now a reader says what is true then: nothing of it is acted on, and the next
command that writes the library sets it aside; the writer's open says it as before."""

from __future__ import annotations

import json
import sys

import pytest

from core.library import VideoLibrary
from tests.test_forget_link_above_spellings import spelled_apart  # noqa: F401
from tests.test_status_folders import encoder, run  # noqa: F401

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
UNREAD = "forget_request_unread"  # (library.json's key: forget_request.UNREAD)


@pytest.mark.parametrize("request_", [{"folders": ["B"]}, "B", [5, None], "list with a folder"])
def test_a_reader_says_the_next_writer_sets_it_aside(spelled_apart, capsys, request_):  # noqa: F811
    tmp, a, b, other, lib = spelled_apart
    if request_ == "list with a folder":
        request_ = [b, 5, None]
    data = json.loads((lib / "library.json").read_text())
    data["extra"]["forget_request"] = request_
    (lib / "library.json").write_text(json.dumps(data))
    code, out, err = run(capsys, "status", "--library", lib)
    note = [line for line in out.splitlines() if "could not be read" in line]
    assert code == 0 and len(note) == 1, out
    assert "kept aside" not in note[0] and "nothing of it was removed" not in note[0], note
    expected = (f"removed as asked, by the next command that writes the library, which sets that part aside in "
                f"library.json as {UNREAD})" if isinstance(request_, list) and b in request_ else
                f"nothing of it is acted on, and the next command that writes the library sets it aside in "
                f"library.json as {UNREAD}")
    assert expected in note[0], note
    extra = json.loads((lib / "library.json").read_text())["extra"]
    assert UNREAD not in extra and extra["forget_request"] == request_  # (as it was: no writer yet)
    with VideoLibrary(lib, read_only=True) as library:
        assert not any("kept aside" in n for n in library.meta_notes), library.meta_notes
    with VideoLibrary(lib) as library:  # (the writer's open sets it aside, and says so)
        said = [n for n in library.meta_notes if "could not be read" in n]
        assert len(said) == 1 and f"it is kept aside in library.json as {UNREAD}" in said[0], said
    assert UNREAD in json.loads((lib / "library.json").read_text())["extra"]
