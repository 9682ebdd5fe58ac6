"""``as_radio``: checkable tool buttons that are one choice of several (the search's Moments and
Videos, in an exclusive group) read as radio buttons. Qt names every checkable tool button a check
box, so a screen reader said "Moments, check box, checked" and "Videos, check box, not checked",
as if both could be on; a radio button says one of them is the choice. Their look, their keys
(Ctrl+1 and Ctrl+2, Tab, Space, the arrows within the group) stay the tool button's.

Qt asks the accessibility factories for a widget's interface by its classes' names, the most
derived first: this module's factory answers for a button marked by ``as_radio`` (before Qt's own
answers for QToolButton) with a ``RadioFace``, Qt's generic widget interface with the radio button's
role, the button's words and its checked state."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget

MARK = "seekframe_radio"  # (the dynamic property as_radio sets)
_installed = False


class RadioFace(QAccessibleWidget):
    """A checkable button as assistive technology sees a radio button."""

    def __init__(self, button: QAbstractButton):
        super().__init__(button, QAccessible.Role.RadioButton)
        self._button = button

    def text(self, kind):
        if kind == QAccessible.Text.Name and not self._button.accessibleName():
            return self._button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        return super().text(kind)

    def state(self):
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        return state

    def actionNames(self):  # noqa: N802 - Qt's name
        return [QAccessibleActionInterface.pressAction(), *super().actionNames()]

    def doAction(self, name: str) -> None:  # noqa: N802 - Qt's name
        if name == QAccessibleActionInterface.pressAction():
            self._button.click()
        else:
            super().doAction(name)


def _factory(class_name: str, obj):
    if class_name == type(obj).__name__ and isinstance(obj, QAbstractButton) and obj.property(MARK):
        return RadioFace(obj)
    return None


def as_radio(*buttons: QAbstractButton) -> None:
    """Have ``buttons`` (checkable, one choice of several) read as radio buttons; before any
    interface of theirs is asked for (Qt keeps the first)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    for button in buttons:
        button.setProperty(MARK, True)
