"""A result's byte-identical copy whose name differs from it only in how its letters are composed
(Unicode NFC or NFD: a Mac's copy of ``café.mp4`` beside it, on a disk that keeps both) was named as
``café.mp4 (identical copy: café.mp4)``: one file named twice, to a person. The copy is now named
with its spelling said, and one in another folder by that folder, as a copy of another name is."""

from __future__ import annotations

import unicodedata

from core.cli_print import copies_text


def _spelled(form: str, path: str) -> str:
    return unicodedata.normalize(form, path)


def test_a_copy_named_alike_in_another_spelling_says_its_spelling():
    nfc, nfd = _spelled("NFC", "/home/me/Videos/café.mp4"), _spelled("NFD", "/home/me/Videos/café.mp4")
    name = {form: _spelled(form, "café.mp4") for form in ("NFC", "NFD")}
    assert copies_text([nfd], nfc) == f"  (identical copy: {name['NFD']} spelled decomposed (NFD))"  # (old: the name)
    assert copies_text([nfc], nfd) == f"  (identical copy: {name['NFC']} spelled composed (NFC))"


def test_a_copy_in_another_folder_is_named_by_its_folder_whatever_the_spelling():
    nfc = _spelled("NFC", "/home/me/Videos/café.mp4")
    backup = _spelled("NFD", "/home/me/Backup/café.mp4")
    assert copies_text([backup], nfc) == f"  (identical copy: {_spelled('NFD', 'Backup/café.mp4')})"  # (old: the name)
    assert copies_text([_spelled("NFC", backup)], nfc) == f"  (identical copy: {_spelled('NFC', 'Backup/café.mp4')})"
    assert copies_text(["/home/me/Videos/cafe.mp4"], nfc) == "  (identical copy: cafe.mp4)"
