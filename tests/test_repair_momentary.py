"""``seekframe repair`` during an I/O blip (EIO, ESTALE on a disk or network share that blips) set a
whole table aside: its read-through failed, and the repair took any failure for damage, so a user
lost a library's moments (or its videos' rows, or library.json) to an error of the moment. Now a
read that fails with an error that says nothing of what the file holds (``core.momentary``, the
rule ``torn.tail`` follows for a data file cut short) is tried again, and when it persists the
repair refuses, exits non-zero and sets nothing aside; a blip that passes repairs as usual."""

from __future__ import annotations

import pytest

from core.library import repair
from tests.eio_shim import run_failing
from tests.cli_run import run_cli
from tests.platform_sim import said_each
from tests.test_torn_versions import data_files, finds

EIO = ("lance error: LanceError(IO): Generic N/A error: LanceError(IO): Generic LocalFileSystem error: Unable "
       "to read data from file {path}: Input/output error (os error 5), /rustc/2d81/library/core/src/result.rs:1896:29")


# (a repair in a subprocess tries a read that fails 3 times, WAIT_S and 2 WAIT_S apart: 3 s a repair at the
# real 1 s; the in-process tests here set it to nothing too: how often it tries is what is asserted)
QUICK_TRIES = "from core.library import repair; repair.WAIT_S = 0.01"


def set_aside(lib) -> list:
    return sorted(p.name for p in [*lib.glob("db/*.damaged-*"), *lib.glob("*.damaged-*"),
                                   *lib.glob("db/*.lance/_versions/*.cut-*"), *lib.glob("db/*.lance/data/*.cut-*")])


def failing_reads(monkeypatch, table: str, times: int):
    """The read-through of ``table`` fails with LanceDB's EIO its first ``times`` reads; the reads counted."""
    real, reads = repair._read_through, []

    def read(folder, name, batch_rows):
        if name == table:
            reads.append(name)
            if len(reads) <= times:
                return RuntimeError(EIO.format(path=folder / f"{name}.lance" / "data" / "x.lance"))
        return real(folder, name, batch_rows)
    monkeypatch.setattr(repair, "_read_through", read)
    monkeypatch.setattr(repair, "WAIT_S", 0.0)
    return reads


@pytest.mark.parametrize("table", ["moments", "videos"])
def test_an_error_that_persists_sets_nothing_aside_and_says_try_again(noted_library, capsys, monkeypatch, table):
    videos, lib = noted_library
    reads = failing_reads(monkeypatch, table, times=99)
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code != 0 and "Every table" not in out, out + err
    said = f"Could not read the library at {lib} (the {table} table, db/{table}.lance/data/x.lance: Input/output error"
    assert said in err, err
    assert "nothing was set aside or changed. Try again" in err, err
    assert len(reads) == repair.TRIES
    assert set_aside(lib) == []
    monkeypatch.undo()
    assert finds(capsys, lib, "red", "red.mp4") and finds(capsys, lib, "blue", "blue.mp4")
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "waiting" not in out and "Damaged" not in out + err, out + err


def test_a_blip_that_passes_is_no_damage(noted_library, capsys, monkeypatch):
    videos, lib = noted_library
    reads = failing_reads(monkeypatch, "moments", times=repair.TRIES - 1)
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "Every table of the library reads through: nothing to repair." in out, out + err
    assert len(reads) == repair.TRIES and set_aside(lib) == []
    monkeypatch.undo()
    assert finds(capsys, lib, "red", "red.mp4")


def test_damage_is_still_set_aside_at_once(noted_library, capsys, monkeypatch):
    """A data file cut short (not an OS error: the engine's "Invalid range") is damage: no tries
    again, the table set aside as before."""
    videos, lib = noted_library
    monkeypatch.setattr(repair, "WAIT_S", 60.0)  # (a try again would take a minute)
    for path in data_files(lib, "captions"):
        path.write_bytes(path.read_bytes()[:-50])
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "The captions table could not be read: set aside" in out, out + err


def test_a_real_eio_on_the_moments_data_file_or_library_json_sets_nothing_aside(noted_library, tmp_path, capsys):
    """The storage engine's own read failing with EIO (a preloaded shim: ``tests.eio_shim``), as
    a disk or share that blips makes it fail for as long as the blip lasts; then library.json's read.
    (Both repairs in one process, the shim's match set before each: platform_sim.each, one start of
    LanceDB; two processes before.)"""
    videos, lib = noted_library
    (data,) = data_files(lib, "moments")
    before = (lib / "library.json").read_bytes()
    repair_ = ["repair", "--library", str(lib)]
    done = run_failing(tmp_path, "", setup=f"{QUICK_TRIES}\nfrom tests.platform_sim import each; "
                       f"sys.exit(each({[repair_, repair_]!r}, [{{'EIO_MATCH': {data.name!r}}}, "
                       f"{{'EIO_MATCH': {lib.name + '/library.json'!r}}}]))")
    assert done.returncode == 0, done.stdout + done.stderr
    (code, out, err), (code_b, out_b, err_b) = said_each(done.stdout, done.stderr, 2)
    assert code == 2, out + err
    said = f"(the moments table, db/moments.lance/data/{data.name}: Input/output error (os error 5); tried 3 times)"
    assert said in err, err
    assert "nothing was set aside or changed" in err and "Traceback" not in err, err
    assert code_b == 2, out_b + err_b
    assert "(library.json, Input/output error; tried 3 times)" in err_b and "Traceback" not in err_b, err_b
    assert set_aside(lib) == [] and data.exists() and (lib / "library.json").read_bytes() == before
    assert finds(capsys, lib, "red", "red.mp4")
    code, out, err = run_cli(capsys, "repair", "--library", lib)  # (the blip passed: here, no subprocess needed)
    assert code == 0 and "nothing to repair" in out, out + err


def test_status_during_a_blip_says_try_again_not_repair(noted_library, tmp_path):
    """`seekframe status` (and any command whose open reads a table) during an EIO told the user the
    table was damaged and to run `seekframe repair`: a repair that would have set it aside."""
    videos, lib = noted_library
    (moments,) = data_files(lib, "moments")
    newest = sorted(data_files(lib, "videos"), key=lambda p: p.stat().st_mtime)[-1]
    # (both statuses in one process, the shim's match set before each: platform_sim.each, one start of LanceDB;
    # its exit ends the process before run_failing's own command)
    status = ["status", "--library", str(lib)]
    done = run_failing(tmp_path, "", setup="from tests.platform_sim import each; "
                       f"sys.exit(each({[status, status]!r}, [{{'EIO_MATCH': {moments.name!r}}}, "
                       f"{{'EIO_MATCH': {newest.name!r}}}]))")
    assert done.returncode == 0, done.stdout + done.stderr
    (code, out, err), (code_b, out_b, err_b) = said_each(done.stdout, done.stderr, 2)
    assert code == 2 and "Damaged" not in out and "repair" not in out, out
    assert (f"Could not read the moments table just now (db/moments.lance/data/{moments.name}: Input/output error "
            "(os error 5)): an error of the disk or share") in out, out
    assert code_b == 2 and "damaged" not in err_b and "repair" not in err_b, err_b
    assert f"the library at {lib} could not be read just now (" in err_b, err_b
    assert "Input/output error (os error 5)): an error of the disk or network share" in err_b, err_b
    assert "Nothing was changed; try again once the drive reads." in err_b, err_b
