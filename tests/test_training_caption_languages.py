"""Caption language marks as data sets write them: a name ("English", "English (United States)", as
CLDR names a locale), an ISO 639-2/3 code in capitals ("ENG"), a POSIX locale ("en_US.UTF-8"). The
captions of an entry marked "English (United States)" were refused as 'holds captions in English
(United States) only: no English caption', and Microsoft's MSVD corpus re-saved with "en" or "eng"
in its Language column as 'no English description'. English is recognised by its codes (ISO 639-1
en, 639-2/3 eng, any case, with a BCP-47 region or script) and its names; what is not English is
still refused, saying which marks were met and which are read as English."""

from __future__ import annotations

import json

import pytest

from training.data import msrvtt, msvd
from training.data.base import AnnotationError
from training.data.caption_values import NoEnglish, caption_texts, english

ENGLISH_MARKS = ["en", "EN", "eng", "ENG", "English", "ENGLISH", " english ", "English (United States)",
                 "English (UK)", "en-US", "en_GB", "en-Latn-US", "en_US.UTF-8", "eng-US", "American English",
                 "British English", "English - UK"]
OTHER_MARKS = ["fr", "fra", "fre", "FRE", "French", "French (Canada)", "fr-CA", "zh-Hans", "de_DE.UTF-8",
               "Old English", "Middle English", "enm", "ang", "English/French", "Englisch", "ene", "e"]


@pytest.mark.parametrize("mark", ENGLISH_MARKS)
def test_english_by_code_tag_or_name_is_read(mark):
    assert english(mark)
    assert caption_texts([{"caption": "a dog runs", "lang": mark}, {"caption": "un chien", "lang": "fr"}]) \
        == ["a dog runs"]


@pytest.mark.parametrize("mark", OTHER_MARKS)
def test_what_is_not_english_is_refused_saying_what_is_read_as_english(mark):
    assert not english(mark)
    with pytest.raises(NoEnglish) as e:
        caption_texts([{"caption": "a caption", "language": mark}])
    said = str(e.value)
    assert f"holds captions in {mark} only: no English caption" in said and "en-US" in said and \
        "English (United States)" in said, said


def test_a_tables_captions_marked_by_name_are_read(tmp_path):
    rows = [{"video_id": "v0", "caption": [{"text": "a dog runs", "language": "English (United States)"},
                                           {"text": "un chien court", "language": "French (France)"}]},
            {"video_id": "v1", "caption": {"captions": ["a cat", "un chat"], "lang": ["ENG", "FRA"]}}]
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "test.jsonl").write_text(json.dumps({"video_id": "t0", "caption": "a plain caption"}) + "\n")
    assert {e.video_id: e.captions for e in msrvtt.load(tmp_path, "train").entries} == {
        "v0": ["a dog runs"], "v1": ["a cat"]}


def test_the_msvd_corpus_reads_english_rows_by_code_and_names_the_languages_when_none_is(tmp_path):
    path = tmp_path / msvd.CORPUS
    head = "VideoID,Start,End,WorkerID,Source,AnnotationTime,Language,Description\n"
    path.write_text(head + "a1,1,5,1,clean,20,en,a man cooks\na1,1,5,2,clean,20,de,ein Mann kocht\n"
                    "b2,3,9,3,clean,20,ENG,a girl sings\nb2,3,9,4,clean,20,en-US,she sings\n", encoding="utf-8")
    assert msvd.read_corpus(path) == {"a1_1_5": ["a man cooks"], "b2_3_9": ["a girl sings", "she sings"]}
    path.write_text(head + "a1,1,5,1,clean,20,German,ein Mann kocht\na1,1,5,2,clean,20,French,un homme\n",
                    encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"no English description \(its Language column holds German, "
                                              r"French; read as English: en, eng"):
        msvd.read_corpus(path)
