"""The "its drive or network share does not answer yet" words (``app.wiring.slow_word``) in app tests.

A look at a file or folder in the worker pool that has not answered in ``SLOW_MS`` (250 ms) says in
the status bar what it waits for, in place of what was there. On a loaded 2-core CI machine a starved
pool takes that long with no slow drive at all, and the words came over the ones a test reads
(5dabca8). In app tests the words wait a minute (``_slow_word_a_minute``, autouse through
``tests/app/conftest.py``) unless the test asks for ``slow_word_as_in_the_app``, as the words' own
tests do (``test_preview_watch``, ``test_rescan_notice``) and the tests of a chosen video whose look hangs
(``test_video_faults_app``: such a look clears the preview after ``SLOW_MS``)."""

from __future__ import annotations

import pytest

A_MINUTE_MS = 60_000


@pytest.fixture(autouse=True)
def _slow_word_a_minute(request, monkeypatch):
    if "slow_word_as_in_the_app" not in request.fixturenames:
        import app.wiring.slow_word

        monkeypatch.setattr(app.wiring.slow_word, "SLOW_MS", A_MINUTE_MS)


@pytest.fixture
def slow_word_as_in_the_app():
    """A slow look is said after ``app.wiring.slow_word.SLOW_MS`` as in the app (250 ms)."""
    import app.wiring.slow_word

    return app.wiring.slow_word.SLOW_MS
