"""`seekframe index -q FILE` of a file an earlier run failed exited 0 silently (since 9eeb6282): a
download hook's `seekframe index -q "$f" && …` was told the file was indexed, though it is not in
the library. A file named as the PATH that is failed is this command's failure: exit 1, named even
with -q; the folder's own nightly run stays quiet about it once reported."""

from __future__ import annotations

from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.videos import Segment, write_video


def test_naming_a_failed_file_ends_in_1_and_names_it(tmp_path, capsys, monkeypatch):
    use_encoder(monkeypatch, FixedTextEncoder)
    folder, lib = tmp_path / "Videos", tmp_path / "lib"
    write_video(folder / "red.mp4", [Segment(2, "red")])
    broken = folder / "broken.mp4"
    broken.write_bytes(b"\0" * 4096)
    assert run_cli(capsys, "index", folder, "--library", lib)[0] == 1
    assert run_cli(capsys, "index", "-q", folder, "--library", lib)[:3:2] == (0, "")  # (reported: the folder's run)

    for _ in range(2):  # (each time: the file named is not in the library)
        code, _, err = run_cli(capsys, "index", "-q", broken, "--library", lib)
        assert code == 1 and f"{broken}:" in err, (code, err)
    code, _, err = run_cli(capsys, "index", broken, "--library", lib)  # a plain run too
    assert code == 1 and f"{broken}:" in err, (code, err)
    assert run_cli(capsys, "index", "-q", folder / "red.mp4", "--library", lib)[:3:2] == (0, "")  # (one indexed)
    assert run_cli(capsys, "index", "-q", "--library", lib)[:3:2] == (0, "")
