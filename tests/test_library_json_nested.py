"""library.json holding lists nested thousands deep (damage, or a library folder someone handed
us): every command ended in "an unexpected error ..., a fault of Seekframe's" and a traceback
(Python's parser raises RecursionError, which the reader's ``except ValueError`` never took), not
the damage message with the way out that any other library.json no reader can parse gets."""

from __future__ import annotations

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
