"""FileMemo: the one per-process memory of whole-file reads (a timeline's scan and steadiness, an
Ogg chain's pages): asked once per file version, again once the file changes, bounded."""

from __future__ import annotations

import os

import pytest

from core.file_memo import FileMemo


def test_an_answer_is_worked_out_once_per_file_version_and_extra_facts(tmp_path):
    path, calls = tmp_path / "a.ts", []
    path.write_bytes(b"x" * 10)
    memo = FileMemo()

    def work(st):
        calls.append(st.st_size)
        return len(calls)

    assert memo.get(path, work) == memo.get(str(path), work) == 1  # (the same file by any name)
    assert memo.get(path, work, "other stream") == 2
    path.write_bytes(b"x" * 11)  # changed: asked again
    assert memo.get(path, work) == 3 and calls == [10, 10, 11]
    os.utime(path, ns=(1, 1))  # (same size, another modification time)
    assert memo.get(path, work) == 4


def test_the_oldest_answer_goes_past_the_bound_and_a_failure_is_not_kept(tmp_path):
    memo, calls = FileMemo(kept=2), []
    files = [tmp_path / f"{i}.ts" for i in range(3)]
    for f in files:
        f.write_bytes(b"x")
        memo.get(f, lambda st, f=f: calls.append(f.name))
    assert len(memo.answers) == 2
    memo.get(files[2], lambda st: calls.append("again"))  # (kept)
    memo.get(files[0], lambda st: calls.append("again"))  # (dropped: asked again)
    assert calls == ["0.ts", "1.ts", "2.ts", "again"]

    def fails(st):
        raise ValueError("unreadable")

    with pytest.raises(ValueError):
        memo.get(files[1], fails, "x")
    assert memo.get(files[1], lambda st: "read", "x") == "read"
    with pytest.raises(OSError):
        memo.get(tmp_path / "gone.ts", lambda st: None)


def test_workers_asking_at_once_never_fail_on_each_others_answers(tmp_path):
    """Thumbnails and probes ask from several worker threads: two dropping the oldest answer at
    once made one fail (KeyError), and a thread could lose the answer it had just kept."""
    import sys
    import threading
    import time

    class Yielding(dict):
        """The memo's answers, handing the thread over before each read and drop: the moments
        where another worker could come in (the old code failed here on every run, in well under
        a second; the memo's lock keeps the others out meanwhile)."""

        def __getitem__(self, key):
            time.sleep(0)
            return super().__getitem__(key)

        def __delitem__(self, key):
            time.sleep(0)
            super().__delitem__(key)

    paths = []
    for i in range(40):
        (tmp_path / f"f{i}").write_text("x" * i)
        paths.append(tmp_path / f"f{i}")
    sizes = {p: p.stat().st_size for p in paths}
    memo, errors, wrong = FileMemo(kept=2), [], []
    memo.answers = Yielding()

    def ask(k):
        try:
            for j in range(1500):
                p = paths[(j * 7 + k) % 40]
                if memo.get(p, lambda st: st.st_size) != sizes[p]:
                    wrong.append(p)
        except Exception as e:  # noqa: BLE001 - what a worker would have failed with
            errors.append(repr(e))

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # (threads switch often)
    try:
        threads = [threading.Thread(target=ask, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(before)
    assert not errors and not wrong, errors[:2]
