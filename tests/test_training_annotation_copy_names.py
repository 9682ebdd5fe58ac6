"""An annotation file saved under a copy's name (a browser's second download 'MSRVTT_data (1).json',
'vatex_training_v1.0 - Copy.json', another case) was refused as not found with no word of the file
beside it: the researcher looked for a download that was there. The refusal now names it; a file of
a close but other name (another split's, the 7k list beside the 9k) is never offered."""

from __future__ import annotations

import shutil

import pytest

from training.config import load_config
from training.data.base import AnnotationError, require_file
from training.data.splits import load_splits


def _msrvtt(root):
    (root / "msrvtt_data").mkdir(parents=True)
    (root / "msrvtt_data" / "MSRVTT_data (1).json").write_text("{}")
    (root / "msrvtt_data" / "MSRVTT_train.9k.csv").write_text("video_id\nvideo0\n")
    (root / "msrvtt_data" / "MSRVTT_JSFUSION_test.csv").write_text("key,vid_key,video_id,sentence\nr,m,video1,a clip\n")
    return root


def test_a_browsers_second_download_is_named_with_the_missing_file(tmp_path):
    root = _msrvtt(tmp_path / "msrvtt")
    with pytest.raises(AnnotationError) as info:
        load_splits(load_config(None, [f"data.root={root}", "data.format=msrvtt"]))
    said = str(info.value)
    assert "MSRVTT_data.json: annotation file not found" in said
    assert "MSRVTT_data (1).json is there: rename it to MSRVTT_data.json" in said


@pytest.mark.parametrize("name", ["vatex_training_v1.0 - Copy.json", "VATEX_training_v1.0.json",
                                  "vatex_training_v1.0 (2).json"])
def test_vatex_copies_and_case_are_named(tmp_path, name):
    (tmp_path / name).write_text("[]")
    (tmp_path / "vatex_validation_v1.0.json").write_text("[]")
    with pytest.raises(AnnotationError) as info:
        load_splits(load_config(None, [f"data.root={tmp_path}", "data.format=vatex"]))
    assert f"{name} is there: rename it to vatex_training_v1.0.json" in str(info.value)


def test_close_names_of_other_files_are_not_offered(tmp_path):
    (tmp_path / "vatex_validation_v1.0.json").write_text("[]")
    (tmp_path / "MSRVTT_train.7k.csv").write_text("")
    for missing in ("vatex_training_v1.0.json", "MSRVTT_train.9k.csv"):
        with pytest.raises(AnnotationError) as info:
            require_file(tmp_path / missing)
        assert "is there" not in str(info.value)
    shutil.rmtree(tmp_path)
    with pytest.raises(AnnotationError, match="annotation file not found$"):  # (no folder: nothing to list)
        require_file(tmp_path / "MSRVTT_data.json")
