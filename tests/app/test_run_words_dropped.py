"""The words a removal adds of the runs that went with it (``app.run_words.dropped_text``): a run
of the removed folder itself said "The indexing of X (in X) … add it again to index it as a
library folder of its own", though the user had just asked for X to go; now it says the run went
with the folder's removal. A run of a folder in it keeps its advice (added again, that folder is a
library folder of its own)."""

from __future__ import annotations

import os

from app.run_words import dropped_text, removal_done_text

HOME = os.path.join(os.sep, "home", "u", "Videos")
A, B = os.path.join(HOME, "a"), os.path.join(HOME, "b")


def test_the_run_of_the_removed_folder_itself_went_with_its_removal():
    said = dropped_text(HOME, (HOME,))
    assert said == f"The indexing of {HOME}, waiting or under way, was dropped with the removal of the folder.", said
    assert dropped_text(HOME, (HOME + os.sep,)) == said  # (as spelled with a separator at its end)


def test_the_run_of_a_folder_in_it_is_said_with_how_to_index_it_again():
    assert dropped_text(HOME, (A,)) == (f"The indexing of {A} (in {HOME}), waiting or under way, was dropped with "
                                        "the removal: add it again to index it as a library folder of its own.")
    assert dropped_text(HOME, (A, B)) == (f"The indexing of {A}, {B} (in {HOME}), waiting or under way, was dropped "
                                          "with the removal: add them again to index them as library folders of "
                                          "their own.")


def test_both_are_said_in_one_sentence():
    said = dropped_text(HOME, (HOME, A))
    assert said == (f"The indexing of {HOME}, and of {A} in it, waiting or under way, was dropped with the removal "
                    f"of the folder: add {A} again to index it as a library folder of its own."), said
    assert f"(in {HOME})" not in said and f"add {HOME} again" not in said


def test_a_removal_done_says_it_after_its_count():
    said = removal_done_text(12, HOME, False, (HOME,), False, lambda f: "")
    assert said.endswith(f"The indexing of {HOME}, waiting or under way, was dropped with the removal of the folder.")
    assert "again" not in said, said
