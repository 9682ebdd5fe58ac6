"""The ``seekframe index`` a crash step of ``tests.rescan_world`` kills: a child process (the fake
encoder, as in the world's own runs) that SIGKILLs itself as it starts its ``nth`` write to the
library (a ``Connection.writing`` block: settings, the stopped-run record, the cheap changes, each
video's commit, the run's end; and each LanceDB table write and ``library.json`` write within
one: a commit's moments written, its videos not yet), so that a seed's kill lands at the same point on
every machine, however loaded. Its files are decoded one at a time and each finished video
committed at once (``IndexOptions``: one decode worker, no batching in time), which makes the order
of its writes the plan's, not the clock's. A run with fewer writes ends by itself ("done").

    proc = start_cli("index", "--library", lib, "-q", probe=probe(3))
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal

writes = [0]  # (the child's writes so far)
TABLE_WRITES = ("add", "delete", "update", "merge_insert", "optimize", "compact_files", "create_index",
                "create_scalar_index", "cleanup_old_versions")


def probe(nth: int) -> str:
    """The child's script (``tests.cli_proc.start_cli``'s ``probe``): ``main(nth, its arguments)``."""
    return f"import sys; from tests.rescan_kill import main; sys.exit(main({int(nth)}, sys.argv[1:]))"


def main(nth: int, argv: list[str]) -> int:
    from lancedb.table import LanceTable

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

    def step():
        writes[0] += 1
        if writes[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)

    @contextlib.contextmanager
    def counted(self):
        if self._depth == 0:  # (an outermost block: the indexing thread's, one at a time)
            step()
        with writing(self):
            yield

    Connection.writing = counted
    for name in TABLE_WRITES:  # (and within a block: a commit's moments written, its videos not yet)
        setattr(LanceTable, name, _counting(getattr(LanceTable, name), step))
    meta_io.write_meta = _counting(meta_io.write_meta, step)
    return core.cli.main(argv)


def _counting(fn, step):
    def counted(*args, **kwargs):
        step()
        return fn(*args, **kwargs)
    return counted
