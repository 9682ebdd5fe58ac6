"""Captions given as lists of objects (``[{"caption": ..., "lang": "en"}]``, ``{"text": ...}`` entries:
some VATEX, WebVid and KEY.json layouts) instead of strings. Each loader refused them with a message
that named no shape ('must be text or a list of texts'; a WebDataset shard's samples were all left
out for it); they are now read, the English ones where languages are marked, and a shape that holds
no caption text is refused naming the file and the shape found, never trained on as ``str(dict)``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.shards import sample_members, write_shard
from training.data import msrvtt, vatex, webdataset
from training.data.base import AnnotationError
from training.data.caption_values import CaptionShape, caption_texts, shape

MIXED = [{"caption": "a dog runs on the beach", "lang": "en"}, {"caption": "一只狗在海滩上跑", "lang": "zh"},
         {"caption": "a dog plays by the sea", "lang": "en-US"}]
ENGLISH = ["a dog runs on the beach", "a dog plays by the sea"]


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_a_tables_caption_objects_are_read_in_english(tmp_path):
    _jsonl(tmp_path / "train.jsonl", [{"video_id": "v0", "caption": MIXED},
                                      {"video_id": "v1", "caption": [{"text": "a cat sleeps"}]},
                                      {"video_id": "v2", "caption": {"text": "a car turns"}}])
    _jsonl(tmp_path / "test.jsonl", [{"video_id": "v3", "caption": "a plain caption"}])
    train = msrvtt.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {
        "v0": ENGLISH, "v1": ["a cat sleeps"], "v2": ["a car turns"]}
    assert not any("{" in c for e in train.entries for c in e.captions)


def test_a_table_of_captions_with_no_text_field_is_refused_naming_the_file_and_shape(tmp_path):
    _jsonl(tmp_path / "train.jsonl", [{"video_id": "v0", "caption": [{"id": 3, "score": 0.9}]}])
    with pytest.raises(AnnotationError) as e:
        msrvtt.load(tmp_path, "train")
    said = str(e.value)
    assert "train.jsonl" in said and "row 1" in said and "a list of objects with keys id, score" in said
    _jsonl(tmp_path / "train.jsonl", [{"video_id": "v0", "caption": [{"caption": "狗", "lang": "zh"}]}])
    with pytest.raises(AnnotationError, match=r"train\.jsonl: row 1: 'caption' holds captions in zh only"):
        msrvtt.load(tmp_path, "train")


def test_webdataset_json_caption_objects_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    write_shard(tmp_path / "train-000.tar", sample_members({
        "a": {"mp4": b"a" * 64, "json": json.dumps({"captions": MIXED})},
        "b": {"mp4": b"b" * 64, "json": json.dumps({"caption": [{"text": "a bird flies"}]})},
        "c": {"mp4": b"c" * 64, "json": json.dumps({"caption": [[1, 2]]})}}))
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {"a": ENGLISH, "b": ["a bird flies"]}
    (key, why), = train.skipped
    assert key == "c" and "c.json" in why and "a list of lists" in why


def test_vatex_caption_objects_are_read_in_both_layouts(tmp_path):
    official = tmp_path / "official"
    official.mkdir()
    (official / "videos").mkdir()
    (official / "videos" / "abc_000010_000020.mp4").write_bytes(b"x" * 64)
    (official / vatex.FILES["train"]).write_text(json.dumps(
        [{"videoID": "abc_000010_000020", "enCap": [{"caption": c} for c in ENGLISH]}]))
    assert vatex.load(official, "train").entries[0].captions == ENGLISH
    listed = tmp_path / "listed"
    (listed / "videos").mkdir(parents=True)
    (listed / "videos" / "k1.mp4").write_bytes(b"x" * 64)
    (listed / vatex.LISTS["train"]).write_text("k1\n")
    (listed / vatex.REF_CAPTIONS).write_text(json.dumps({"k1": MIXED}))
    assert vatex.load(listed, "train").entries[0].captions == ENGLISH
    (listed / vatex.REF_CAPTIONS).write_text(json.dumps({"k1": [{"lang": "en"}]}))
    with pytest.raises(AnnotationError, match=r"ref_captions\.json: 'k1'.*a list of objects with keys lang"):
        vatex.load(listed, "train")


def test_caption_values_and_shapes():
    assert caption_texts(" a ") == ["a"] and caption_texts(["a", " ", "b"]) == ["a", "b"]
    assert caption_texts({"en": ["one", "two"], "zh": ["一"]}) == ["one", "two"]
    assert caption_texts([{"sentence": "s", "language": "English"}, {"text": "t"}]) == ["s", "t"]
    for bad, said in ((3, "a number (3)"), ([{"a": 1}, "x"], "a list of mixed entries"),
                      ({"id": 1}, "an object with keys id"), ([None], "a list of nulls")):
        with pytest.raises(CaptionShape, match=re.escape(f"is {said}")):
            caption_texts(bad)
    assert shape([{"caption": "c", "lang": "en"}]) == "a list of objects with keys caption, lang"


def test_captions_whose_language_field_is_blank_or_undetermined_are_kept_as_unmarked(tmp_path):
    """A dump that writes a language field for every entry, blank ('') or 'und' where none is known,
    was refused as one holding no English caption ("holds captions in  only"), as a table's missing
    cell read as NaN: an entry that marks no language is kept, as one without the field."""
    _jsonl(tmp_path / "train.jsonl", [
        {"video_id": "v0", "caption": [{"caption": "a dog runs", "lang": ""}, {"caption": "ein Hund", "lang": "de"}]},
        {"video_id": "v1", "caption": [{"text": "a cat sleeps", "language": "und"}]},
        {"video_id": "v2", "caption": [{"text": "a car turns", "lang": "  "}]}])
    _jsonl(tmp_path / "test.jsonl", [{"video_id": "v3", "caption": "a plain caption"}])
    train = msrvtt.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {
        "v0": ["a dog runs"], "v1": ["a cat sleeps"], "v2": ["a car turns"]}
    assert caption_texts([{"caption": "a bird", "lang": float("nan")}]) == ["a bird"]
    with pytest.raises(CaptionShape, match="holds captions in de, fr only"):
        caption_texts([{"caption": "ein Vogel", "lang": "de"}, {"caption": "un oiseau", "lang": "fr"}])


def test_a_webdataset_sample_whose_json_holds_other_languages_keeps_its_english_txt(tmp_path, monkeypatch):
    """KEY.txt held the sample's English caption and KEY.json its translations ('lang': 'de'): the
    sample was left out ('holds captions in de only'). The JSON's captions are not English, the
    sample's are still read from KEY.txt; one with no English caption anywhere is left out saying so."""
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    german = json.dumps({"caption": [{"text": "ein Hund rennt", "lang": "de"}]})
    write_shard(tmp_path / "train-000.tar", sample_members({
        "a": {"mp4": b"a" * 64, "txt": "a dog runs", "json": german},
        "b": {"mp4": b"b" * 64, "json": german}}))
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {"a": ["a dog runs"]}
    (key, why), = train.skipped
    assert key == "b" and "b.json" in why and "holds captions in de only" in why
