"""A table's newest version file deleted (by hand, a sync tool, a backup restored without it):
LanceDB opened the version before without a word, so ``seekframe status`` said 0 videos (exit 0)
and a search "No results."; one of the captions table lost notes without a word (the moments
table's is said already: tests/test_damaged_tables.py). LanceDB's version hint names the version
it last committed: a newer one than any version file there is said as damage with the way out
(``gone_versions``, through ``repair.damaged_tables``); ``seekframe repair`` takes the table as
it reads, says what follows, and deletes nothing; the next index makes the library whole again."""

from __future__ import annotations

import pytest

from core.library import torn
from tests.cli_run import run_cli


def delete_newest_version(lib, table):
    versions = torn.manifests(lib / "db" / f"{table}.lance")
    assert len(versions) > 1
    versions[0][1].unlink()


def files_of(lib):
    return {p.relative_to(lib) for p in lib.rglob("*") if p.is_file()}


@pytest.mark.parametrize("table", ["videos", "captions"])
def test_a_gone_newest_version_is_said_then_repaired_without_deleting(noted_library, capsys, colour_model, table):
    videos, lib = noted_library
    delete_newest_version(lib, table)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and f"Damaged: the {table} table's newest version" in out + err, out + err
    assert "`seekframe repair`" in out + err and "Traceback" not in out + err
    before = files_of(lib)
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and f"The {table} table's newest version" in out and "was gone" in out, out + err
    kept = {p.name for p in files_of(lib)}
    assert all(p.name in kept or p.name == "latest_version_hint.json" for p in before)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err, out + err
    code, _, err = run_cli(capsys, "index", videos, "--library", lib, "--model", colour_model)
    assert code == 0, err
    code, out, err = run_cli(capsys, "search", "red", "--library", lib, "-k", "1")
    assert code == 0 and "red.mp4" in out, out + err
    code, out, err = run_cli(capsys, "captions", f"{videos / 'red.mp4'}@1", "--library", lib)
    assert "our red wall" in out, out + err


def test_a_version_seekframe_set_aside_is_no_damage(noted_library, capsys):
    _, lib = noted_library
    table = lib / "db" / "videos.lance"
    newest = torn.manifests(table)[0][1]
    newest.rename(newest.with_name(newest.name + ".cut-20261205-120000"))  # (as torn.roll_back sets one aside)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err, out + err


def test_a_search_that_finds_nothing_says_the_gone_version(noted_library, capsys):
    _, lib = noted_library
    delete_newest_version(lib, "videos")
    code, out, err = run_cli(capsys, "search", "red", "--library", lib)
    assert "Damaged: the videos table's newest version" in err and "no indexed video yet" not in err, out + err


def test_a_version_file_missing_only_from_a_stale_listing_is_no_damage(noted_library, capsys, monkeypatch):
    """(a library on a network share while another machine indexes into it: the share lists
    ``_versions`` as it was a while ago, its listing cached, while the hint, a file opened, reads
    as it is now; the newest version file is there when looked up by name)"""
    _, lib = noted_library
    real = torn.manifests
    monkeypatch.setattr(torn, "manifests",
                        lambda table: real(table)[1:] if table.name == "videos.lance" else real(table))
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and "Damaged" not in out + err, out + err
