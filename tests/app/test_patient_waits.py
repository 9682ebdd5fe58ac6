"""App tests wait for a worker's answer longer than pytest-qt's 5 s default (tests/app/conftest.py's
``_patient_waits``): on a loaded CI machine a worker answered late, and such a wait failed a test whose
behaviour was right. A timeout the test names is kept."""

from PySide6.QtCore import QObject, Signal

from tests.app.conftest import PATIENT_WAIT_MS, patient


class _Emitter(QObject):
    done = Signal()


def test_qtbot_waits_without_a_timeout_wait_patiently(qtbot):
    emitter = _Emitter()
    blocker = qtbot.waitSignal(emitter.done)
    assert blocker.timeout == PATIENT_WAIT_MS
    several = qtbot.waitSignals([emitter.done])
    assert several.timeout == PATIENT_WAIT_MS
    callback = qtbot.waitCallback()
    assert callback.timeout == PATIENT_WAIT_MS
    emitter.done.emit()
    blocker.wait()
    several.wait()
    callback()
    callback.wait()


def test_a_named_timeout_is_kept(qtbot):
    emitter = _Emitter()
    assert qtbot.waitSignal(emitter.done, timeout=300, raising=False).timeout == 300


def test_wait_until_gets_the_patient_default_and_keeps_a_named_one():
    seen = []

    def wait(self, callback, *, timeout=5000):
        seen.append(timeout)

    patient(wait)(None, lambda: True)
    patient(wait)(None, lambda: True, timeout=250)
    assert seen == [PATIENT_WAIT_MS, 250]
