"""A library given by a URI LanceDB opens (issue 14: a library uploaded to an object store, opened
by the app or the CLI on another machine) is read-only: search, similar clips, captions and status
answer as they do on its folder; every writing command is refused with where to write it, before
anything is locked or imported; the app opens it without the writer lock; a URI that cannot be a
library says why. ``file://`` URIs stand in for ``s3://`` here (no network): both go through the
same code (``core.library.location``: pyarrow.fs for the small files, LanceDB for the tables)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from core.errors import LibraryError, ReadOnlyLibraryError
from core.library import VideoLibrary
from core.library.location import Location
from core.library.lock import lock_library
from core.library.meta import read_meta
from tests.cli_proc import cli_env, indexed_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """(model, videos, lib, uri): two clips indexed into a folder, a caption imported, and that
    folder's file:// URI (LanceDB's form: the path as written)."""
    tmp = tmp_path_factory.mktemp("uri")
    model, videos, lib = indexed_folder(tmp)
    captions = tmp / "captions.txt"
    captions.write_text("a red square\na blue square on yellow\n")
    assert main(["captions-import", str(captions), "--library", str(lib), "--model", str(model)]) == 0
    return model, videos, lib, f"file://{lib}"


def _run(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out, got.err


def _assert_same(got: list, expected: list) -> None:
    """The same results in the same order, scores within 1e-5 (a query embedded twice may differ
    in the 7th place)."""
    assert got and [{**r, "score": 0} for r in got] == [{**r, "score": 0} for r in expected]
    assert [r["score"] for r in got] == pytest.approx([r["score"] for r in expected], abs=1e-5)


def _files(lib: Path) -> dict:
    """Every file of the library with its size and modification time: what a write would change."""
    return {str(p.relative_to(lib)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in lib.rglob("*") if p.is_file()}


def test_the_cli_reads_a_library_by_uri_as_by_its_folder(indexed, capsys):
    model, videos, lib, uri = indexed
    before = _files(lib)
    commands = [("search", "a red square", "--model", model, "--json"),
                ("search", "blue", "--videos", "--model", model, "--json"),
                ("similar", videos / "red.mp4", "--json"),
                ("similar", f"{videos / 'blue.mp4'}@1", "--moments", "--json"),
                ("captions", videos / "red.mp4", "--json")]
    for command in commands:
        by_path = _run(capsys, *command, "--library", lib)
        by_uri = _run(capsys, *command, "--library", uri)
        assert by_path[0] == by_uri[0] == 0, (command, by_uri[2])
        _assert_same(json.loads(by_uri[1]), json.loads(by_path[1]))
    status_path = json.loads(_run(capsys, "status", "--library", lib, "--json")[1])
    code, out, err = _run(capsys, "status", "--library", uri, "--json")
    status_uri = json.loads(out)
    assert code == 0 and status_uri.pop("library") == uri and status_path.pop("library") == str(lib)
    assert status_uri == status_path and status_uri["videos"] == 2 and status_uri["captions"] == 2
    assert status_uri["size_bytes"] > 0  # the objects' sizes under the URI, not a local walk
    code, out, _ = _run(capsys, "status", "--library", uri)
    assert code == 0 and f"Library: {uri}" in out and "Folder:  " in out
    assert _files(lib) == before  # readers wrote nothing


WRITES = {
    "index": ("index",),
    "index PATH --reindex": ("index", "{videos}", "--reindex", "--model", "{model}"),
    "forget": ("forget", "{videos}"),
    "captions-import": ("captions-import", "{captions}"),
    "note": ("note", "{videos}/red.mp4@1", "a note"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_writing_commands_refuse_a_uri_library_and_change_nothing(indexed, capsys, name):
    model, videos, lib, uri = indexed
    values = {"videos": videos, "model": model, "captions": lib.parent / "captions.txt"}
    argv = [a.format(**values) for a in WRITES[name]]
    before = _files(lib)
    code, out, err = _run(capsys, *argv, "--library", uri)
    assert code == 2 and "Traceback" not in err
    assert f"The library {uri} is given as a URI, so it is opened read-only" in err
    assert "writer lock" in err and "folder mounted" in err
    assert _files(lib) == before


def test_a_refused_write_imports_nothing_heavy(indexed):
    """The refusal comes before the lock, LanceDB, pyarrow, torch or Ray (``--ray`` included)."""
    model, videos, lib, uri = indexed
    probe = ("import json, sys\nfrom core.cli import main\ncode = main(sys.argv[1:])\n"
             "print(json.dumps([code, [m for m in ('lancedb', 'pyarrow', 'torch', 'ray', 'core.library.lock')"
             " if m in sys.modules]]))")
    got = subprocess.run([sys.executable, "-c", probe, "index", str(videos), "--ray", "--library", uri],
                         cwd=ROOT, env=cli_env(), capture_output=True, text=True, timeout=120)
    assert json.loads(got.stdout.strip().splitlines()[-1]) == [2, []], got.stderr
    assert "opened read-only" in got.stderr


@pytest.mark.parametrize("uri, said", [
    ("memory://library", "an in-memory store holds nothing another process wrote"),
    ("shared-memory://library", "an in-memory store holds nothing another process wrote"),
    ("foo://bucket/library", "is not a library location Seekframe can read"),
    ("s3://", "is not a library location Seekframe can read"),
    ("file://relative/library", "a file:// URI takes an absolute path"),
    ("file://{missing}", "No library at file://{missing} (no library.json there)"),
])
def test_a_uri_that_is_no_library_says_why(tmp_path, capsys, uri, said):
    missing = tmp_path / "nothing" / "here"
    uri, said = uri.format(missing=missing), said.format(missing=missing)
    for command in (("status",), ("similar", tmp_path / "a.mp4")):
        code, out, err = _run(capsys, *command, "--library", uri)
        assert code == 2 and said in err and "Traceback" not in err, err
    assert not (tmp_path / "nothing").exists()  # nothing created where the library was looked for
    with pytest.raises(LibraryError, match="no library.json|library location|absolute path|in-memory"):
        VideoLibrary(uri, read_only=True)


def test_the_cli_looks_for_library_json_no_more_than_the_library_itself(indexed, capsys, monkeypatch):
    """Each look at a URI's library.json is a request to the store: a read-only command leaves
    them to ``VideoLibrary`` (before, the command layer checked for the file first)."""
    model, videos, lib, uri = indexed
    looks = []
    for name in ("_kind", "read_bytes"):
        real = getattr(Location, name)
        monkeypatch.setattr(Location, name, lambda self, file, _real=real: looks.append(file) or _real(self, file))
    with VideoLibrary(uri, read_only=True):
        by_the_library = looks.count("library.json")
    looks.clear()
    code, out, err = _run(capsys, "similar", videos / "red.mp4", "--library", uri, "--json")
    assert code == 0, err
    assert 0 < looks.count("library.json") == by_the_library, looks


def test_a_uri_with_no_library_is_looked_at_no_more_than_by_the_library(tmp_path, capsys, monkeypatch):
    """A read-only command says 'No library at …' from the library's own looks: none again after
    it failed (a store that cannot be reached would make the user wait for each look)."""
    uri = f"file://{tmp_path / 'none'}"
    looks = []
    real = Location._kind
    monkeypatch.setattr(Location, "_kind", lambda self, file: looks.append(file) or real(self, file))
    with pytest.raises(LibraryError):
        VideoLibrary(uri, read_only=True)
    by_the_library = list(looks)
    looks.clear()
    code, out, err = _run(capsys, "similar", tmp_path / "a.mp4", "--library", uri)
    assert code == 2 and f"No library at {uri}" in err, err
    assert by_the_library and looks == by_the_library


def test_seekframe_library_may_be_a_uri(indexed, capsys, monkeypatch):
    from core.paths import default_library_dir

    model, videos, lib, uri = indexed
    monkeypatch.setenv("SEEKFRAME_LIBRARY", uri)
    assert default_library_dir() == uri  # as given, not a mangled path
    code, out, err = _run(capsys, "status", "--json")
    assert code == 0 and json.loads(out)["library"] == uri
    code, out, err = _run(capsys, "forget", str(videos))
    assert code == 2 and "opened read-only" in err


def test_the_library_refuses_a_writer_at_a_uri_before_any_lock(indexed):
    model, videos, lib, uri = indexed
    lock_text = (lib / "writer.lock").read_bytes()
    with pytest.raises(ReadOnlyLibraryError, match="given as a URI"):
        VideoLibrary(uri)
    assert (lib / "writer.lock").read_bytes() == lock_text
    with VideoLibrary(uri, read_only=True) as library:
        assert library.root == uri and library.conn.lock is None
        with pytest.raises(ReadOnlyLibraryError):
            library.update_settings(window_s=2.0)


def test_the_small_files_are_read_through_the_uri(indexed):
    model, videos, lib, uri = indexed
    where = Location(uri + "/")
    assert where.root == uri and where.is_uri and not Location(lib).is_uri
    assert where.read_bytes("library.json") == (lib / "library.json").read_bytes()
    assert where.is_file("library.json") and where.is_dir("db") and not where.exists("nothing.json")
    assert where.size_bytes() == Location(lib).size_bytes() == sum(s for s, _ in _files(lib).values())
    assert read_meta(where) == read_meta(lib)
    assert Location(where)._fs is where._fs is not None  # the same store, not set up again
    with pytest.raises(FileNotFoundError):
        where.read_bytes("nothing.json")
    with pytest.raises(ReadOnlyLibraryError):
        where.check_writable()


def test_the_app_opens_a_uri_library_read_only_without_the_writer_lock(indexed):
    from app.engine import OpenRun, run_search, session_status
    from app.requests import SearchRequest
    from core.encoders import Encoder

    model, videos, lib, uri = indexed
    run = OpenRun(uri, str(model), None, Encoder.load)
    steps = run.steps()
    kind, library, read_only, problem, *_where = next(steps)  # (then its folder identity, whether it is the demo library)
    try:
        assert kind == "library" and read_only and "opened read-only" in problem
        assert library.conn.lock is None
        lock_library(lib).release()  # the lock is free: the app did not take it
        before = _files(lib)  # (after that lock's own write)
        rest = list(steps)
        encoder, searcher = next((s[1], s[2]) for s in rest if s[0] == "model")
        status = session_status(library, read_only, refresh=True)
        assert status.library_dir == uri and status.videos == 2 and status.read_only
        found = run_search(searcher, SearchRequest("a red square", k=5))
        with VideoLibrary(lib, read_only=True) as local:
            from core.search import Searcher

            expected = Searcher(local, encoder).text("a red square", k=5)
        assert found and [r.moment_id for r in found] == [r.moment_id for r in expected]
        assert [r.score for r in found] == pytest.approx([r.score for r in expected], abs=1e-5)
        assert [r.path for r in found] == [r.path for r in expected]  # the preview plays the stored path
    finally:
        library.close()
    assert _files(lib) == before
