"""What the desktop build's PyInstaller spec (packaging/seekframe.spec) hands PyInstaller, read by
running the spec with PyInstaller's hook helpers and build steps replaced by recorders: fast, and
without PyInstaller installed. The build itself (packaging/build.sh --smoke) stays a script."""

from __future__ import annotations

import fnmatch
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "seekframe.spec"


class Recorder:
    def __init__(self):
        self.data_calls: list[tuple[str, dict]] = []
        self.analysis: dict = {}

    def collect_data_files(self, package, **kwargs):
        self.data_calls.append((package, kwargs))
        return [(f"<{package}>", package)]

    @staticmethod
    def collect_submodules(package, **kwargs):
        return [f"<submodules of {package}>"]

    @staticmethod
    def copy_metadata(dist, **kwargs):
        return [(f"<metadata of {dist}>", ".")]


@pytest.fixture
def spec(monkeypatch):
    rec = Recorder()
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    for name in ("collect_data_files", "collect_submodules", "copy_metadata"):
        setattr(hooks, name, getattr(rec, name))
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)

    def analysis(scripts, **kwargs):
        rec.analysis = kwargs
        return types.SimpleNamespace(binaries=[], datas=[], pure=[], scripts=[])

    build_step = lambda *args, **kwargs: object()  # noqa: E731
    scope = {"SPECPATH": str(SPEC.parent), "Analysis": analysis, "PYZ": build_step, "EXE": build_step,
             "COLLECT": build_step, "__name__": "__main__"}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), scope)
    return rec


def test_the_build_carries_the_haar_cascades_the_face_detector_opens(spec):
    """The bundled real-footage model (the default one) opens these files from cv2.data.haarcascades;
    a build without them stopped indexing at its first file ("the face detector needs OpenCV's
    haarcascade_frontalface_alt2.xml, which this OpenCV build lacks")."""
    from core.encoders.frame_cues import _CASCADES

    cv2_data = [kw.get("includes") or ["*"] for pkg, kw in spec.data_calls
                if pkg == "cv2" and kw.get("subdir") == "data"]
    for file in _CASCADES.values():
        assert any(fnmatch.fnmatch(file, pattern) for includes in cv2_data for pattern in includes), \
            f"{file} is not collected from cv2's data folder: {spec.data_calls}"


def test_the_build_collects_every_module_of_core_and_app(spec):
    """core and app import some of their own modules by name (core.library and core.encoders'
    lazy attributes, the seekframe.gui entry point to app.main): all are collected, none excluded."""
    hidden = spec.analysis["hiddenimports"]
    assert "<submodules of core>" in hidden and "<submodules of app>" in hidden
    assert not [m for m in spec.analysis["excludes"] if m.split(".")[0] in ("core", "app")]
    assert ("<metadata of seekframe>", ".") in spec.analysis["datas"]


def test_the_build_leaves_ray_out(spec):
    """Ray's workers and services run a Python, which the frozen app is not: a build that found Ray
    installed carried 43 MB of it, which failed to import there anyway."""
    assert "ray" in spec.analysis["excludes"]


def test_ray_indexing_in_the_desktop_build_says_it_needs_a_pip_install(tmp_path, capsys, monkeypatch):
    """In the desktop build (sys.frozen) installing Ray cannot help: say that the pip install does it."""
    from core.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError, as in the build
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert main(["index", str(tmp_path), "--ray", "--library", str(tmp_path / "lib")]) == 2
    err = capsys.readouterr().err
    assert "desktop build cannot index on a Ray cluster" in err and "pip install 'seekframe[cluster]'" in err
    assert "ray[data]" not in err
    assert not (tmp_path / "lib").exists()  # nothing touched
