"""The search field's placeholder fits the field: at 853 px (a 1280 x 720 laptop at 150 %) the field
is at its 20-character minimum and Qt cut the hint mid-example ("Describe a moment, e.g. a d…",
narrower "Describe a m…"), which reads as a half-typed query. The field now shows the whole hint
where it fits, else its instruction alone, else one word (app.fitted_placeholder)."""

from __future__ import annotations

from app.search_hints import FIELD_INSTRUCTION
from tests.app.test_captions_title_fits import settle


def _wide(qtbot, window) -> None:
    window.resize(1800, 800)
    qtbot.waitUntil(lambda: window.width() == 1800, timeout=10_000)
    settle(qtbot)


def _fits(field, fitted, text: str) -> bool:
    return field.fontMetrics().horizontalAdvance(text) <= fitted.room()


def test_the_field_shows_the_longest_form_of_its_hint_that_fits(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    panel = window.search_panel
    field, fitted = panel.field, panel.placeholder
    whole = fitted.whole
    assert whole.startswith(FIELD_INSTRUCTION + ", e.g. ")

    _wide(qtbot, window)
    assert _fits(field, fitted, whole) and field.placeholderText() == whole

    metrics = field.fontMetrics()
    between = (metrics.horizontalAdvance(whole) + metrics.horizontalAdvance(FIELD_INSTRUCTION)) // 2
    field.setFixedWidth(between + field.width() - fitted.room())  # (room for the instruction, not the example)
    settle(qtbot)
    assert metrics.horizontalAdvance(whole) > field.contentsRect().width()  # (Qt would cut it)
    assert field.placeholderText() == FIELD_INSTRUCTION

    field.setFixedWidth(metrics.horizontalAdvance(FIELD_INSTRUCTION) // 2 + field.width() - fitted.room())
    settle(qtbot)
    assert field.placeholderText() == "Search" and _fits(field, fitted, "Search")

    field.setMinimumWidth(0)
    field.setMaximumWidth(16_777_215)
    qtbot.waitUntil(lambda: field.placeholderText() == whole, timeout=10_000)  # (room again: whole)


def test_what_the_field_shows_is_never_cut_at_the_windows_minimum(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    window.resize(window.minimumSizeHint().width(), 600)
    settle(qtbot)
    field, fitted = window.search_panel.field, window.search_panel.placeholder
    field.resize(field.minimumWidth(), field.height())
    assert _fits(field, fitted, field.placeholderText()), (field.placeholderText(), fitted.room())


def test_a_new_model_s_hint_is_fitted_too(qtbot, make_app_window, demo_library):
    window = make_app_window(demo_library)
    window.show_search()
    _wide(qtbot, window)
    fitted = window.search_panel.placeholder
    fitted.set(FIELD_INSTRUCTION + ", e.g. " + "a very long example " * 20)
    assert window.search_panel.field.placeholderText() == FIELD_INSTRUCTION
    fitted.set(FIELD_INSTRUCTION + ", e.g. a cat")
    assert window.search_panel.field.placeholderText() == FIELD_INSTRUCTION + ", e.g. a cat"
