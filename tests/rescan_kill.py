"""The ``seekframe index`` a crash step of ``tests.rescan_world`` kills: a child process (the fake
encoder, as in the world's own runs) that SIGKILLs itself as it starts its ``nth`` write to the
library (a ``Connection.writing`` block: settings, the stopped-run record, the cheap changes, each
video's commit, the run's end; and each LanceDB table write and ``library.json`` write within
one: a commit's moments written, its videos not yet), so that a seed's kill lands at the same point on
every machine, however loaded. Its files are decoded one at a time and each finished video
committed at once (``IndexOptions``: one decode worker, no batching in time), which makes the order
of its writes the plan's, not the clock's. A run with fewer writes ends by itself ("done").

A *torn* kill (``torn``: one of ``TORN``) lands inside one LanceDB commit instead, the first
single-commit table write at or after the ``nth`` point: LanceDB (native code, no hook of its own)
writes a commit's data, deletion and index files, then its transaction file, then its version file
(``_versions/*.manifest``), then the version hint; the write is let run, what it wrote after the
stage named is taken back (``tear``), and the child is killed: the files a kill at that instant
leaves, at the same commit on every machine.

    code, err = run_probe(probe(3), "index", "--library", lib, "-q")   # (tests.cli_zygote: a warm fork)
    code, err = run_probe(probe(3, torn="data"), "index", "--library", lib, "-q")
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import sys

writes = [0]  # (the child's writes so far)
TABLE_WRITES = ("add", "delete", "update", "merge_insert", "optimize", "compact_files", "create_index",
                "create_scalar_index", "cleanup_old_versions")
# the writes that make one commit (``optimize`` makes several and prunes old versions after them;
# ``cleanup_old_versions`` commits nothing): a torn kill lands in one of these
ONE_COMMIT = ("add", "delete", "update", "merge_insert", "compact_files", "create_index", "create_scalar_index")
# (``merge_insert`` returns a builder: its commit is the builder's ``execute``, ``LanceTable._do_merge``)
# how far the torn commit got: its data files only; its transaction file too; its version file too,
# the version hint still the one before
TORN = ("data", "txn", "version")
HINT = "latest_version_hint.json"


def probe(nth: int, torn: str = "") -> str:
    """The child's script (``tests.cli_zygote.run_probe``'s, or ``tests.cli_proc.start_cli``'s ``probe``):
    ``main(nth, its arguments, torn)``."""
    assert torn in ("", *TORN), torn
    return (f"import sys; from tests.rescan_kill import main; "
            f"sys.exit(main({int(nth)}, sys.argv[1:], {torn!r}))")


def snapshot(table: str) -> tuple[set[str], bytes | None]:
    """A table folder's version and transaction files, and its version hint's bytes (None: none)."""
    names = set()
    for sub in ("_versions", "_transactions"):
        with contextlib.suppress(FileNotFoundError):
            names |= {os.path.join(sub, n) for n in os.listdir(os.path.join(table, sub))}
    try:
        with open(os.path.join(table, "_versions", HINT), "rb") as f:
            hint = f.read()
    except FileNotFoundError:
        hint = None
    return names, hint


def tear(table: str, before: tuple[set[str], bytes | None], torn: str) -> list[str]:
    """Take back what a commit wrote after the stage ``torn`` (``TORN``): the files a kill there
    leaves. Returns the files taken back (the hint put back as it was counts as one)."""
    names, hint = before
    hint_path = os.path.join(table, "_versions", HINT)
    now, taken = snapshot(table), []
    if now[1] != hint:  # (the hint is written last)
        if hint is None:
            os.remove(hint_path)
        else:
            with open(hint_path, "wb") as f:
                f.write(hint)
        taken.append(hint_path)
    gone = {"data": ("_versions", "_transactions"), "txn": ("_versions",), "version": ()}[torn]
    for name in sorted(now[0] - names):
        if name.split(os.sep)[0] in gone and os.path.basename(name) != HINT:
            os.remove(os.path.join(table, name))
            taken.append(os.path.join(table, name))
    return taken


def main(nth: int, argv: list[str], torn: str = "") -> int:
    from core.library.lancedb_import import lancedb  # noqa: F401  (first: lancedb without its REST client's
    from lancedb.table import LanceTable  # eager imports, as the command itself imports it; 2 s a child)

    import core.cli
    import core.indexer
    from core.library import meta as meta_io
    from core.library.connection import Connection
    from tests.fakes import ColourMeanEncoder

    core.cli._load_encoder = lambda *a, **k: ColourMeanEncoder()
    made = core.indexer.MomentIndexer.__init__

    def one_at_a_time(self, library, encoder, options=None):
        options = dataclasses.replace(options or core.indexer.IndexOptions(), decode_workers=1,
                                      commit_every_s=0.0, commit_videos=1)
        made(self, library, encoder, options)

    core.indexer.MomentIndexer.__init__ = one_at_a_time
    writing = Connection.writing
    writes[0] = 0

    def step(one_commit: bool = False) -> bool:
        """Count a write point; kill here (a plain kill), or say to tear this commit (a torn one)."""
        writes[0] += 1
        if not torn and writes[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return bool(torn) and one_commit and writes[0] >= nth

    @contextlib.contextmanager
    def counted(self):
        if self._depth == 0:  # (an outermost block: the indexing thread's, one at a time)
            step()
        with writing(self):
            yield

    Connection.writing = counted
    due = [False]  # (a merge_insert to tear: at its builder's execute)
    for name in TABLE_WRITES:  # (and within a block: a commit's moments written, its videos not yet)
        setattr(LanceTable, name, _counting(getattr(LanceTable, name), step, torn if name in ONE_COMMIT else "",
                                            due if name == "merge_insert" else None))
    LanceTable._do_merge = _counting(LanceTable._do_merge, lambda one: due[0], torn)
    meta_io.write_meta = _counting(meta_io.write_meta, step)
    return core.cli.main(argv)


def _counting(fn, step, torn: str = "", due: list | None = None):
    """``fn`` counted as a write point by ``step``; where ``step`` says to tear it (``torn``), its
    commit torn and the child killed, or, with ``due``, the commit that follows (marked there)."""
    def counted(*args, **kwargs):
        if not step(bool(torn)):
            return fn(*args, **kwargs)
        if due is not None:
            due[0] = True
            return fn(*args, **kwargs)
        table = _folder(args[0])
        before = snapshot(table)
        fn(*args, **kwargs)  # (the commit whole, then what came after ``torn`` taken back)
        taken = tear(table, before, torn)
        print(f"torn: {fn.__name__} of {os.path.basename(table)} ({torn}: {len(taken)} taken back)",
              file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return counted


def _folder(table) -> str:
    """A local LanceDB table's folder."""
    return os.path.join(table._conn.uri.removeprefix("file://"), f"{table.name}.lance")
