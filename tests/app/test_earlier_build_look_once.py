"""The status reader asked ``app.earlier_build.look`` at every status read (every 5 s, every 0.7 s
while a run goes), and each worked the answer out again: two path resolutions and a stat, and for a
library on an earlier build a listing of the kept builds and their build.json reads (s54 end
review), though it changes only with the library's (source, model id) or an upgrade of the bundled
models. It is now worked out once for each, and again after an upgrade."""

from __future__ import annotations

from app import earlier_build
from core import earlier_builds
from tests.test_earlier_builds import _bound, resources, upgrade  # noqa: F401 (a fixture)


def _counted(monkeypatch):
    calls = []
    for name in ("bundled_name", "kept_ids"):
        real = getattr(earlier_builds, name)
        monkeypatch.setattr(earlier_builds, name, lambda *a, _real=real, _name=name: calls.append(_name) or _real(*a))
    return calls


def test_each_status_read_does_not_work_the_earlier_build_out_again(resources, tmp_path, monkeypatch):  # noqa: F811
    old, new = upgrade(resources)
    lib = _bound(tmp_path / "earlier", old, str(resources))
    try:
        calls = _counted(monkeypatch)
        assert earlier_build.look(lib) == (old, new, str(resources))
        worked_out = len(calls)
        assert worked_out >= 2  # (the first read works it out: bundled_name, kept_ids)
        for _ in range(5):
            assert earlier_build.look(lib) == (old, new, str(resources))
        assert len(calls) == worked_out
        upgrade(resources)  # (another rebuild in place: the answer is worked out again, a newer build)
        assert earlier_build.look(lib)[1] == earlier_builds.current_id("real") != new
        assert len(calls) > worked_out
    finally:
        lib.close(optimize=False)
