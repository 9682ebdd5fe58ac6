"""core.timefmt: the one time formatter of the command line, the demo and the app."""

import ast
from pathlib import Path

from core.demo import DemoQuery, queries_markdown
from core.timefmt import clip_time_texts, format_range, format_time

ROOT = Path(__file__).resolve().parents[1]


def test_format_time_whole_seconds_and_decimals_floor():
    assert format_time(4) == "0:04" and format_time(72.9) == "1:12" and format_time(3723) == "1:02:03"
    assert format_time(-3) == "0:00" and format_time(3.9999999) == "0:04"  # float noise is the boundary
    assert format_time(72.96, 1) == "1:12.9" and format_time(59.96, 1) == "0:59.9"  # never 0:60.0
    assert format_time(3723.25, 2) == "1:02:03.25" and format_time(0, 1) == "0:00.0"
    assert format_range(4, 8) == "0:04–0:08"


def test_clip_time_texts_unchanged_by_the_shared_clock():
    assert list(clip_time_texts(10.25, 10.6)) == ["0:10.3", "0:10.25", "0:10.250"]
    assert list(clip_time_texts(3600.0, 3604.0)) == ["1:00:00", "1:00:00.0", "1:00:00.00", "1:00:00.000"]


def test_demo_queries_use_the_shared_formatter():
    text = queries_markdown([DemoQuery("a red ball", "ball.mp4", 64.0, 3725.0)])
    assert "- a red ball — ball.mp4 at 1:04–1:02:05" in text


def test_no_other_clock_formatter_in_core_or_app():
    """One time formatter: no module besides core.timefmt defines its own minutes:seconds function."""
    allowed = {"core/timefmt.py"}
    offenders = []
    for folder in ("core", "app"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef) and node.name in ("_mmss", "_fmt_time", "format_time"):
                    offenders.append(f"{rel}:{node.name}")
    assert offenders == []
