"""On Windows, the name-by-name walks of ``core.folder_spelling`` (``disk_spelling``: a path typed
in the other Unicode spelling of the disk's; ``file_as_folder``: ``clip.mp4\\`` refused;
``as_the_os_reads``: a ``..``; ``resolved``: the links to an offline library folder) started at
``os.sep`` and joined the drive to it: ``ntpath.join("\\\\", "C:")`` is ``C:``, then ``C:Users``, a
path relative to the drive's current folder, so none found anything and each silently did nothing
there (or spelled the path ``C:Users\\b``). Checked here with ``ntpath`` and a small in-memory disk
in place of the module's ``os``: each walk starts at ``C:\\`` (``walk_start``)."""

from __future__ import annotations

import ntpath
import os
import types
import unicodedata

import pytest

from core import file_as_folder, folder_spelling

NFD = unicodedata.normalize("NFD", "café")
NFC = unicodedata.normalize("NFC", "café")


def windows_os(dirs, files, cwd="C:\\Users", links=None):
    """An ``os`` for the module: ``ntpath``'s rules, and a disk holding ``dirs`` and ``files``
    (absolute Windows paths, as the disk spells them)."""
    dirs, files = set(dirs), set(files)

    def lexists(p):
        return p in dirs or p in files

    def listdir(p):
        p = p if p.endswith("\\") else p + "\\"
        if p.rstrip("\\") not in dirs and p not in dirs:
            raise FileNotFoundError(p)
        return sorted({e[len(p):].split("\\")[0] for e in dirs | files if e.startswith(p) and e != p})

    def stat(p):
        parts = p.split("\\")
        for n in range(2, len(parts) + 1):
            head = "\\".join(parts[:n])
            if head in files and n < len(parts):
                raise NotADirectoryError(p)
        if not lexists(p.rstrip("\\")):
            raise FileNotFoundError(p)

    path = types.SimpleNamespace(
        join=ntpath.join, isabs=ntpath.isabs, splitdrive=ntpath.splitdrive, normpath=ntpath.normpath,
        expanduser=ntpath.expanduser, relpath=ntpath.relpath, dirname=ntpath.dirname,
        lexists=lexists, exists=lexists, isdir=lambda p: p in dirs or p.rstrip("\\") in dirs,
        islink=lambda p: p in links, realpath=ntpath.normpath)  # (realpath: where no link is on the way)
    links = links or {}
    return types.SimpleNamespace(path=path, sep="\\", altsep="/", curdir=".", pardir="..", fspath=os.fspath,
                                 getcwd=lambda: cwd, listdir=listdir, stat=stat, readlink=lambda p: links[p])


@pytest.mark.parametrize("typed, start, names", [
    ("C:\\Users\\café\\v", "C:\\", ["", "Users", "café", "v"]),
    ("C:/Users/café", "C:\\", ["", "Users", "café"]),
    ("\\\\server\\share\\v", "\\\\server\\share\\", ["", "v"]),
    ("C:v", "C:", ["v"]),
    ("v\\w", "", ["v", "w"]),
])
def test_a_windows_walk_starts_at_the_drive_root(monkeypatch, typed, start, names):
    monkeypatch.setattr(folder_spelling, "os", windows_os((), ()))
    assert folder_spelling.walk_start(typed) == (start, names)


@pytest.mark.skipif(os.sep != "/", reason="POSIX paths")
def test_a_posix_walk_starts_at_the_root():
    assert folder_spelling.walk_start("/home/u/v") == ("/", ["", "home", "u", "v"])
    assert folder_spelling.walk_start("v/w") == ("", ["v", "w"])


def test_disk_spelling_finds_the_other_unicode_spelling_on_windows(monkeypatch):
    disk = windows_os({"C:\\", "C:\\Users", f"C:\\Users\\{NFD}", f"C:\\Users\\{NFD}\\v"}, ())
    monkeypatch.setattr(folder_spelling, "os", disk)
    assert folder_spelling.disk_spelling(f"C:\\Users\\{NFC}\\v") == f"C:\\Users\\{NFD}\\v"
    assert folder_spelling.disk_spelling(f"C:\\Users\\{NFD}\\v") is None  # (there as typed)


def test_a_file_named_as_a_folder_is_found_on_windows(monkeypatch):
    disk = windows_os({"C:\\", "C:\\Users", "C:\\Users\\v"}, {"C:\\Users\\v\\clip.mp4"})
    monkeypatch.setattr(folder_spelling, "os", disk)
    monkeypatch.setattr(file_as_folder, "os", disk)  # (cut out of folder_spelling, whose walk_start it uses)
    assert file_as_folder.file_as_folder("C:\\Users\\v\\clip.mp4\\") == "C:\\Users\\v\\clip.mp4"
    assert file_as_folder.file_as_folder("C:/Users/v/clip.mp4/.") == "C:\\Users\\v\\clip.mp4"
    assert file_as_folder.file_as_folder("C:\\Users\\v\\") is None  # (a folder)


def test_a_parent_step_is_read_from_the_drive_root_on_windows(monkeypatch):
    """``as_the_os_reads`` (``seekframe index C:\\Users\\a\\..\\b``) walked from ``os.sep`` too:
    it gave ``C:Users\\b``."""
    monkeypatch.setattr(folder_spelling, "os", windows_os({"C:\\", "C:\\Users"}, ()))
    assert folder_spelling.as_the_os_reads("C:\\Users\\a\\..\\b") == "C:\\Users\\b"


def test_a_link_to_an_offline_folder_is_followed_from_the_drive_root_on_windows(monkeypatch):
    """``resolved`` with the library's offline folders (an unplugged ``E:``, never touched) walked
    from ``os.sep`` too, never met the link, and fell back on ``realpath``."""
    disk = windows_os({"C:\\", "C:\\Users"}, (), links={"C:\\Users\\lnk": "E:\\off"})
    monkeypatch.setattr(folder_spelling, "os", disk)
    assert folder_spelling.resolved("C:\\Users\\lnk\\x", ["E:\\off"]) == "E:\\off\\x"
    disk = windows_os({"C:\\", "C:\\Users"}, (), links={"C:\\Users\\lnk": "\\off"})  # (rooted, no drive)
    monkeypatch.setattr(folder_spelling, "os", disk)
    assert folder_spelling.resolved("C:\\Users\\lnk\\x", ["C:\\off"]) == "C:\\off\\x"
