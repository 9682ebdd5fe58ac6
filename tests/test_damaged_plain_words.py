"""A damaged table was said with the storage engine's whole text ("Damaged: the moments table
cannot be read (lance error: LanceError(IO): Generic N/A error: Wrapped error: Not found: …)"):
the user's message now says what is damaged in plain words and what to do; the engine's text goes
to the log ("seekframe.library": the app's log file)."""

from __future__ import annotations

import logging

from core.library.repair import damaged_text
from core.unreadable import damaged_library_message
from tests.cli_run import run_cli

ENGINE = ("lance error: LanceError(IO): Generic N/A error: Wrapped error: Not found: Wrapped error: "
          "tmp/lib/db/moments.lance/data/1010110101101111.lance, /root/.cargo/registry/src/lance-io-0.3/src/x.rs:88:9")
CUT = "lance error: LanceError(IO): Generic LocalFileSystem error: failed to fill whole buffer, /lib/db/videos.lance"


def engine_free(text: str) -> bool:
    return not any(word in text for word in ("lance error", "LanceError", "Wrapped error", "Generic", ".lance"))


def test_damage_is_said_plainly_and_the_engine_text_logged(caplog):
    with caplog.at_level(logging.INFO, logger="seekframe.library"):
        status = damaged_text({"moments": ENGINE, "videos": CUT})
        opened = damaged_library_message(RuntimeError(ENGINE), "/home/me/lib")
    assert "Damaged: the moments table cannot be read (a file is missing)" in status, status
    assert "Damaged: the videos table cannot be read (a file cannot be read)" in status, status
    assert "its moments table is damaged (a file is missing)" in opened, opened
    assert "`seekframe repair`" in status and "`seekframe repair`" in opened
    assert engine_free(status) and engine_free(opened), (status, opened)
    assert any("Wrapped error: Not found" in r.getMessage() for r in caplog.records)


def test_status_of_a_deleted_data_file_says_it_plainly(noted_library, capsys):
    _, lib = noted_library
    for data in (lib / "db" / "moments.lance" / "data").glob("*.lance"):
        data.unlink()
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "Damaged: the moments table" in out + err and "`seekframe repair`" in out + err, out + err
    assert engine_free(out + err), out + err
