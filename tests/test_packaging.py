"""Seekframe outside its checkout: the bundled resources are package data of ``core``, the version
lives in one place, a built wheel installed into a fresh venv runs demo → index → search and the
window, and the desktop entry names the command pip installs and the icon Seekframe ships."""

from __future__ import annotations

import configparser
import importlib.resources
import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import core
from core.paths import resources_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 (requires-python): the same parser as the tomli package, from the dev extra
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SHIPPED = ["icons/seekframe.svg", "models/demo/config.json", "models/demo/model.safetensors",
           "models/real/config.json", "models/real/model.safetensors", "models/real/labels.tsv"]


def test_desktop_entry_starts_the_app_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "packaging" / "seekframe.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    scripts = PYPROJECT["project"]["scripts"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Exec"] == desktop["TryExec"] == "seekframe" and "seekframe" in scripts
    assert (ROOT / "core" / "resources" / "icons" / f"{desktop['Icon']}.svg").is_file()
    assert desktop["Categories"].endswith(";")


def test_the_dev_extra_brings_a_toml_parser_to_every_python_the_project_claims():
    """These tests read pyproject.toml: Python 3.11 has tomllib, older ones get tomli."""
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    claimed = SpecifierSet(PYPROJECT["project"]["requires-python"])
    dev = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]
    tomli = [r for r in dev if r.name == "tomli"]
    for minor in range(6, 14):
        version = f"3.{minor}"
        if version not in claimed:
            continue
        gets_tomli = any(r.marker is None or r.marker.evaluate({"python_version": version}) for r in tomli)
        assert gets_tomli == (minor < 11), f"Python {version}: tomli {'missing' if minor < 11 else 'not needed'}"


def load_packaging_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_entry(text: str) -> dict:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read_string(text)
    return dict(entry["Desktop Entry"])


def test_a_build_gets_a_desktop_entry_pointing_at_its_binary_and_icon(tmp_path):
    build = tmp_path / "my apps" / "seekframe"
    build.mkdir(parents=True)
    (build / "seekframe").write_text("#!/bin/sh\n")
    (build / "seekframe.svg").write_text("<svg/>")
    script = load_packaging_script("desktop_entry")
    assert script.main([str(build / "seekframe"), "--icon", str(build / "seekframe.svg")]) == 0
    written = parse_entry((build / "seekframe.desktop").read_text(encoding="utf-8"))
    template = parse_entry((ROOT / "packaging" / "seekframe.desktop").read_text(encoding="utf-8"))
    assert written["Exec"] == f'"{build / "seekframe"}"'  # quoted: the path holds a space
    assert written["TryExec"] == str(build / "seekframe") and written["Icon"] == str(build / "seekframe.svg")
    assert {k: v for k, v in written.items() if k not in ("Exec", "TryExec", "Icon")} == \
        {k: v for k, v in template.items() if k not in ("Exec", "TryExec", "Icon")}


def test_the_desktop_entry_of_a_missing_build_is_refused(tmp_path, capsys):
    assert load_packaging_script("desktop_entry").main([str(tmp_path / "seekframe")]) == 2
    assert "is not a file (build first: packaging/build.sh)" in capsys.readouterr().err
    assert not (tmp_path / "seekframe.desktop").exists()


def test_resources_are_found_as_package_data_of_core(monkeypatch):
    monkeypatch.delenv("SEEKFRAME_RESOURCES", raising=False)
    assert resources_dir() == Path(importlib.resources.files("core") / "resources")
    assert all((resources_dir() / name).is_file() for name in SHIPPED)


def test_seekframe_resources_overrides_the_bundled_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(tmp_path))
    assert resources_dir() == tmp_path


def test_every_bundled_file_is_declared_package_data():
    """A file under core/resources that no package-data pattern matches would be left out of the
    wheel (and the build) without a word."""
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["core"]
    declared = {p for pattern in patterns for p in (ROOT / "core").glob(pattern) if p.is_file()}
    files = {p for p in (ROOT / "core" / "resources").rglob("*") if p.is_file()}
    assert files and files <= declared, sorted(str(p) for p in files - declared)


def test_the_version_lives_only_in_core():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "core.__version__"}
    assert core.__version__.count(".") >= 2


def run(cmd, cwd, timeout, env=None) -> subprocess.CompletedProcess:
    out = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd} exited {out.returncode}:\n{out.stdout[-4000:]}\n{out.stderr[-4000:]}"
    return out


def build_requires_met() -> bool:
    """Whether this Python has every package pyproject.toml's [build-system] requires."""
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    for req in map(Requirement, PYPROJECT["build-system"]["requires"]):
        try:
            if not req.specifier.contains(version(req.name), prereleases=True):
                return False
        except PackageNotFoundError:
            return False
    return True


def outside_env() -> dict:
    """The environment of a user's shell: nothing pointing at the checkout or this venv."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "SEEKFRAME_"))}


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_the_wheel_runs_demo_index_search_and_the_window_in_a_fresh_venv(tmp_path):
    """``python -m build --wheel``, installed with its dependencies into a new venv in a temporary
    folder (torch from constraints.txt: the CPU wheel), then packaging/smoke.py with that venv's
    ``seekframe``: the bundled models and the icon must come from the venv, not the checkout."""
    env = outside_env()
    # --no-isolation where this venv meets [build-system] requires (setuptools>=77: torch requires it
    # too), with its build backend: an isolated build made a venv and installed setuptools into it
    # first (4 s of 8 here); the dev extra's pip install -e . still builds in isolation
    isolation = ["--no-isolation"] if build_requires_met() else []
    run([sys.executable, "-m", "build", "--wheel", *isolation, "--outdir", tmp_path / "dist", ROOT],
        tmp_path, 900, env)
    (wheel,) = (tmp_path / "dist").glob("seekframe-*.whl")
    assert wheel.name.startswith(f"seekframe-{core.__version__}-")
    assert {f"core/resources/{name}" for name in SHIPPED} <= set(zipfile.ZipFile(wheel).namelist())

    venv = tmp_path / "venv"
    # a venv without pip of its own, installed into by this pip (pip --python): ensurepip's install of
    # pip into it took 2-9 s, and the wheel and its dependencies land in it alike
    run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path, 300, env)
    # --no-compile: pip's byte-compiling of every installed module (torch, PySide6, ...) was half of
    # this test's time; a compile error fails no install, and Python compiles what smoke imports.
    run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-compile",
         "-c", ROOT / "constraints.txt", f"{wheel}[gui]"], tmp_path, 1500, env)
    smoke = run([sys.executable, ROOT / "packaging" / "smoke.py", venv / "bin" / "seekframe", "--inside", venv],
                tmp_path, 900, env)
    assert "smoke: all checks passed" in smoke.stdout
