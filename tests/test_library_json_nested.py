"""library.json holding lists nested thousands deep (damage, or a library folder someone handed
us): every command ended in "an unexpected error ..., a fault of Seekframe's" and a traceback
(Python's parser raises RecursionError, which the reader's ``except ValueError`` never took), not
the damage message with the way out that any other library.json no reader can parse gets."""

from __future__ import annotations

import pytest

from tests.cli_run import run_cli


def test_a_library_json_nested_too_deep_is_damage_that_repair_rebuilds(noted_library, capsys):
    videos, lib = noted_library
    (lib / "library.json").write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 2 and "library.json is damaged" in err and "`seekframe repair`" in err, out + err
    assert "Traceback" not in err
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and "rebuilt from the tables" in out, out + err
    code, out, err = run_cli(capsys, "status", "--library", lib)
    assert code == 0 and str(videos) in out, out + err


@pytest.mark.slow  # (the noted library: an index with a model)
def test_repair_help_says_what_it_does_to_a_library_json(noted_library, capsys):
    """seekframe repair --help spoke of the tables alone, though repair also sets a damaged
    library.json aside and makes it again: the help says so, and the file set aside is named as it says."""
    import argparse

    from core.cli import build_parser

    parser = build_parser()
    repair = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["repair"]
    text = " ".join(repair.format_help().split())
    assert "A library.json that cannot be read is set aside the same way (library.json.damaged-TIME) and made " \
           "again from the tables" in text
    videos, lib = noted_library
    (lib / "library.json").write_text("{not json")
    code, out, err = run_cli(capsys, "repair", "--library", lib)
    assert code == 0 and [p.name.startswith("library.json.damaged-") for p in lib.iterdir()].count(True) == 1, out + err
