"""The mapping of index runs against a folder removed while they waited (which of them a run would
index as part of it, through a link too) was written twice: ``app.resume._through_links`` (the runs
a closed window left) and again inside ``app.removed_meanwhile.cut`` (the runs queued in an open
window), the same three lines with their own ``kept``. Now both go through
``app.resume_removed.through_links``, the library's folders as the caller read them (``listed``)."""

from __future__ import annotations

from types import SimpleNamespace

import app.removed_meanwhile
import app.resume
import app.resume_removed


def test_both_mappings_are_the_one_function(monkeypatch):
    assert app.resume._through_links is app.resume_removed.through_links
    calls = []

    def mapped(library, roots, folder, kept, listed=None, same=None):  # (``same``: those that are the folder)
        calls.append((tuple(roots), folder, tuple(kept), tuple(listed)))
        return list(roots)

    monkeypatch.setattr(app.removed_meanwhile, "through_links", mapped)
    settings = SimpleNamespace(folders=["/v/a/keep", "/w"])
    library = SimpleNamespace(meta=SimpleNamespace(settings=settings, removed=[{"folder": "/v/a", "at": 10.0}]))
    cuts = app.removed_meanwhile.cut(library, {"/v/a/x": 5.0, "/w": 12.0}, {})
    # (the run asked before the removal, mapped against the folders as listed, the one in it kept)
    assert calls == [(("/v/a/x",), "/v/a", ("/v/a/keep",), ("/v/a/keep", "/w"))]
    assert cuts == (("/v/a", {"folder": "/v/a", "at": 10.0}, ("/v/a/x",)),)  # (its entry in library.json)


def test_the_folders_as_listed_or_the_library_s_now(monkeypatch):
    seen = []
    monkeypatch.setattr("app.jobs.offline_before", lambda library, roots, folders: ())
    monkeypatch.setattr("app.jobs.indexed_inside",
                        lambda roots, folder, folders, kept, offline, same=None: seen.append(folders) or [])
    library = SimpleNamespace(meta=SimpleNamespace(settings=SimpleNamespace(folders=["/now"])))
    app.resume_removed.through_links(library, ["/r"], "/gone", ())
    app.resume_removed.through_links(library, ["/r"], "/gone", (), ["/then"])
    assert seen == [["/now", "/gone"], ["/then", "/gone"]]
