"""The demo clips ``seekframe demo`` writes (``core.demo.write_demo``: the same clips every time),
written once a test run and copied where a test's ``seekframe demo`` asks for them: rendering and
encoding the 12 clips took ~1.5 s a test. ``tests/test_demo_world.py`` checks what ``write_demo``
itself writes; the tests taking this fixture are about what comes after (the printed commands,
indexing and searching the clips)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.run_shared import built_once, run_root


@pytest.fixture
def demo_written_once(monkeypatch, tmp_path_factory) -> Path:
    """``core.demo.write_demo`` copies the clips written once this run (read-only: returns them)."""
    from core import demo

    clips = built_once(run_root(tmp_path_factory), "demo-clips", demo.write_demo)

    def write_demo(out=None, **kwargs):
        assert not kwargs, kwargs  # (another size or rate: not the clips written once)
        folder = Path(out).expanduser() if out else demo.default_demo_dir()
        shutil.copytree(clips, folder, dirs_exist_ok=True)
        return folder

    monkeypatch.setattr(demo, "write_demo", write_demo)
    return clips
