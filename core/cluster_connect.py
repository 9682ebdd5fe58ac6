"""Reaching the Ray cluster of ``seekframe index --ray`` (``core.cluster``): ``require_ray`` (how to
install the extra where ``ray`` is missing), ``answers`` (whether anything listens at a
``HOST:PORT`` address, asked in a few seconds, before any library is opened: Ray's own connect
retries an address where nothing listens for about a quarter of an hour) and ``connect``, whose
refusal says what to do (nothing there; a cluster that asks for Ray's token)."""

from __future__ import annotations

import logging
import os
import socket
import sys
import warnings

from .errors import SeekframeError

INSTALL_HINT = "Indexing on a Ray cluster needs Ray: pip install 'seekframe[cluster]' (or pip install 'ray[data]')."
# the desktop build (PyInstaller) leaves Ray out: its workers and services run a Python, which a
# frozen app is not, so installing Ray does not help there
FROZEN_HINT = ("The desktop build cannot index on a Ray cluster. Install Seekframe with pip for that: "
               "pip install 'seekframe[cluster]'.")
# Ray 2.60 turns token authentication on for a head started where a token exists (~/.ray/auth_token,
# written by any local ray.init), and a driver given an explicit address sends none unless told to
TOKEN_HINT = ("If the cluster was started with token authentication (Ray does so where ~/.ray/auth_token "
              "exists), give this machine the head's token (its ~/.ray/auth_token, or RAY_AUTH_TOKEN) and set "
              "RAY_AUTH_MODE=token.")
# "auto" finds a cluster this machine belongs to (one started here by ray start); Ray's refusal
# names its own --address flag and RAY_ADDRESS
AUTO_HINT = ("This machine belongs to no running Ray cluster: start one here (ray start --head), or give the "
             "head's address (--ray HOST:PORT); --ray alone starts a local one for this run.")
PROBE_S = 5.0


def require_ray():
    """``ray`` and ``ray.data``, or a SeekframeError that says how to install them."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise SeekframeError(FROZEN_HINT if getattr(sys, "frozen", False) else INSTALL_HINT) from exc
    return ray


def host_port(address: str | None) -> tuple[str, int] | None:
    """``(host, port)`` of an address given as ``HOST:PORT`` (``[v6]:PORT`` too); None for none, "auto",
    "local" or a ``ray://`` one (Ray's client says itself what it cannot reach)."""
    if not address or "://" in address or address in ("auto", "local"):
        return None
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise SeekframeError(f"--ray {address}: give the cluster's address as HOST:PORT (the head's "
                             f"'ray start --head' prints it, port 6379 by default), auto, or nothing for a local one.")
    return host.strip("[]"), int(port)


def answers(address: str | None, timeout_s: float = PROBE_S) -> None:
    """Nothing, where ``address`` is not a ``HOST:PORT`` or something listens there; else a
    SeekframeError that says nothing answers there and what to start. "auto" is the cluster Ray
    finds this machine in (RAY_ADDRESS, else the one last started here), refused where none."""
    shown = address
    if address == "auto":
        try:
            from ray._private.services import canonicalize_bootstrap_address

            found = canonicalize_bootstrap_address("auto")
        except ConnectionError as exc:
            raise SeekframeError(f"Could not reach the Ray cluster at auto: {exc}\n{AUTO_HINT}") from exc
        except Exception:  # (Ray's helper moved or changed: ray.init says it later)
            return
        address, shown = found, f"auto ({found})"
    where = host_port(address)
    if where is None:
        return
    try:
        socket.create_connection(where, timeout=timeout_s).close()
    except OSError as exc:
        why = "no such host" if isinstance(exc, socket.gaierror) else (exc.strerror or type(exc).__name__)
        raise SeekframeError(
            f"No Ray cluster answers at {shown} ({why}). Start its head there (ray start --head "
            f"--port {where[1]}) or give the address it printed; --ray alone starts a local one. "
            "Nothing was indexed.") from exc


def _not_the_token_notice(record: logging.LogRecord) -> bool:
    return record.funcName != "_warn_token_auth_enabled"


def quiet_ray() -> None:
    """Ray's notices that say nothing to a seekframe user, left out of its output; its errors and
    warnings stay. The CLI prints its own progress (Ray Data's, and its "Progress bars disabled",
    off); a local cluster's "Token authentication is enabled" (that cluster is this run's alone);
    and no colour codes round the "(raylet)" lines Ray prints of a worker that died (the CLI's
    streams would show them escaped, ``core.cli_streams``). Ray's C++ log line of its actor pool's
    restarts ("E core_worker.cc: ... constructor arguments in the object store and max_restarts >
    0") has no switch but the level of every C++ error, the head's loss among them: it stays."""
    os.environ.setdefault("RAY_COLOR_PREFIX", "0")  # (read by Ray each time it prints a worker's line)
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
    token = logging.getLogger("ray._private.authentication.authentication_token_setup")
    if _not_the_token_notice not in token.filters:
        token.addFilter(_not_the_token_notice)


def connect(address: str | None, **init_kwargs):
    """Join the cluster at ``address`` ("auto", "HOST:PORT", "ray://HOST:PORT"), or start a local
    one when ``address`` is empty; a session already initialised in this process is kept."""
    ray = require_ray()
    quiet_ray()
    if not ray.is_initialized():
        answers(address)
        try:
            with warnings.catch_warnings():  # the raylet's fork after LanceDB's runtime started
                warnings.filterwarnings("ignore", message=".*fork support is experimental.*")
                ray.init(address=address or "local", include_dashboard=False, log_to_driver=False,
                         configure_logging=False, **init_kwargs)
        except (ConnectionError, RuntimeError, ValueError, ray.exceptions.RayError) as exc:  # (RayError: a token asked for and none here)
            said = f"Could not reach the Ray cluster at {address or 'a new local one'}: {exc}"
            if (isinstance(exc, ConnectionError) and host_port(address)
                    and os.environ.get("RAY_AUTH_MODE", "").lower() != "token"):
                said = f"{said}\n{TOKEN_HINT}"  # (something answers there: the token is the likely cause)
            elif address == "auto" and isinstance(exc, ConnectionError):  # (Ray's words name its own --address)
                said = f"{said}\n{AUTO_HINT}"
            raise SeekframeError(said) from exc
    return ray
