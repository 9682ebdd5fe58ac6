"""`seekframe index LIBRARY` (the library's own folder, or a folder in it) added it as a folder of
videos ('Skipped (not videos): 22 other files'), listed by `seekframe status` from then on. It is
refused now, naming it and why (exit 2), the library's folders unchanged; the app's add goes
through the same run (tests/app/test_add_nested_or_own_folder.py)."""

from __future__ import annotations

from core.cli import main
from tests.test_forget_whole import contents, copy_library, indexed  # noqa: F401


def test_the_librarys_own_folder_is_refused(indexed, tmp_path, capsys):  # noqa: F811
    lib = copy_library(indexed, tmp_path)
    before = contents(lib)
    for path, what in ((lib, "the library's own folder"), (lib / "thumbs", f"inside the library's own folder {lib}")):
        path.mkdir(exist_ok=True)
        assert main(["index", str(path), "--library", str(lib), "--model", str(indexed["model"])]) == 2
        err = capsys.readouterr().err
        assert f"{path} is {what}: it holds Seekframe's data" in err and "not added" in err, err
    assert contents(lib) == before
