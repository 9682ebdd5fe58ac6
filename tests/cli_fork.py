"""``seekframe ARGS`` in a process of its own, forked from the warm parent of ``tests.cli_zygote``
(LanceDB, pyarrow and ``core.cli`` imported there once) instead of a new interpreter that imports them
again: for tests whose process boundary is a bound on a hang (killed after ``timeout``), not a cold
start. Answers as ``tests.cli_proc.run_cli_process`` does (``subprocess.run``'s ``CompletedProcess``,
``TimeoutExpired`` past ``timeout``).

    said = run_cli_forked("status", "--library", lib, timeout=60)
    assert said.returncode == 2 and "damaged" in said.stderr
"""

from __future__ import annotations

import os
import subprocess
import tempfile

from tests.cli_zygote import run_probe

# the child's stdout to the file named by its first argument, then the command on the rest, ended as
# ``python -m core.cli ARGS`` ends (``sys.exit(main())``)
PROBE = ("import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600); "
         "os.dup2(fd, 1); os.close(fd); from core.cli import main; sys.exit(main(sys.argv[2:]))")


def run_cli_forked(*args, timeout: float = 240) -> subprocess.CompletedProcess:
    argv = [str(a) for a in args]
    with tempfile.TemporaryDirectory(prefix="seekframe-out-") as tmp:
        out = os.path.join(tmp, "stdout")
        code, err = run_probe(PROBE, out, *argv, timeout=timeout)
        try:
            with open(out, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except FileNotFoundError:  # (killed before it opened the file)
            text = ""
    if code is None:
        raise subprocess.TimeoutExpired(argv, timeout, output=text, stderr=err)
    return subprocess.CompletedProcess(argv, code, text, err)
