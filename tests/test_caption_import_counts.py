"""A caption import's words: a caption file that is missing was '[Errno 2] No such file or
directory: …' (the app showed it as is); a file that gives the same line twice reported '1 was
already in the library', though the library had none of it. The file is named in a sentence, and
a repeat within the file is counted apart from a caption the library held before."""

from __future__ import annotations

import pytest

from core import service
from core.errors import SeekframeError
from core.library import VideoLibrary
from tests.test_service import TextColourEncoder


def test_a_missing_caption_file_is_named_in_a_sentence(tmp_path):
    from app.worker_messages import user_message

    missing = tmp_path / "gone" / "captions.txt"
    with VideoLibrary(tmp_path / "lib") as library:
        with pytest.raises(SeekframeError) as caught:
            service.import_captions(library, TextColourEncoder(), str(missing))
    said = user_message(caught.value, "import captions")
    assert said.startswith(f"Cannot read captions from {missing}: the file does not exist"), said
    assert "Errno" not in said and "Nothing was imported" in said


def test_a_line_repeated_in_the_file_is_not_said_to_be_in_the_library(tmp_path):
    file = tmp_path / "caps.txt"
    file.write_text("a red car\na red car\na blue sky\n")
    enc = TextColourEncoder()
    with VideoLibrary(tmp_path / "lib") as library:
        first = service.import_captions(library, enc, str(file))
        assert (first["imported"], first["repeated_in_file"]) == (2, 1)
        said = service.import_summary(first)
        assert "already in the library" not in said, said
        assert "1 was a repeat of another in the file (kept once)" in said, said
        again = service.import_captions(library, enc, str(file))
        assert (again["imported"], again["repeated_in_file"]) == (0, 1)
        said = service.import_summary(again)
        assert "; 2 were already in the library; 1 was a repeat" in said, said
        assert sorted(c.text for c in library.caption_table.read(with_vectors=False)) == ["a blue sky", "a red car"]
