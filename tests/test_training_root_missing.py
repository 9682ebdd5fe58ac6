"""A ``data.root`` that does not exist (a typo, a disk not mounted, a run started from another
folder) was reported as the format's first annotation file not found (``…/train_list.txt:
annotation file not found``), sending a researcher to look for a file in a folder that is not
there. It is now said as the folder missing, with the folder it was taken relative to."""

from __future__ import annotations

import pytest

from core.errors import SeekframeError
from training.config import load_config
from training.data.splits import load_splits


@pytest.mark.parametrize("fmt", ["msrvtt", "msvd", "vatex", "tgif"])
def test_a_data_root_that_does_not_exist_is_said_as_such(tmp_path, fmt, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = load_config(None, [f"data.format={fmt}", f"data.root=data/{fmt}-typo"])
    with pytest.raises(SeekframeError) as info:
        load_splits(cfg)
    said = str(info.value)
    assert f"data.root: {tmp_path / 'data' / (fmt + '-typo')} does not exist" in said
    assert "annotation file not found" not in said


def test_a_webdataset_root_naming_its_shards_is_not_taken_for_a_missing_folder(tmp_path):
    (tmp_path / "shards").mkdir()
    cfg = load_config(None, ["data.format=webdataset", f"data.root={tmp_path / 'shards' / 'train-{000000..000001}.tar'}"])
    with pytest.raises(SeekframeError) as info:  # (no shard there: the format's own words)
        load_splits(cfg)
    assert "does not exist" not in str(info.value)


def test_a_loaders_error_where_the_root_exists_keeps_its_cause(tmp_path, monkeypatch):
    """The loader's own error is raised as it was, its cause kept (dc66b7a raised it ``from`` itself,
    losing the OS error under it: a full disk or a permission refused, which the words above it follow)."""
    import errno

    import training.data.msrvtt as msrvtt

    cause = OSError(errno.EACCES, "Permission denied")

    def refused(*a, **k):
        raise SeekframeError("MSRVTT_data.json: cannot be read") from cause

    monkeypatch.setattr(msrvtt, "load", refused)
    cfg = load_config(None, ["data.format=msrvtt", f"data.root={tmp_path}"])
    with pytest.raises(SeekframeError) as info:
        load_splits(cfg)
    assert str(info.value) == "MSRVTT_data.json: cannot be read"
    assert info.value.__cause__ is cause
