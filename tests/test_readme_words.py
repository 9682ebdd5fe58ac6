"""The README's words for the command line are true: every `seekframe COMMAND --option` it (or
packaging/README.md, or a command's --help examples) names is a command with that option, and every
SEEKFRAME_* variable the code reads is said to users (SEEKFRAME_DEVICE was read and said nowhere)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from core.cli_args import COMMAND_EXAMPLES, build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md", ROOT / "packaging" / "README.md")
OPTION = r"(?<![\w/-])(--?[a-z][a-z-]*)"


def _parser():
    names = ("index", "search", "similar", "captions", "captions-import", "note", "forget", "repair", "status", "demo")
    parser = build_parser({name: None for name in names}, "0")
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    return {o for a in parser._actions for o in a.option_strings}, commands


def command_lines(text: str) -> list[str]:
    """The README's code: inline spans and the lines of code blocks, comments cut off."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
    return [line.split("  #")[0] for line in re.findall(r"`([^`\n]+)`", text) + [l for b in blocks for l in b.splitlines()]]


def unknown_options(lines: list[str]) -> list[tuple[str, str]]:
    general, commands = _parser()
    bad = []
    for line in lines:
        for m in re.finditer(r"(?<![\w/.-])seekframe((?: --?[a-z-]+(?: [^\s-]\S*)?)*) ?([a-z][a-z-]*)?(.*)", line):
            before, name, rest = m.groups()
            bad += [(o, line) for o in set(re.findall(OPTION, before)) - general]
            if name is None:
                continue
            if name not in commands:
                bad.append((name, line))
                continue
            known = {o for a in commands[name]._actions for o in a.option_strings} | general
            bad += [(o, line) for o in set(re.findall(OPTION, rest)) - known]
    return bad


def test_every_command_and_option_the_readmes_name_exists():
    lines = [line for doc in DOCS for line in command_lines(doc.read_text(encoding="utf-8"))]
    assert sum("seekframe index" in line for line in lines) > 5  # (the search finds them)
    assert not unknown_options(lines)


def test_every_help_example_is_a_command_with_its_options():
    lines = [line.strip() for text in COMMAND_EXAMPLES.values() for line in text.splitlines() if "seekframe" in line]
    assert lines and not unknown_options([re.split(r"\s{3,}", line)[0] for line in lines])


def test_the_check_sees_an_option_or_command_that_is_not_there():
    assert unknown_options(["seekframe search x --folders ~/V", "seekframe find x", "seekframe --libary L"]) == [
        ("--folders", "seekframe search x --folders ~/V"), ("find", "seekframe find x"), ("--libary", "seekframe --libary L")]
    assert not unknown_options(["seekframe --library s3://my-bucket/seekframe", "seekframe index -q --wait 60"])


def test_every_environment_variable_the_code_reads_is_said():
    read = set()
    for package in ("core", "app", "training", "packaging"):
        for path in (ROOT / package).rglob("*.py"):
            read |= set(re.findall(r"SEEKFRAME_[A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
    said = set(re.findall(r"SEEKFRAME_[A-Z_]*[A-Z]", " ".join(doc.read_text(encoding="utf-8") for doc in DOCS)))
    assert {"SEEKFRAME_HOME", "SEEKFRAME_DEVICE"} <= read
    assert read - said == set(), "read by the code, said to no user"
    assert said - read == set(), "said to users, read by no code"
