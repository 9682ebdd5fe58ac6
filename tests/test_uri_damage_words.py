"""A library given by URI (only ever read: ``core.library.location``) whose moments data is gone:
`seekframe search` on it said "`seekframe repair` sets what cannot be read aside …", and `seekframe
repair` refuses every URI. It now says that no repair runs on a URI and where one does: on the
library's folder, uploaded again after (``damage_text.uri_text``)."""

from __future__ import annotations

from core.cli import main
from tests.test_damaged_gone_files import delete_data


def test_a_damaged_uri_library_is_said_without_a_repair_that_cannot_run_on_it(noted_library, colour_model, capsys):
    _videos, lib = noted_library
    model = colour_model
    delete_data(lib, "moments")
    capsys.readouterr()
    code = main(["search", "red", "--library", f"file://{lib}", "--model", str(model)])
    err = capsys.readouterr().err
    assert code == 2 and "its moments table is damaged" in err, err
    assert "sets what cannot be read aside" not in err, err  # (`seekframe repair` offered: it refuses a URI)
    assert "given as a URI, so it is only read here and `seekframe repair` cannot run on it" in err, err
    assert "`seekframe repair --library /path/to/library` on a machine that has the library's folder" in err, err
    assert main(["repair", "--library", f"file://{lib}"]) == 2  # (refused, as said)
    assert main(["search", "red", "--library", str(lib), "--model", str(model)]) == 2  # its folder: repair offered
    assert "`seekframe repair` sets what cannot be read aside" in capsys.readouterr().err
