"""A library indexed with a bundled model records the folder it was loaded from. An update that puts
Seekframe elsewhere (a checkout of 2026-11-27 kept the models in ``resources/models/``, later ones in
``core/resources/models/``; a wheel of another Python, an app folder of a new version) leaves that
folder gone while this install bundles the very same build (the same model id). Before, every search
and every re-scan of such a library ended with ``model folder not found: <the old folder>`` and no
way out (the s54 audit of libraries made by 0fd2f02 and 5644820..ca25f1c). Now the library loads this
install's folder of that build, answers as before, and a re-scan records where the model is now."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.model_choice import choose_model
from tests.cli_run import run_cli
from tests.conftest import ROOT, SHARED_VIDEOS

BUNDLED = ROOT / "core" / "resources" / "models"


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """This install's bundled models (copies), and an older install's folder beside them."""
    res = tmp_path / "res" / "models"
    for name in ("real", "demo"):
        shutil.copytree(BUNDLED / name, res / name)
    monkeypatch.setenv("SEEKFRAME_RESOURCES", str(res.parent))
    return res


@pytest.mark.parametrize("name, layout", [("demo", "resources/models"), ("real", "core/resources/models")])
def test_the_same_build_at_a_gone_install_is_this_installs_folder(resources, tmp_path, name, layout):
    from core.earlier_builds import current_id

    gone = str(tmp_path / "old-install" / layout / name)
    model_id = current_id(name)
    assert model_id and choose_model(None, gone, tmp_path / "lib", model_id) == str(resources / name)
    # another model's id at that folder: no build of this install's (its own words follow on load)
    assert choose_model(None, gone, tmp_path / "lib", "seekframe-demo-000000000000") == gone


@pytest.mark.slow
def test_a_library_of_an_older_install_searches_and_rescans(resources, tmp_path, capsys):
    videos, lib = tmp_path / "videos", str(tmp_path / "lib")
    videos.mkdir()
    shutil.copy(SHARED_VIDEOS / "bird.mkv", videos / "bird.mkv")
    old = tmp_path / "old-install" / "resources" / "models" / "demo"  # 0fd2f02's layout
    shutil.copytree(resources / "demo", old)
    assert run_cli(capsys, "index", videos, "--library", lib, "--model", old, "-q")[0] == 0
    assert run_cli(capsys, "note", videos / "bird.mkv", "my note", "--library", lib)[0] == 0
    code, before, _ = run_cli(capsys, "search", "a bird", "--library", lib, "--json")
    assert code == 0 and json.loads(before)
    assert json.loads((Path(lib) / "library.json").read_text())["model_source"] == str(old)

    shutil.rmtree(tmp_path / "old-install")  # the update: that install is gone
    code, after, err = run_cli(capsys, "search", "a bird", "--library", lib, "--json")
    assert code == 0 and after == before, err
    code, out, err = run_cli(capsys, "index", "--library", lib)
    assert code == 0 and "0 to index, 1 unchanged" in err, err
    meta = json.loads((Path(lib) / "library.json").read_text())
    assert meta["model_source"] == str(resources / "demo")
    code, out, _ = run_cli(capsys, "captions", videos / "bird.mkv", "--library", lib, "--json")
    assert [c["text"] for c in json.loads(out) if c["source"] == "note"] == ["my note"]
