"""``seekframe forget`` says a folder's name as every other output does (``filenames.shown``): a
folder named with a newline and a byte that is no UTF-8 (a Latin-1 ``Vidéos`` from an old disk)
printed a replacement character and a real line break."""

from __future__ import annotations

import os

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def test_forget_says_an_odd_folder_name_on_one_line(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    odd = os.path.join(str(tmp_path), os.fsdecode(b"Vid\xe9os\nx"))
    other = tmp_path / "other"
    write_video(tmp_path / "red.mp4", [Segment(4, "red")], seed=1)  # (PyAV cannot write to such a name)
    os.mkdir(odd)
    os.rename(tmp_path / "red.mp4", os.path.join(odd, "red.mp4"))
    write_video(other / "blue.mp4", [Segment(4, "blue")], seed=2)
    lib = tmp_path / "lib"
    assert run_cli(capsys, "index", odd, other, "--library", lib)[0] == 0

    code, out, err = run_cli(capsys, "forget", odd + "y", "--library", lib)
    assert code == 2 and "is not one of the library's folders" in err, err
    line = next(x for x in err.splitlines() if "is not one of" in x)
    assert "Vid\\xe9os\\nxy is not" in line and "Vid\\xe9os\\nx," in line and "\ufffd" not in err, err  # its name, and the library's folders

    code, out, err = run_cli(capsys, "forget", odd, "--library", lib)
    assert code == 0, err
    said = [x for x in out.splitlines() if x.startswith("Removed")]
    assert said == [f"Removed 1 video under {tmp_path}/Vid\\xe9os\\nx from the library (the files are untouched)."], out
