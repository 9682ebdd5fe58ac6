"""docs/architecture.md is the module map later engineers trust: every module of core/, app/,
training/ and benchmarks/ is in it, and every module it names is there.

A module counts as named by its path (`core/media.py`), its dotted name (`core.media`), or, inside
a subpackage, by its short name in backticks on a line that names that subpackage (`core/encoders/`
rows list `model`, `towers`, ...). A package's `__init__.py` counts as named by its folder."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "docs" / "architecture.md"
PACKAGES = ("core", "app", "training", "benchmarks")


def modules(root: Path = ROOT) -> list[Path]:
    return sorted(
        p.relative_to(root)
        for pkg in PACKAGES
        for p in (root / pkg).rglob("*.py")
        if "__pycache__" not in p.parts and "resources" not in p.parts
    )


def named(module: Path, text: str) -> bool:
    parts = list(module.with_suffix("").parts)
    if parts[-1] == "__init__":
        folder = "/".join(parts[:-1])
        return f"{folder}/" in text or f"`{folder}`" in text or f"`{'.'.join(parts[:-1])}`" in text
    if module.as_posix() in text:
        return True
    if re.search(re.escape(".".join(parts)) + r"(?!\w)", text):
        return True
    if len(parts) > 2:
        folder, dotted = "/".join(parts[:-1]), ".".join(parts[:-1])
        short = re.compile(r"`" + re.escape(parts[-1]) + r"(\.py)?[`.( ]")
        return any((folder + "/" in line or dotted in line) and short.search(line) for line in text.splitlines())
    return False


def unnamed(text: str, root: Path = ROOT) -> list[str]:
    return [m.as_posix() for m in modules(root) if not named(m, text)]


def names_not_there(text: str, root: Path = ROOT) -> list[str]:
    gone = []
    # (modules and package folders: benchmarks/out/, the scripts' output folder, is in no checkout)
    for path in set(re.findall(r"(?<![\w./-])((?:core|app|training|benchmarks)/[\w/.-]*\w)", text)) - {"benchmarks/out"}:
        if not (root / path).exists():
            gone.append(path)
    for dotted in set(re.findall(r"(?<![\w./-])((?:core|app|training|benchmarks)(?:\.\w+)+)", text)):
        parts = dotted.split(".")
        is_module = any(
            root.joinpath(*parts[:i]).with_suffix(".py").exists() or (root.joinpath(*parts[:i]) / "__init__.py").exists()
            for i in range(len(parts), 1, -1)
        )
        if not is_module and not _attribute_of_package(root, parts):
            gone.append(dotted)
    return sorted(gone)


def _attribute_of_package(root: Path, parts: list[str]) -> bool:
    """`core.__version__`: a name defined in a top-level package's `__init__.py`."""
    init = root / parts[0] / "__init__.py"
    return init.exists() and re.search(rf"^{re.escape(parts[1])}\b", init.read_text(encoding="utf-8"), re.M) is not None


def test_every_module_is_in_the_map():
    missing = unnamed(MAP.read_text(encoding="utf-8"))
    assert not missing, "docs/architecture.md does not name these modules (a line or two each):\n" + "\n".join(missing)


def test_every_module_the_map_names_is_there():
    gone = names_not_there(MAP.read_text(encoding="utf-8"))
    assert not gone, "docs/architecture.md names modules that are not there:\n" + "\n".join(gone)


def test_the_checks_catch_a_module_left_out_and_one_named_wrongly(tmp_path):
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "core" / "encoders").mkdir()
    for path in ("core/media.py", "core/encoders/__init__.py", "core/encoders/towers.py", "benchmarks/startup.py"):
        (tmp_path / path).write_text("")
    text = "core/ app/ training/ benchmarks/\n| `core/media.py` | x |\n| `core/encoders/` | `towers` (...) |\n"
    assert unnamed(text, tmp_path) == ["benchmarks/startup.py"]
    assert unnamed(text + "`benchmarks/startup.py`", tmp_path) == []
    assert unnamed(text.replace("`towers`", "towers"), tmp_path) == ["benchmarks/startup.py", "core/encoders/towers.py"]
    assert names_not_there(text + "`core/gone.py` and `core.media.probe`, `core.nothing.x`", tmp_path) == [
        "core.nothing.x",
        "core/gone.py",
    ]


def _app_layers() -> set[str]:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers" and c.get("containers") == ["app"])["layers"]
    return {f"app.{name}" for layer in layers for name in re.findall(r"\w+", layer)}


def test_the_maps_app_layers_are_the_contracts():
    """The import rules' paragraph names each module of the app layers contract (pyproject.toml), and
    no app module the contract leaves out: it named four layers of eight before."""
    text = MAP.read_text(encoding="utf-8")
    rules = text[text.index("Inside `app`, layers:"):text.index("the views (below)")]
    said = set(re.findall(r"`(app\.\w+)`", rules))
    assert said == _app_layers(), (sorted(_app_layers() - said), sorted(said - _app_layers()))
