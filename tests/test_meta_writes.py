"""``library.json`` is changed in memory only once it is written (``Connection.write_meta``): a
write the disk refuses (full, read-only) left the open library's memory ahead of its disk, and
the next write that succeeded (any setting) wrote down what had been refused."""

from __future__ import annotations

import errno

import pytest

from core.library import VideoLibrary
from core.library import meta as meta_io
from tests.test_library_safety import MODEL, _indexed_library


def test_a_model_switch_whose_record_is_refused_leaves_no_switch_in_memory_nor_later_on_disk(tmp_path,
                                                                                         monkeypatch):
    root = tmp_path / "lib"
    _indexed_library(root)
    with VideoLibrary(root) as lib:
        with monkeypatch.context() as m:
            def full(_where, _meta):
                raise OSError(errno.ENOSPC, "No space left on device")

            m.setattr(meta_io, "write_meta", full)
            with pytest.raises(OSError):
                lib.reset_for_model("new-000000000003", "/models/new", 8)  # its first write: the record
        assert lib.model_switch is None and lib.meta.model_id == MODEL  # as the disk says
        lib.update_settings(window_s=3.0)  # a later write, space freed
    with VideoLibrary(root) as lib:
        assert lib.model_switch is None and lib.meta.model_id == MODEL  # no switch that never began
        assert lib.meta.settings.window_s == 3.0
