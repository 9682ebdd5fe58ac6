"""``seekframe demo``: write the demo clips and print the queries to try, and how to index them
into a library of their own."""

from __future__ import annotations

from . import cli_args
from .errors import SeekframeError, is_disk_full
from .plural import count
from .timefmt import format_time


def cmd_demo(args) -> int:
    from .demo import DEMO_QUERIES, write_demo
    from .paths import demo_library_dir

    try:
        folder = write_demo(args.out)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where the folder should be
        raise SeekframeError(f"Cannot write the demo clips to {exc.filename}: a file is in the way "
                             "(give another folder with --out).") from None
    except OSError as exc:  # (a full disk: said as the demo's, not as a library's, nor as a fault of Seekframe's)
        if not is_disk_full(exc):
            raise
        import sys

        from .cli_failures import EXIT_DISK_FULL
        from .demo import default_demo_dir
        from .filenames import shown

        where = shown(str(args.out or default_demo_dir()))
        print(f"seekframe: the disk holding {where} is full (or a disk quota or the file size limit was reached). "
              "The demo clips written so far are whole; no library was changed. Free some space (or raise the "
              "limit), then run the same command again.", file=sys.stderr)
        return EXIT_DISK_FULL
    files = sorted({q.file for q in DEMO_QUERIES})
    print(f"Wrote {count(len(files), 'demo clip')} to {folder} (the queries are in {folder / 'QUERIES.md'}).")
    print("Queries to try, and what each should find:")
    for q in DEMO_QUERIES:
        print(f'  "{q.query}"  → {q.file} at {format_time(q.start, 1)}–{format_time(q.end, 1)}')
    library, prog = demo_library_dir(), cli_args.program_name()
    print("The demo clips get a library of their own, indexed with the demo model (it knows only")
    print(f"this generated world; your own videos go in your library, with the real-footage model),\nat {library}:")
    print(f'  {prog} index --library "{library}" "{folder}"')
    print(f'  {prog} search --library "{library}" "{DEMO_QUERIES[0].query}" -k 3')
    return 0
