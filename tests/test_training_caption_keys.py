"""Caption objects with plural keys or a language list, as real dumps write them: ``{"captions": [...]}``,
``{"texts": ...}``, ActivityNet Captions' ``{"timestamps": ..., "sentences": [...]}``, HowTo100M's
``{"start": [...], "end": [...], "text": [...]}``, and ``{"captions": [...], "lang": ["en", "fr"]}`` (a
language per caption). Each was refused ('is an object with keys captions: expected text, a list of
texts, or objects with a caption or text field'; a language list read as the language "['en', 'fr']",
'holds captions in ['en', 'fr'] only'), a WebDataset KEY.json's ``texts``/``sentence`` never looked
at (the sample left out as one without a caption). They are read now; a shape still unread is refused
naming the key at fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shards import sample_members, write_shard
from training.data import msrvtt, vatex, webdataset
from training.data.base import AnnotationError
from training.data.caption_values import CaptionShape, NoEnglish, caption_texts


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _table(root: Path, captions: list) -> None:
    _jsonl(root / "train.jsonl", [{"video_id": f"v{i}", "caption": c} for i, c in enumerate(captions)])
    _jsonl(root / "test.jsonl", [{"video_id": "t0", "caption": "a plain caption"}])


def test_plural_keys_and_language_lists_of_a_tables_captions_are_read(tmp_path):
    _table(tmp_path, [
        {"captions": ["a dog runs", "a dog plays"]},
        {"texts": "a cat sleeps"},
        [{"timestamps": [[0.0, 2.5], [2.5, 6.0]], "sentences": ["a man opens a door", "he walks in"]}],
        {"start": [0.0, 4.1], "end": [4.1, 9.0], "text": ["cut the onion", "fry it"]},
        {"captions": ["a red car turns", "une voiture rouge tourne"], "lang": ["en", "fr"]},
        {"Caption": "a bird flies", "languages": ["en", "en-US"]},
        {"descriptions": [{"text": "a boat sails", "lang": "en"}, {"text": "ein Boot", "lang": "de"}]}])
    train = msrvtt.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {
        "v0": ["a dog runs", "a dog plays"], "v1": ["a cat sleeps"], "v2": ["a man opens a door", "he walks in"],
        "v3": ["cut the onion", "fry it"], "v4": ["a red car turns"], "v5": ["a bird flies"], "v6": ["a boat sails"]}


@pytest.mark.parametrize("caption, said", [
    ({"caption": "a dog", "lang": ["en", "fr"]},
     "'caption' is an object with keys caption, lang: its 'lang' lists 2 languages (en, fr) for 1 caption in "
     "'caption': expected one language, or one for each caption"),
    ({"captions": ["a", "b", "c"], "lang": ["en", "fr"]}, "its 'lang' lists 2 languages (en, fr) for 3 captions"),
    ({"captions": [1, 2]}, "'caption' is an object with keys captions: its 'captions' is a list of numbers"),
    ({"captions": [{"text": "a", "lang": ["en", "fr"]}]},
     "its 'captions' is a list of objects with keys text, lang: its 'lang' lists 2 languages"),
    ({"title": "a dog", "views": 3}, "its key 'title' holds text but no caption field read here"),
], ids=["one-caption-two-languages", "lists-differ", "numbers", "nested", "unknown-key"])
def test_a_shape_still_unread_is_refused_naming_the_key(tmp_path, caption, said):
    _table(tmp_path, [caption])
    with pytest.raises(AnnotationError) as e:
        msrvtt.load(tmp_path, "train")
    assert "train.jsonl: row 1: " in str(e.value) and said in str(e.value)


def test_a_language_list_of_other_languages_alone_is_no_english():
    with pytest.raises(NoEnglish, match="holds captions in de, fr only"):
        caption_texts({"captions": ["ein Hund", "un chien"], "lang": ["de", "fr"]})
    with pytest.raises(NoEnglish, match="holds captions in zh only"):
        caption_texts([{"caption": "狗", "lang": ["zh"]}])
    assert caption_texts({"captions": ["a dog", "un chien"], "lang": ["", "fr"]}) == ["a dog"]  # (unmarked: kept)
    assert caption_texts({"caption": "a dog", "lang": []}) == ["a dog"]
    with pytest.raises(CaptionShape, match=r"its 'captions' is an empty list"):
        caption_texts({"captions": []})


def test_webdataset_json_texts_and_sentence_fields_and_plural_objects_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("SEEKFRAME_CACHE", str(tmp_path / "cache"))
    write_shard(tmp_path / "train-000.tar", sample_members({
        "a": {"mp4": b"a" * 64, "json": json.dumps({"texts": ["a dog runs", "a dog plays"]})},
        "b": {"mp4": b"b" * 64, "json": json.dumps({"sentence": "a cat sleeps"})},
        "c": {"mp4": b"c" * 64, "json": json.dumps({"captions": {"captions": ["a car", "une auto"],
                                                                 "lang": ["en", "fr"]}})},
        "d": {"mp4": b"d" * 64, "json": json.dumps({"captions": {"sentences": [3]}})}}))
    train = webdataset.load(tmp_path, "train")
    assert {e.video_id: e.captions for e in train.entries} == {
        "a": ["a dog runs", "a dog plays"], "b": ["a cat sleeps"], "c": ["a car"]}
    (key, why), = train.skipped
    assert key == "d" and "d.json: 'captions'" in why and "its 'sentences' is a list of numbers" in why


def test_vatex_caption_objects_with_plural_keys_are_read(tmp_path):
    (tmp_path / "videos").mkdir()
    (tmp_path / "videos" / "k1.mp4").write_bytes(b"x" * 64)
    (tmp_path / vatex.LISTS["train"]).write_text("k1\n")
    (tmp_path / vatex.REF_CAPTIONS).write_text(json.dumps(
        {"k1": [{"captions": ["a girl sings", "一个女孩在唱歌"], "lang": ["en", "zh"]}, {"texts": "she smiles"}]}))
    assert vatex.load(tmp_path, "train").entries[0].captions == ["a girl sings", "she smiles"]
