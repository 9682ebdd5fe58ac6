"""Text read from files someone handed us reached the terminal as escape sequences: a model's
name in its config.json (it becomes the library's model id) or a library.json's model id was
printed raw by ``seekframe status`` ("Model:   m<ESC>[2J<ESC>]0;pwn<BEL>x-…": the screen cleared,
the window retitled; OSC 52 sets the clipboard in terminals that take it). Every line the CLI
writes now has its control characters but tab, newline and carriage return as escapes
(``core.cli_streams.DropWhenGone``), ``\\u001b``, which a ``--json`` string reads as the same."""

from __future__ import annotations

import io
import json

from core.cli_streams import DropWhenGone
from tests.cli_run import run_cli

PLANTED = "m\x1b[2J\x1b]52;c;cm0gLXJmIH4=\x07\x9b31mx"


def test_status_prints_no_control_character_of_a_handed_library(noted_library, capsys):
    _videos, lib = noted_library
    path = lib / "library.json"
    data = json.loads(path.read_text())
    data["model_id"] = PLANTED + "-" + data["model_id"].rsplit("-", 1)[1]
    path.write_text(json.dumps(data))
    _code, out, err = run_cli(capsys, "status", "--library", lib)  # (2: its moments' model is not that id)
    assert "m\\u001b[2J\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u009b31mx" in out, out
    assert not [line for line in (out + err).splitlines() if any(c in line for c in "\x1b\x07\x9b")], out + err


def test_json_output_keeps_its_values():
    stream = io.StringIO()
    DropWhenGone(stream).write("progress\r" + json.dumps({"name": "a\x7fb\x9bc\x1bd"}, ensure_ascii=False) + "\n\tx")
    line = stream.getvalue().split("\r")[1].split("\n")[0]
    assert json.loads(line) == {"name": "a\x7fb\x9bc\x1bd"}
    assert stream.getvalue().endswith("\n\tx") and "\x7f" not in stream.getvalue()
