"""`seekframe search` prints a name that is no text, or holds a line break, with escapes
(``bad\\xff\\xfename.mp4``, ``new\\nline.mp4``: ``core.filenames.shown``), and the app copies
clip references so too; yet ``seekframe similar 'bad\\xff\\xfename.mp4'``, the spelling the user
had just seen, said "not in the library". Now a reference as printed names its video, while a
file whose very name holds that backslash stays the one it names."""

from __future__ import annotations

import base64
import json
import os
from types import SimpleNamespace

import pytest

from core.clirefs import video_for
from core.errors import SeekframeError
from tests.cli_run import FixedTextEncoder, run_cli, use_encoder
from tests.test_folder_spellings_links import row
from tests.videos import Segment, write_video

BAD = b"bad\xff\xfename.mp4"


def _bytes_path(folder, name: bytes) -> str:
    return os.fsdecode(os.path.join(os.fsencode(folder), name))


@pytest.fixture
def library(tmp_path, monkeypatch, capsys):
    """A folder of an undecodable name, a name with a line break, a name with a literal backslash
    ("back\\nslash.mp4") and a plain one, indexed: (videos, lib)."""
    use_encoder(monkeypatch, FixedTextEncoder)
    videos, lib = tmp_path / "videos", tmp_path / "lib"
    write_video(videos / "plain.mp4", [Segment(2, "blue")], seed=4)
    try:
        os.rename(write_video(videos / "bad.tmp.mp4", [Segment(2, "red")], seed=1), _bytes_path(videos, BAD))
    except (OSError, UnicodeError):
        pytest.skip("this filesystem keeps no name that is not valid UTF-8")
    write_video(videos / "new\nline.mp4", [Segment(2, "green")], seed=2)
    write_video(videos / "back\\nslash.mp4", [Segment(2, "yellow")], seed=3)
    assert run_cli(capsys, "index", videos, "--library", lib)[0] == 0
    return videos, lib


def _printed(capsys, lib, name: str) -> str:
    """The path of the result ``name`` ends, as `seekframe search` prints it."""
    code, out, err = run_cli(capsys, "search", "anything", "--library", lib, "-k", "10")
    assert code == 0, err
    paths = [line.split("  ")[-1] for line in out.splitlines() if line.endswith(name)]
    assert len(paths) == 1, out
    return paths[0]


def _similar(capsys, lib, ref) -> set[str]:
    """The paths `seekframe similar REF --json` lists (never the clip's own video): a name that is
    no text by its bytes (``path_bytes``, base64)."""
    code, out, err = run_cli(capsys, "similar", ref, "--library", lib, "--json")
    assert code == 0, err
    return {os.fsdecode(base64.b64decode(r["path_bytes"])) if "path_bytes" in r else r["path"] for r in json.loads(out)}


def test_a_reference_as_printed_names_its_video(library, capsys, monkeypatch):
    videos, lib = library
    bad, line = _printed(capsys, lib, "xfename.mp4"), _printed(capsys, lib, "nline.mp4")
    assert bad == f"{videos}/bad\\xff\\xfename.mp4" and line == f"{videos}/new\\nline.mp4"
    all_four = {_bytes_path(videos, BAD), str(videos / "new\nline.mp4"), str(videos / "back\\nslash.mp4"),
                str(videos / "plain.mp4")}
    assert _similar(capsys, lib, bad) == all_four - {_bytes_path(videos, BAD)}
    assert _similar(capsys, lib, f"{line}@0:01") == all_four - {str(videos / "new\nline.mp4")}
    monkeypatch.chdir(videos)  # (typed from the folder, as the name alone)
    assert _similar(capsys, lib, "bad\\xff\\xfename.mp4@1") == all_four - {_bytes_path(videos, BAD)}
    # a name holding a backslash is that file, though it prints as another's would ("back\nslash")
    assert _similar(capsys, lib, "back\\nslash.mp4") == all_four - {str(videos / "back\\nslash.mp4")}


def test_a_file_of_the_very_name_typed_wins_over_one_printed_so(library, capsys):
    videos, lib = library
    literal = videos / "new\\nline.mp4"  # on disk, not indexed: the file typed, said as not in the library
    literal.write_bytes(b"not indexed")
    code, _, err = run_cli(capsys, "similar", literal, "--library", lib)
    assert code != 0 and "is not in the library. Index its folder" in err, err
    literal.unlink()
    assert str(videos / "new\nline.mp4") not in _similar(capsys, lib, literal)


def test_names_that_print_alike_are_asked_for_by_id(tmp_path):
    byte, char = _bytes_path(tmp_path, b"a\x85.mp4"), str(tmp_path / "a\u0085.mp4")  # both print "a\x85.mp4"
    rows = {p: row(p, str(tmp_path)) for p in (byte, char)}
    library = SimpleNamespace(video_table=SimpleNamespace(view=lambda: rows))
    with pytest.raises(SeekframeError, match="2 videos of the library are printed") as said:
        video_for(library, str(tmp_path / "a\\x85.mp4"))
    assert "name the one you mean by its video id" in str(said.value)
    assert video_for(library, char).path == char and video_for(library, byte).path == byte
    with pytest.raises(SeekframeError, match="not in the library"):
        video_for(library, str(tmp_path / "a\\x86.mp4"))
