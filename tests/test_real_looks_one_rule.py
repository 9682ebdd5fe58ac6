""""Resolve the library folders together; one that does not answer is compared by its spelling" was written three
times (s58 review fr_2 F5: ``typed_looks.real_places``, ``filters._real_of``, ``folder_spelling.as_library_folder``),
so a fix to it (the key of a look, ``known`` answers reused) had to be made three times. It is one rule now,
``typed_looks.real_looks``: each of the three looks at the library's folders through it, and a folder it says does
not answer is compared by its spelling by each."""

from __future__ import annotations

import pytest

from core import filters, folder_spelling, typed_looks


@pytest.fixture
def silent(monkeypatch, tmp_path):
    """The library folders ``a`` and ``b`` (``b`` a link to ``a/sub``, its look answering None: not answering)
    and the folders ``real_looks`` was asked about, each call's."""
    a, b = tmp_path / "a", tmp_path / "b"
    (a / "sub").mkdir(parents=True)
    b.symlink_to(a / "sub", target_is_directory=True)
    asked, real = [], typed_looks.real_looks

    def looks(folders, offline=(), known=None):
        asked.append(sorted(folders))
        out = real(folders, offline, known)
        return {**out, **({str(b): None} if str(b) in out else {})}

    monkeypatch.setattr(typed_looks, "real_looks", looks)
    return str(a), str(b), asked


def test_as_library_folder_looks_through_the_one_rule(silent):
    a, b, asked = silent
    typed = a + "/sub"  # (inside a as spelled: the library folder b, which does not answer, is by its spelling)
    assert folder_spelling.as_library_folder(typed, [a + "/other", b]) == typed
    assert asked, asked


def test_real_places_and_search_folder_look_through_the_one_rule(silent):
    a, b, asked = silent
    places, keys = typed_looks.real_places([a, b])
    assert dict(places)[b] == b and b not in keys  # (not answering: where its spelling says, no key)
    looks: dict = {}
    assert filters._real_of(looks, [a, b], b) == b  # (--folder's look at it: by its spelling too)
    assert len(asked) == 2, asked
