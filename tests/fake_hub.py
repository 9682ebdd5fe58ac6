"""A Hugging Face hub on localhost for the download tests: the HTTP API that ``huggingface_hub``
(``model_info``, ``snapshot_download``, ``hf_hub_download``) speaks, for one repo, no network.

``serve_hub(monkeypatch, files)`` starts it and points ``huggingface_hub`` at it (its endpoint,
the download URL template, a small download chunk so byte progress arrives in pieces); the
server records the metadata calls and the file bodies it sent, and can break one file's download
(``fail_on``: half the body, then the connection closes).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

REPO = "someone/tiny-clip"
SHA = "0123456789abcdef0123456789abcdef01234567"


def cached_snapshot(cache, repo_id: str, sha: str = SHA):
    """A snapshot of ``repo_id`` as ``huggingface_hub`` leaves one in the cache folder ``cache``
    (a config and weights, ``refs/main`` naming it); returns the snapshot folder."""
    storage = cache / f"models--{repo_id.replace('/', '--')}"
    snap = storage / "snapshots" / sha
    snap.mkdir(parents=True)
    (snap / "config.json").write_text("{}")
    (snap / "model.safetensors").write_bytes(b"x")
    (storage / "refs").mkdir()
    (storage / "refs" / "main").write_text(sha)
    return snap


def content(name: str, size: int) -> bytes:
    """A file's bytes: a config is a JSON object, the rest filler."""
    if name.endswith("model.safetensors.index.json"):
        return b""
    if name.endswith(".json"):
        return b"{" + b" " * max(0, size - 2) + b"}"
    return b"x" * size


class FakeHub:
    def __init__(self, files: dict[str, int], repo: str = REPO, sha: str = SHA):
        self.files, self.repo, self.sha = dict(files), repo, sha
        self.downloads: list[str] = []  # file bodies sent, in order
        self.info_calls = 0  # model_info / repo_info calls
        self.fail_on: str | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # (serve_forever looks for ``stop``'s shutdown every poll_interval: its 0.5 s default was
        # half a second waited at the end of every test using the hub)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                                       daemon=True)

    def start(self) -> "FakeHub":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def etag(self, name: str) -> str:
        return hashlib.sha1(content(name, self.files[name])).hexdigest() + f"-{len(name)}"


def _handler(hub: FakeHub):
    info = re.compile(rf"^/api/models/{re.escape(hub.repo)}(?:/revision/(?P<rev>[^/]+))?$")
    tree = re.compile(rf"^/api/models/{re.escape(hub.repo)}/tree/(?P<rev>[^/]+)(?:/.*)?$")
    resolve = re.compile(rf"^/{re.escape(hub.repo)}/resolve/(?P<rev>[^/]+)/(?P<name>.+)$")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # (a body written after its headers waited ~40 ms for their ACK)

        def log_message(self, *args):  # quiet
            pass

        def _json(self, payload, status: int = 200) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _missing(self) -> None:
            self.send_response(404)
            self.send_header("X-Error-Code", "EntryNotFound")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):  # noqa: N802
            path = unquote(urlparse(self.path).path)
            if info.match(path):
                with hub.lock:
                    hub.info_calls += 1
                self._json({"id": hub.repo, "modelId": hub.repo, "sha": hub.sha, "private": False,
                            "siblings": [{"rfilename": n, "size": s} for n, s in hub.files.items()]})
            elif tree.match(path):
                self._json([{"type": "file", "path": n, "size": s, "oid": hub.etag(n)} for n, s in hub.files.items()])
            elif (m := resolve.match(path)) and m["name"] in hub.files:
                self._file(m["name"], head=False)
            else:
                self._missing()

        def do_HEAD(self):  # noqa: N802
            m = resolve.match(unquote(urlparse(self.path).path))
            if m and m["name"] in hub.files:
                self._file(m["name"], head=True)
            else:
                self._missing()

        def _file(self, name: str, head: bool) -> None:
            data = content(name, hub.files[name])
            broken = hub.fail_on == name and not head
            self.send_response(200)
            self.send_header("X-Repo-Commit", hub.sha)
            self.send_header("ETag", f'"{hub.etag(name)}"')
            if broken:  # no length: the client reads to the close, half the file
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if head:
                return
            with hub.lock:
                hub.downloads.append(name)
            self.wfile.write(data[: len(data) // 2] if broken else data)

    return Handler


def serve_hub(monkeypatch, files: dict[str, int]) -> FakeHub:
    """Start a fake hub serving ``files`` and point ``huggingface_hub`` at it (stop it with
    ``hub.stop()``, or use the tests' ``hub`` fixtures, which do)."""
    from huggingface_hub import hf_api
    from huggingface_hub import constants

    hub = FakeHub(files).start()
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "ENDPOINT", hub.url)
    monkeypatch.setattr(constants, "HUGGINGFACE_CO_URL_TEMPLATE", hub.url + "/{repo_id}/resolve/{revision}/{filename}")
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 64)
    monkeypatch.setattr(hf_api.api, "endpoint", hub.url)  # the module-level model_info's
    return hub
