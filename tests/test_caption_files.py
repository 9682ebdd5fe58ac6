import json
import os

import pytest

from core.captions import MAX_CAPTION_CHARS, parse_caption_file, resolve_video
from core.errors import SeekframeError
from core.library.records import VideoRecord


def test_txt_one_per_line(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text("# my captions\na dog runs\n\n  a red car turns left  \n", encoding="utf-8")
    assert [c.text for c in parse_caption_file(f)] == ["a dog runs", "a red car turns left"]


def test_csv_with_video_and_times(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('Video,Caption,start,end\nbeach.mp4,"a dog, catching a frisbee",3.5,7\n,just text,,\n', encoding="utf-8")
    rows = parse_caption_file(f)
    assert (rows[0].video, rows[0].text, rows[0].start, rows[0].end) == ("beach.mp4", "a dog, catching a frisbee", 3.5, 7.0)
    assert (rows[1].video, rows[1].text, rows[1].start) == ("", "just text", -1.0)


def test_csv_without_caption_column_is_explained(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(SeekframeError, match="caption column"):
        parse_caption_file(f)


@pytest.mark.parametrize(
    "data,expected",
    [
        (["one", "two"], [("one", ""), ("two", "")]),
        ({"v1.mp4": ["a", "b"], "v2": "c"}, [("a", "v1.mp4"), ("b", "v1.mp4"), ("c", "v2")]),
        ({"sentences": [{"caption": "x", "video_id": "video7"}]}, [("x", "video7")]),
        ([{"videoID": "abc_000001_000011", "enCap": ["p", "q"]}], [("p", "abc_000001_000011"), ("q", "abc_000001_000011")]),
        ([{"text": "t", "path": "/m/x.mp4", "start": 2}], [("t", "/m/x.mp4")]),
    ],
)
def test_json_shapes(tmp_path, data, expected):
    f = tmp_path / "c.json"
    f.write_text(json.dumps(data))
    assert [(c.text, c.video) for c in parse_caption_file(f)] == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-32", "latin-1"])
def test_caption_files_are_read_in_the_encodings_people_save_them_in(tmp_path, encoding):
    f = tmp_path / "c.csv"
    caption = "un café à la plage, l’été" if encoding != "latin-1" else "un café à la plage \x81"
    f.write_bytes(f'video,caption\nplage.mp4,"{caption}"\n'.encode(encoding))  # (\x81: not in Windows-1252)
    assert [(c.video, c.text) for c in parse_caption_file(f)] == [("plage.mp4", caption)]


def test_bad_inputs(tmp_path):
    (tmp_path / "bad.json").write_text("{not json")
    (tmp_path / "empty.txt").write_text("\n# nothing\n")
    (tmp_path / "c.docx").write_text("x")
    for name, msg in [("bad.json", "not valid JSON"), ("empty.txt", "no captions"), ("c.docx", ".txt, .csv or .json"), ("missing.txt", "Cannot read")]:
        with pytest.raises(SeekframeError, match=msg):
            parse_caption_file(tmp_path / name)


def test_resolve_video_by_id_path_name_and_stem():
    vids = [VideoRecord("0123456789abcdef", "/lib/beach/dog.mp4", "/lib", 1, 1.0, "h"),
            VideoRecord("fedcba9876543210", "/lib/city/car.mkv", "/lib", 1, 1.0, "h")]
    assert resolve_video("fedcba9876543210", vids).path == "/lib/city/car.mkv"
    assert resolve_video("/lib/beach/dog.mp4", vids).video_id == "0123456789abcdef"
    assert resolve_video("dog.mp4", vids).video_id == "0123456789abcdef"
    assert resolve_video("car", vids).video_id == "fedcba9876543210"
    assert resolve_video("cat", vids) is None and resolve_video("", vids) is None


@pytest.mark.parametrize("times, why", [("12,5", "start 12, end 5"), ("-3,4", "start -3"), ("3,3", "start 3, end 3"),
                                        ("soon,4", "start 'soon'"), ("1x,4", "start '1x'"),
                                        ("1:75,2:00", "start '1:75'"), ("nan,4", "start nan")])
def test_a_row_whose_times_are_no_span_refuses_the_file_naming_it(tmp_path, times, why):
    f = tmp_path / "c.csv"
    f.write_text(f"video,caption,start,end\nbeach.mp4,fine,1,2\nbeach.mp4,a dog,{times}\n", encoding="utf-8")
    with pytest.raises(SeekframeError, match=f"caption 2 \\('a dog'\\) has times that are no span.*{why}"):
        parse_caption_file(f)


def test_times_written_as_a_clock_or_with_units_are_read_as_the_command_line_reads_them(tmp_path):
    """A caption file from a spreadsheet or a player's notes writes 1:05 or 1m5s (s58 h.md): the command line's
    own times (``seekframe similar FILE@1:05``), where the import refused the whole file ('start nan')."""
    f = tmp_path / "c.csv"
    f.write_text("video,caption,start,end\nb.mp4,clock,1:05,1:10.5\nb.mp4,units,1m,1m5s\nb.mp4,hours,0:01:00,\n",
                 encoding="utf-8")
    assert [(c.text, c.start, c.end) for c in parse_caption_file(f)] == [
        ("clock", 65.0, 70.5), ("units", 60.0, 65.0), ("hours", 60.0, -1.0)]
    j = tmp_path / "c.json"
    j.write_text('[{"caption": "a dog", "video": "b.mp4", "start": "0:02", "end": 4}]', encoding="utf-8")
    assert [(c.start, c.end) for c in parse_caption_file(j)] == [(2.0, 4.0)]


def test_rows_without_times_or_with_a_start_only_are_kept(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("video,caption,start,end\nbeach.mp4,whole,,\nbeach.mp4,from two,2,\n", encoding="utf-8")
    assert [(c.text, c.start, c.end) for c in parse_caption_file(f)] == [("whole", -1.0, -1.0), ("from two", 2.0, -1.0)]


def test_a_json_lone_surrogate_escape_is_replaced_not_a_traceback(tmp_path):
    # "\ud83d" alone: an emoji cut in half by the tool that wrote the file
    f = tmp_path / "c.json"
    f.write_text('[{"caption": "a dog \\ud83d on grass", "video": "v\\udc80.mp4"}]', encoding="utf-8")
    [row] = parse_caption_file(f)
    assert row.text == "a dog \ufffd on grass" and row.video == "v\ufffd.mp4"
    row.text.encode("utf-8")  # what storing it needs


def test_a_csv_caption_longer_than_the_csv_modules_field_limit_is_cut_not_a_traceback(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text('caption,video\n"' + "long " * 40_000 + '",v.mp4\nshort,w.mp4\n', encoding="utf-8")
    rows = parse_caption_file(f)
    assert [len(r.text) for r in rows] == [MAX_CAPTION_CHARS, 5] and [r.video for r in rows] == ["v.mp4", "w.mp4"]


@pytest.mark.parametrize("name", ["c.txt", "c.csv", "c.json"])
@pytest.mark.parametrize("data", [bytes(range(256)) * 20, b"\x00\x00\x00\x18ftypmp42" + bytes(4000),
                                  b"PK\x03\x04\x14\x00\x06\x00" + b"xl/workbook.xml" * 50])
def test_a_binary_file_is_refused_not_imported_as_captions(tmp_path, name, data):
    """A video, an image or a spreadsheet (.xlsx: a zip) named as a caption file: a .txt one was
    read as Latin-1 and each 'line' of its bytes imported as a caption ("Imported 136 captions"
    of a random file); now refused, naming the file, nothing imported."""
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(SeekframeError, match="not a text file") as said:
        parse_caption_file(f)
    assert str(f) in str(said.value) and "Nothing was imported" in str(said.value)


def test_text_with_a_few_control_characters_is_still_read(tmp_path):
    f = tmp_path / "c.txt"
    f.write_bytes("a dog \x1b[1mruns\x1b[0m\fa cat\x07 sleeps\n".encode())
    assert [c.text for c in parse_caption_file(f)] == ["a dog \x1b[1mruns\x1b[0m", "a cat\x07 sleeps"]


def test_a_file_too_large_for_captions_is_refused_before_it_is_read(tmp_path):
    """A 300 MB file named .txt (sparse here: a video or a disk image renamed) was read whole into
    memory, then decoded, before anything looked at it; now its size refuses it, nothing read."""
    path = tmp_path / "captions.txt"
    path.write_text("a caption\n")
    os.truncate(path, 300 << 20)
    with pytest.raises(SeekframeError, match="too large for a caption file") as err:
        parse_caption_file(path)
    assert "captions.txt" in str(err.value) and "Nothing was imported" in str(err.value)
