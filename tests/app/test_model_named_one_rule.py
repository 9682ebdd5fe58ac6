"""One rule names a model to the user (``app.requests.model_title``: its card's title, a known hub
model's name, else its own name). It was written out again in the loading name (``loading_title``, the
card test alone: a known hub model loading was named by nothing of its own), in each switch message's
and the library refusal's call, and in the model dialog's label for a bundled model (a card test of its
own): one change of the rule would have let the status bar, the switch's words and the dialog disagree
again (s58 fr_4 F3). Now each uses the rule, and each says the same name of the same model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import core.encoders.card
from app.model_names import loading_title
from app.requests import ModelOption, SessionStatus, encoder_title
from app.wiring.models import model_entries
from core.encoders.card import CLIP_CARD, UNKNOWN_CARD, ModelCard

OWN = ModelCard(title="Seekframe everyday scenes (bundled)", summary="for a test", domain="real")


@pytest.mark.parametrize("source, card, name", [
    ("/opt/seekframe/models/real", OWN, "seekframe-everyday"),
    ("openai/clip-vit-base-patch32", CLIP_CARD, "clip-vit-base-patch32"),  # (the CLIP family's shared card)
    ("/home/me/students/s1", UNKNOWN_CARD, "student-1"),
])
def test_loading_loaded_and_switched_say_one_name(source, card, name, monkeypatch):
    monkeypatch.setattr(core.encoders.card, "card_of_source", lambda s: card if s == source else UNKNOWN_CARD)
    shown = SessionStatus(model_name=name, model_source=source, model_card=card).model_title  # (the status bar)
    assert encoder_title(SimpleNamespace(card=card, name=name, source=source)) == shown  # (every switch message)
    assert loading_title(source) in (shown, "")  # ("": the window names it by its folder while it loads)
    if card is not UNKNOWN_CARD:
        assert loading_title(source) == shown


def test_the_dialog_lists_a_bundled_model_by_the_name_the_status_bar_gives_it():
    source = "/opt/seekframe/models/real"
    entry, = model_entries([ModelOption("bundled", source)], [], {source: OWN})
    assert entry.label == SessionStatus(model_name="seekframe-everyday", model_source=source, model_card=OWN).model_title
    unknown, = model_entries([ModelOption("bundled", source)], [], {source: UNKNOWN_CARD})
    assert unknown.label == "Seekframe real-footage model (bundled)"  # (no title of its own: the dialog's words)


def student(title: str) -> ModelCard:
    return ModelCard(title=title, summary="a student for a test", domain="real")


def two_students(tmp_path, monkeypatch):
    """Two exported students of one title, run-1 and run-2 (copies of the demo model), where Seekframe looks for
    local models; returns the demo model's folder."""
    import shutil
    from pathlib import Path

    import core
    from core.encoders.card import write_card

    monkeypatch.setenv("SEEKFRAME_MODELS", str(tmp_path / "models"))
    demo = Path(core.__file__).parent / "resources" / "models" / "demo"
    for name in ("run-1", "run-2"):
        write_card(shutil.copytree(demo, tmp_path / "models" / name), student("Trained student everyday"))
    return demo


def opened_on_run_2(qtbot, tmp_path, monkeypatch, loader, refused=""):
    """A Session opened on run-2 of ``two_students``: each student is the demo model, loaded once a run, at its
    ``source`` (no model loaded anew); a source ending in ``refused`` does not load."""
    from app.session import Session
    from core.errors import ModelError
    from tests.app.conftest import SESSION_TIMEOUT_MS

    demo = two_students(tmp_path, monkeypatch)

    class Named:
        def __init__(self, source):
            if refused and source.endswith(refused):
                raise ModelError("not loaded in this test")
            self.source, self.card, self._demo = source, student("Trained student everyday"), loader(str(demo))

        def __getattr__(self, name):
            return getattr(self._demo, name)

    session = Session(loader=Named)
    with qtbot.waitSignal(session.ready, timeout=SESSION_TIMEOUT_MS):
        session.open(str(tmp_path / "lib"), model_source=str(tmp_path / "models" / "run-2"))
    return session


def test_the_dialog_lists_an_exported_student_by_its_cards_title_as_the_status_bar_does():
    """File › Model… listed a trained student by its folder ("run-7") where the status bar, once it was
    chosen, said "Model: Trained student everyday" (s58 x12)."""
    source = "/home/me/models/run-7"
    entry, = model_entries([ModelOption("exported", source)], [], {source: student("Trained student everyday")})
    shown = SessionStatus(model_name="everyday", model_source=source, model_card=entry.card).model_title
    assert entry.label == shown == "Trained student everyday"
    bare, = model_entries([ModelOption("exported", source)], [], {source: UNKNOWN_CARD})
    assert bare.label == "run-7"  # (no title of its own: its folder)


def test_students_of_one_title_are_told_apart_by_their_folders():
    card = student("Trained student everyday")
    options = [ModelOption("bundled", "/opt/seekframe/models/real"), ModelOption("exported", "/m/run-1"),
               ModelOption("exported", "/m/run-2"), ModelOption("exported", "/other/run-2"),
               ModelOption("exported", "/m/alone")]
    cards = {"/opt/seekframe/models/real": OWN, "/m/run-1": card, "/m/run-2": card, "/other/run-2": card,
             "/m/alone": student("Trained student mine")}
    labels = [e.label for e in model_entries(options, [], cards)]
    assert labels == [OWN.title, "Trained student everyday (run-1)", "Trained student everyday (/m/run-2)",
                      "Trained student everyday (/other/run-2)", "Trained student mine"]
    copied, = [e.label for e in model_entries(options[:1] + [ModelOption("exported", "/m/mine")], [],
                                              {**cards, "/m/mine": OWN}) if e.kind == "exported"]
    assert copied == f"{OWN.title} (mine)"  # (a student of the bundled model's card: the bundled one keeps its name)


def test_two_students_of_one_title_are_named_apart_in_the_status_bar_as_in_the_dialog(tmp_path, monkeypatch):
    """Told apart by their folders in File › Model…, two students of one title were said alike in the status bar
    ("Model: Trained student everyday") and in what a resumed switch says (``loading_title``, ``switch_title``,
    ``library_model_title``) (s60 A#5): each says the dialog's name now (``core.model_titles.listed_title``)."""
    from app.model_names import library_model_title, switch_title
    from core.model_choice import available_models

    two_students(tmp_path, monkeypatch)
    options = [ModelOption(kind, source) for kind, source in available_models()]
    cards = {o.source: core.encoders.card.card_of_source(o.source) for o in options}
    listed = {e.source: e.label for e in model_entries(options, [], cards)}
    run1, run2 = str(tmp_path / "models" / "run-1"), str(tmp_path / "models" / "run-2")
    assert (listed[run1], listed[run2]) == ("Trained student everyday (run-1)", "Trained student everyday (run-2)")
    assert loading_title(run1) == listed[run1] and switch_title({"model_source": run2}) == listed[run2]
    assert library_model_title(SimpleNamespace(model_source=run2, model_id="everyday-1234")) == listed[run2]


def test_the_status_bar_names_a_student_loaded_as_the_dialog_lists_it(qtbot, tmp_path, monkeypatch, loader):
    """The status bar's "Model: …" of a library opened on one of two students of one title (s60 A#5): named as
    File › Model… lists it, "Trained student everyday (run-2)", not as the other one is."""
    session = opened_on_run_2(qtbot, tmp_path, monkeypatch, loader)
    assert session.status.model_title == "Trained student everyday (run-2)", session.status.model_source
    session.close()


def test_the_dialog_lists_a_student_in_use_once_however_its_path_was_typed(tmp_path, monkeypatch):
    """A library's model chosen as ``--model …/run-2/`` (a trailing slash, a link, a relative path) was listed in
    File › Model… twice: as "run-2" and again as a model "in use" that is none of the local ones (rv_2 #1)."""
    import shutil
    from pathlib import Path

    import core
    from app.engine import available_models
    from core.encoders.card import write_card

    monkeypatch.setenv("SEEKFRAME_MODELS", str(tmp_path / "models"))
    demo = Path(core.__file__).parent / "resources" / "models" / "demo"
    run2 = shutil.copytree(demo, tmp_path / "models" / "run-2")
    write_card(run2, student("Trained student everyday"))
    (tmp_path / "link").symlink_to(tmp_path / "models")
    for typed in (f"{run2}/", str(tmp_path / "link" / "run-2")):
        assert [o.kind for o in available_models(typed)].count("in use") == 0, typed
    assert [o.kind for o in available_models(str(tmp_path / "elsewhere"))].count("in use") == 1


def test_a_failed_switch_leaves_the_student_in_use_named_with_its_folder(qtbot, tmp_path, monkeypatch, loader):
    """A switch from one of two students of one title that failed left the status bar naming the student still
    in use "Trained student everyday", its folder gone (the name of the model asked for kept in its place), and
    its error said "The current model (Trained student everyday) stays in use" (rv_2 #3)."""
    from tests.app.conftest import SESSION_TIMEOUT_MS

    session = opened_on_run_2(qtbot, tmp_path, monkeypatch, loader, refused="run-1")  # (run-1 does not load)
    assert session.status.model_title == "Trained student everyday (run-2)"
    errors = []
    session.message.connect(lambda level, text: level == "error" and errors.append(text))
    with qtbot.waitSignal(session.model_switch_failed, timeout=SESSION_TIMEOUT_MS):
        session.switch_model(str(tmp_path / "models" / "run-1"), "Trained student everyday (run-1)")
    assert session.status.model_title == "Trained student everyday (run-2)", session.status.model_source
    assert errors and errors[-1].endswith("The current model (Trained student everyday (run-2)) stays in use."), errors
    session.close()
