"""The bundled demo model on the demo library, as a new user meets it: `seekframe demo`, then
`seekframe index --library <demo library>` with no --model (the demo library gets the bundled demo
model), then the README's queries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.cli import main
from core.demo import DEMO_QUERIES
from core.model_choice import bundled_demo_model
from core.paths import demo_library_dir
from tests.demo_clips import demo_written_once  # noqa: F401  (the fixture)

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_queries() -> list[tuple[str, str, float, float]]:
    rows = re.findall(r"^\| (.+?) \| (\S+\.mp4) \| (\d+)–(\d+) s \|$", README.read_text(encoding="utf-8"), re.M)
    return [(q, f, float(a), float(b)) for q, f, a, b in rows]


def test_readme_lists_real_demo_queries():
    listed = readme_queries()
    assert len(listed) >= 5
    known = {(q.query, q.file, q.start, q.end) for q in DEMO_QUERIES}
    assert set(listed) <= known  # the README names clips and times the demo really writes


@pytest.mark.slow
@pytest.mark.skipif(bundled_demo_model() is None, reason="no bundled demo model in core/resources/models/demo")
def test_demo_library_answers_its_queries(tmp_path, capsys, demo_written_once):  # noqa: F811
    demo = tmp_path / "demo"
    lib = demo_library_dir()  # the README's commands: the demo clips go to the demo library
    assert main(["demo", "--out", str(demo)]) == 0
    assert main(["index", str(demo), "--library", str(lib), "-q"]) == 0  # bundled model, no --model
    capsys.readouterr()

    answers = {}  # (each query searched once: the README's are demo queries too, and a search is ~1 s)

    def top(query):
        if query not in answers:
            assert main(["search", query, "--library", str(lib), "--json", "-k", "1"]) == 0
            answers[query] = json.loads(capsys.readouterr().out)[0]
        return answers[query]

    def hit(q, f, start, end):
        h = top(q)
        return Path(h["path"]).name == f and h["start"] < end and h["end"] > start

    for query, file, start, end in readme_queries():
        assert hit(query, file, start, end), (query, top(query))
    rate = sum(hit(q.query, q.file, q.start, q.end) for q in DEMO_QUERIES) / len(DEMO_QUERIES)
    assert rate >= 0.75, f"only {rate:.0%} of the demo queries find their clip and moment"
