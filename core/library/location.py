"""Where a library is: a folder on this machine, or a URI LanceDB opens (``file://``, ``s3://``,
``gs://``, ``az://``, ``abfss://``), and the small files beside its tables read from there.

A folder is read with plain file calls (nothing imported: the writer lock is taken before any
heavy module); a URI through ``pyarrow.fs`` (LanceDB's own dependency), with the credentials
LanceDB reads from the environment. A library given by URI is only ever read: a writer needs the
library's lock, a file lock that only a folder gives.
"""

from __future__ import annotations

import os
from pathlib import Path

from core.errors import LibraryError, ReadOnlyLibraryError
from core.paths import is_uri, unstorable_text
from core.regular_file import NotAFile, read_regular  # noqa: F401 (the library's modules take them from here)

SCHEMES = ("file", "s3", "gs", "az", "abfss")  # LanceDB's object stores that pyarrow.fs also reads
_IN_MEMORY = ("memory", "shared-memory")


def read_only_message(where) -> str:
    """Why a library given by URI cannot be changed, and where to change it."""
    return (f"The library {where} is given as a URI, so it is opened read-only: search, similar "
            "clips, captions and status work, but changing it needs the library's writer lock, "
            "which only a folder gives (an object store has none). Index on a machine that has the "
            "library's folder mounted (--library /path/to/library), then upload the folder again.")


class Location:
    """A library's place: ``root`` is its folder (a ``Path``) or its URI (a ``str``, no trailing
    slash); ``is_uri`` tells which. Names below it are joined with ``/`` either way."""

    def __init__(self, where):
        if isinstance(where, Location):  # the same place, its filesystem kept (an S3 one asked for its region)
            self.__dict__.update(where.__dict__)
            return
        text = str(where)
        self.is_uri = is_uri(text)
        self._fs = None
        if not self.is_uri:  # (a folder's name is taken as it is, spaces included)
            self.root: Path | str = Path(text).expanduser().absolute()
            if said := unstorable_text(self.root):  # (LanceDB takes UTF-8 names only)
                raise LibraryError(said)
            return
        text = text.strip()
        scheme, rest = text.split("://", 1)
        scheme = scheme.lower()
        self.root = f"{scheme}://{rest}".rstrip("/")
        if scheme in _IN_MEMORY:
            raise LibraryError(f"{text}: an in-memory store holds nothing another process wrote, so "
                               "no library can be there. Give a library folder, or the URI of one "
                               "uploaded to an object store (s3://, gs://, az://).")
        if scheme not in SCHEMES or not rest.strip("/"):
            raise LibraryError(f"{text} is not a library location Seekframe can read: give a folder, "
                               f"or a URI starting with {', '.join(s + '://' for s in SCHEMES)} "
                               "followed by the library's path.")

    def __str__(self) -> str:
        return str(self.root)

    def join(self, name: str) -> str:
        """The path or URI of ``name`` inside the library (what LanceDB is given for its tables)."""
        return f"{self.root}/{name}" if self.is_uri else str(self.root / name)

    def check_writable(self) -> None:
        if self.is_uri:
            raise ReadOnlyLibraryError(read_only_message(self.root))

    def read_bytes(self, name: str) -> bytes:
        """The file's bytes; FileNotFoundError when it is not there. Another failure to reach a
        URI (no network, no credentials) is a LibraryError saying so."""
        if not self.is_uri:
            return read_regular(self.root / name)
        fs, path = self._filesystem(name)
        try:
            with fs.open_input_stream(path) as f:
                return f.read()
        except FileNotFoundError:
            raise
        except _errors() as e:
            if self._kind(name) == "missing":
                raise FileNotFoundError(self.join(name)) from None
            raise _unreachable(self.root, e) from None

    def exists(self, name: str) -> bool:
        return (self.root / name).exists() if not self.is_uri else self._kind(name) != "missing"

    def is_file(self, name: str) -> bool:
        return (self.root / name).is_file() if not self.is_uri else self._kind(name) == "file"

    def is_dir(self, name: str) -> bool:
        return (self.root / name).is_dir() if not self.is_uri else self._kind(name) == "dir"

    def names(self, name: str) -> list[str]:
        """The names in the folder ``name`` of the library ([] where it is not there)."""
        if not self.is_uri:
            try:
                return os.listdir(self.root / name)
            except FileNotFoundError:
                return []
        from pyarrow import fs as pafs

        fs, path = self._filesystem(name)
        try:
            infos = fs.get_file_info(pafs.FileSelector(path.rstrip("/"), allow_not_found=True))
        except _errors() as e:
            raise _unreachable(self.root, e) from None
        return [i.base_name for i in infos]

    def size_bytes(self) -> int:
        """The bytes of every file of the library."""
        if not self.is_uri:
            size = 0
            for dirpath, _, files in os.walk(self.root):
                for f in files:
                    try:
                        size += os.path.getsize(os.path.join(dirpath, f))
                    except OSError:
                        pass
            return size
        from pyarrow import fs as pafs

        fs, path = self._filesystem("")
        try:
            infos = fs.get_file_info(pafs.FileSelector(path.rstrip("/"), recursive=True, allow_not_found=True))
        except _errors() as e:
            raise _unreachable(self.root, e) from None
        return sum(i.size or 0 for i in infos if i.type == pafs.FileType.File)

    def _kind(self, name: str) -> str:
        from pyarrow import fs as pafs

        fs, path = self._filesystem(name)
        try:
            kind = fs.get_file_info(path).type
        except _errors() as e:
            raise _unreachable(self.root, e) from None
        return {pafs.FileType.File: "file", pafs.FileType.Directory: "dir"}.get(kind, "missing")

    def _filesystem(self, name: str):
        """(pyarrow filesystem, path of ``name`` in it) for a URI."""
        if self._fs is None:
            self._fs = _filesystem(self.root)
        fs, base = self._fs
        return fs, f"{base.rstrip('/')}/{name}" if name else base


def _unreachable(where, e: Exception) -> LibraryError:
    return LibraryError(f"Cannot read the library at {where} ({e}). Check the URI, the network and the "
                        "credentials in the environment (as LanceDB reads them: AWS_*, GOOGLE_*, "
                        "AZURE_STORAGE_* variables).")


def _errors() -> tuple:
    """What pyarrow.fs raises for a store it cannot reach or read (its own error, when the
    cloud's SDK fails before a request, is neither an OSError nor a ValueError)."""
    from pyarrow import ArrowException

    return OSError, ValueError, ArrowException


def _filesystem(uri: str):
    """The ``pyarrow.fs`` filesystem of ``uri`` and the library's path in it. The URI is read as
    LanceDB reads it: its path taken as written (a space is a space, not ``%20``). S3 and Azure
    are built from the environment LanceDB reads (region and endpoint; the account), GCS with
    its retries bounded (it retries for minutes on a machine that is offline)."""
    from pyarrow import fs as pafs

    scheme, rest = uri.split("://", 1)
    env = os.environ.get
    try:
        if scheme == "file":
            if not rest.startswith("/"):
                raise LibraryError(f"{uri}: a file:// URI takes an absolute path, as in file:///mnt/library.")
            return pafs.LocalFileSystem(), rest
        if scheme == "s3":
            endpoint = env("AWS_ENDPOINT_URL") or env("AWS_ENDPOINT") or ""
            http, _, host = endpoint.rpartition("://")
            region = env("AWS_REGION") or env("AWS_DEFAULT_REGION") or None
            if region is None and not endpoint:
                region = pafs.resolve_s3_region(rest.split("/", 1)[0])
            return pafs.S3FileSystem(region=region, endpoint_override=host or None, scheme=http or "https"), rest
        if scheme == "gs":
            from datetime import timedelta

            return pafs.GcsFileSystem(retry_time_limit=timedelta(seconds=15)), rest
        # az://CONTAINER/PATH (the account from the environment), abfss://CONTAINER@ACCOUNT.dfs…/PATH
        container, _, path = rest.partition("/")
        container, _, host = container.partition("@")
        account = host.split(".", 1)[0] if scheme == "abfss" else env("AZURE_STORAGE_ACCOUNT_NAME")
        if not account:
            raise LibraryError(f"{uri}: set AZURE_STORAGE_ACCOUNT_NAME (and AZURE_STORAGE_ACCOUNT_KEY, or "
                               "sign in with the Azure CLI) to read an az:// library, as for LanceDB.")
        fs = pafs.AzureFileSystem(account_name=account, account_key=env("AZURE_STORAGE_ACCOUNT_KEY") or None)
        return fs, f"{container}/{path}"
    except _errors() as e:
        raise _unreachable(uri, e) from None
