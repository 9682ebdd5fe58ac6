"""The session-scoped fixtures (the demo library indexed for the window tests, the colour model trained,
the hub CLIP folders) run before any test's own data home is set (``_isolated_home`` is a test's), so what
they wrote went to the user's: indexing the demo library remembered its model's id in the user's cache
(``~/.cache/seekframe/model-ids.json``, naming a model in a temporary folder). They get a home of the run's
own now (``_session_home``)."""

from __future__ import annotations

import pytest

from core.paths import cache_dir, data_home
from core.scan import is_under


@pytest.fixture(scope="session")
def homes_seen_by_a_session_fixture():
    return data_home(), cache_dir()


def test_a_session_fixture_writes_nothing_in_the_users_home(homes_seen_by_a_session_fixture, tmp_path_factory):
    run = str(tmp_path_factory.getbasetemp())
    home, cache = homes_seen_by_a_session_fixture
    assert is_under(str(home), run) and is_under(str(cache), run), (home, cache, run)
