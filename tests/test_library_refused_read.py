"""A library whose files the user cannot read for a reason other than damage was called damaged by
every command, which sent the user to a repair that refuses. ``library.json`` the user may not read
(Permission denied: written by a ``sudo seekframe …`` run under a umask of 077, restored from a
backup as another user's) made ``seekframe status`` say "its description library.json is damaged
(unreadable: [Errno 13] Permission denied ...). `seekframe repair` sets the file aside and rebuilds
it", while ``seekframe repair`` (``core.momentary.says_nothing``: an OS error other than the file
gone says nothing of what it holds) refuses and sets nothing aside: a circle. The same for a table
or ``library.json`` whose read fails with another OS error (a folder in its place, "Structure needs
cleaning" of a file system to check): the app offered "Repair library", which refused. Now the
open's word follows the repair's rule (``core.unreadable.unread_kind``): a refused read is said as one,
nothing damaged, and any other OS error but a file gone as a read to try again."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from core.errors import DamagedDescriptionError
from core.library.meta import read_meta
from core.momentary import says_nothing
from core.unreadable import DAMAGED_FILES, DENIED, NOT_READ_NOW, damaged_library_message, unread_kind
from tests.cli_proc import ROOT, cli_env
from tests.platform_sim import said_each
from tests.test_permission_retry import unprivileged
from tests.test_repair_momentary import set_aside

ENGINE = ("lance error: LanceError(IO): Generic LocalFileSystem error: Unable to read data from file "
          "/lib/db/videos.lance/data/x.lance: {text} (os error {n}), /rustc/2d81/library/core/src/result.rs:1896:29")


def engine_error(n: int) -> RuntimeError:
    return RuntimeError(ENGINE.format(text=os.strerror(n), n=n))


def description_error(exc: OSError) -> DamagedDescriptionError:
    """``read_meta``'s error for a read of library.json that failed with ``exc``."""
    try:
        try:
            raise exc
        except OSError as e:
            raise DamagedDescriptionError("/lib/library.json", f"unreadable: {e}") from None
    except DamagedDescriptionError as damaged:
        return damaged


def test_what_the_open_says_follows_the_rule_the_repair_keeps():
    """A read the repair would set aside (a file gone, bad bytes) is damage; one it refuses (an
    OS error that says nothing of the bytes) is never offered a repair."""
    for n in (errno.EISDIR, errno.ENOTDIR, errno.ENXIO, errno.ENODEV, getattr(errno, "EUCLEAN", 117),
              errno.EIO, errno.EACCES, errno.ENOENT):
        exc = engine_error(n)
        assert (unread_kind(exc) != DAMAGED_FILES) == says_nothing(str(exc)), errno.errorcode[n]
    assert unread_kind(engine_error(errno.ENOENT)) == DAMAGED_FILES
    for n in (errno.EACCES, errno.EPERM, errno.EROFS):  # (refused: another user's, immutable, a read-only disk)
        assert unread_kind(engine_error(n)) == DENIED, errno.errorcode[n]
    for n in (errno.ENOSPC, getattr(errno, "EDQUOT", 122)):  # (a full disk is no read to try again: a front end
        assert unread_kind(engine_error(n)) == DAMAGED_FILES  # says it as one, core.errors.is_disk_full, as before)
    assert unread_kind(RuntimeError("lance error: LanceError(IO): Invalid range 0..40 for file of 12")) == DAMAGED_FILES
    assert unread_kind(description_error(PermissionError(errno.EACCES, "Permission denied"))) == DENIED
    assert unread_kind(description_error(OSError(getattr(errno, "EUCLEAN", 117), "Structure needs cleaning"))) \
        == NOT_READ_NOW


def test_a_library_json_that_is_a_folder_is_damaged_and_offered_the_repair(tmp_path):
    """A folder named library.json is no read to try again: since 4ff5778 `seekframe repair` sets it aside
    and rebuilds it (tests/test_library_special_files.py runs that repair), so it is said as damaged,
    with the repair, and never as 'could not be read just now'."""
    (tmp_path / "library.json").mkdir()
    with pytest.raises(DamagedDescriptionError) as raised:
        read_meta(tmp_path)
    assert unread_kind(raised.value) == DAMAGED_FILES
    said = damaged_library_message(raised.value, tmp_path)
    assert "seekframe repair" in said and "just now" not in said, said


@pytest.mark.slow
def test_a_library_json_the_user_may_not_read_is_said_as_refused_not_damaged(noted_library, tmp_path):
    prefix = unprivileged(tmp_path)
    videos, lib = noted_library
    meta = lib / "library.json"
    before = meta.read_bytes()
    meta.chmod(0)

    # (status, search and the repair one after the other in one process of that user: platform_sim.each, one
    # start of LanceDB for the three; the repair's tries 0.01 s apart, not 1 s then 2 s)
    commands = [[*c, "--library", str(lib)] for c in (["status"], ["search", "red"], ["repair"])]
    code = ("import sys; from core.library import repair; repair.WAIT_S = 0.01; from tests.platform_sim import each; "
            f"sys.exit(each({commands!r}))")
    try:
        done = subprocess.run([*prefix, sys.executable, "-c", code], cwd=ROOT, env=cli_env(), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        *reads, (repaired, _, repair_err) = said_each(done.stdout, done.stderr, len(commands))
        for returncode, out, err in reads:
            said = out + err
            assert returncode == 2 and "Traceback" not in said, said
            assert "library.json is damaged" not in said and "repair" not in said, said
            assert f"the library at {lib} cannot be read: library.json: Permission denied." in said, said
            assert "Nothing is damaged." in said, said
        # (the repair's word, as before: it refuses, setting nothing aside)
        assert repaired == 2 and "(library.json, Permission denied; tried 3 times)" in repair_err, repair_err
        assert set_aside(lib) == []
    finally:
        meta.chmod(0o644)
    assert meta.read_bytes() == before
    # (readable again by the user refused: that user searches it, not this process, which may read any file)
    done = subprocess.run([*prefix, sys.executable, "-m", "core.cli", "search", "red", "--library", str(lib)], cwd=ROOT,
                          env=cli_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "red.mp4" in done.stdout, done.stdout + done.stderr
