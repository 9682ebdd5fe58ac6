"""How much of a model each command loads, and when: ``search``, ``note`` and ``captions-import``
only the text side (``core.encoders.text_side``: no torch for the bundled models); ``similar`` none
(the library's own vectors; its card alone, ``library_card``, for its thresholds), ``captions`` its card alone where a run before kept what its calibration
embeds (``caption_side``), else the text side; ``index`` the model's video side, only once there
are files to embed (``DeferredEncoder``; ``core.encoders.video_side``: its text side only when
captions need embedding, the whole model the first time its files are used), and a re-scan that
would change nothing runs on the library's snapshot without LanceDB (``noop_rescan``).
"""

from __future__ import annotations

import sys

from .errors import ModelError, SeekframeError


def text_encoder(args, lib, same_model: bool = True):
    """The text side of the library's model (or ``--model``): what embedding texts needs; ``same_model``:
    refused where it is another model than the library's (``other_model_text``: its vectors would be
    compared with another's; ``captions`` lists them unlabelled instead)."""
    from .encoders.text_side import load_text_encoder
    from .model_choice import choose_model
    from .timings import span

    if lib.meta_problems:  # (library.json of another model than the vectors': a query would be embedded wrong)
        from .errors import LibraryError
        from .library.reconcile import REPAIR

        raise LibraryError(f"The library {lib.root} is inconsistent: " + "; ".join(lib.meta_problems) + ". " + REPAIR)
    source = choose_model(getattr(args, "model", None), lib.meta.model_source, lib.root, lib.meta.model_id)
    with span("text_tower"):
        encoder = load_text_encoder(source, device=getattr(args, "device", None))
    library_model = lib.meta.model_id
    if same_model and library_model and encoder.model_id and encoder.model_id != library_model:
        raise SeekframeError(other_model_text(lib, encoder.model_id, getattr(args, "model", None)))
    return encoder


def other_model_text(lib, loaded: str, typed) -> str:
    """Why a command refuses the model it loaded (``loaded``, its id): the library was indexed with another;
    what to do, in the words of what the user typed (``typed``: --model, None where the library's own
    model folder, or the default, holds another model by now)."""
    import shlex

    from .earlier_builds import library_text  # (a bundled model an upgrade rebuilt: its own words)
    from .filenames import shown

    library_model, source = lib.meta.model_id, lib.meta.model_source
    if said := library_text(source, library_model):
        return said
    indexed = f"This library was indexed with model {library_model}{f' ({shown(source)})' if source else ''}"
    if typed:
        return (f"{indexed}, but --model {shown(str(typed))} is model {loaded}. Search it with its own model (leave "
                f"out --model), or re-index it with this one: `seekframe index --reindex --model "
                f"{shlex.quote(shown(str(typed)))}` (a plain --reindex keeps its model).")
    holds = f"its model folder {shown(source)} holds" if source else "the model loaded by default is"
    again = f"`seekframe index --reindex --model {shlex.quote(shown(source))}`" if source else \
        "`seekframe index --reindex --model MODEL_FOLDER`"
    return (f"{indexed}, but {holds} another model by now ({loaded}). Search it with a folder holding its own "
            f"model (--model FOLDER), or re-index it with this one: {again}.")


def caption_side(args, lib):
    """What ``seekframe captions`` needs of the library's model (or ``--model``) to label its captions
    by the card's calibration, as ``text_encoder`` gives it: its id and card alone (``CardSide``)
    where a run before kept the calibration's queries about nothing embedded by it (a search, or
    a captions run before: ``calibration.cached_null_vectors``); the captions' and moments' vectors
    are the library's. Loading the text side made the command 1.6-2.3 -> 3.6-4.5 s and 208 -> 375 MB."""
    from .calibration import cached_null_vectors
    from .encoders import model_ids
    from .encoders.card import read_card
    from .encoders.sources import resolve_source
    from .model_choice import choose_model

    if not lib.meta_problems:
        try:
            source = choose_model(getattr(args, "model", None), lib.meta.model_source, lib.root, lib.meta.model_id)
            folder = resolve_source(source)
            model_id = model_ids.known(source, folder)
            null = cached_null_vectors(model_id)
            if null is not None:
                return CardSide(model_id, read_card(folder), null, lambda: text_encoder(args, lib, False))
        except (SeekframeError, OSError):  # (text_encoder says what is wrong)
            pass
    return text_encoder(args, lib, same_model=False)  # (another model: ``cli_library._text_side`` unlabels)


def library_card(args, lib):
    """The card of the library's model (or ``--model``), read off its folder without loading it, for
    ``seekframe similar``'s labels (its ``similar_calibration``); None where it cannot be read or is
    not the model that made the library's vectors (its thresholds would label them wrongly). Never the
    network: a hub model's card is read off its snapshot in the local cache when complete (``card_folder``), none there (a cache
    cleared, a library made on another machine) no card; a command that loads no model downloads none."""
    from .encoders import model_ids
    from .encoders.card import card_folder, read_card
    from .model_choice import choose_model

    if lib.meta_problems:
        return None
    typed = getattr(args, "model", None)
    try:
        source = choose_model(typed, lib.meta.model_source, lib.root, lib.meta.model_id)
        folder = card_folder(source)  # (``card_of_source``'s: a hub snapshot half downloaded is none)
        if folder is None:
            return unlabelled(typed, NO_MODEL_HERE)
        if model_ids.known(source, folder) != lib.meta.model_id:
            from .encoders.sources import check_safetensors

            check_safetensors(folder)  # (a folder that is no model, the videos': said so, not "another model")
            return unlabelled(typed, other_model(lib))
        return read_card(folder)
    except (SeekframeError, OSError, ValueError) as e:  # (a model moved or gone: the clips unlabelled, listed all the same)
        return unlabelled(typed, str(e).rstrip("."))


# why a typed --model labels nothing where it names no model folder here nor a hub model's whole snapshot in the cache
NO_MODEL_HERE = "no such model folder here, nor a whole one in the local cache"


def typed_problem(typed, error) -> str:
    """Why a typed --model (``typed``) could not be read (``error``, its loader's): ``NO_MODEL_HERE`` where it
    names nothing here (a typo: not the loader's advice on getting a hub model), else the loader's reason."""
    from .encoders.card import card_folder

    return NO_MODEL_HERE if typed and card_folder(typed) is None else str(error).rstrip(".")


def other_model(lib) -> str:
    """Why a --model's calibration cannot label the library's scores: the library's vectors are another's."""
    return f"not the model this library was indexed with ({lib.meta.model_id})"


def unlabelled(typed, why: str) -> None:
    """None (no labels for the scores), said on stderr where the user typed --model (a typo, a model
    folder moved, another model than the library's), which a command that needs no model would
    otherwise pass over in silence, its results listed without their match labels."""
    if typed:
        print(f"seekframe: --model {typed}: {why}; listed without match labels (leave out --model: the "
              "library's own model labels them).", file=sys.stderr)


class CardSide:
    """A model's id and card, and its vectors of the calibration's queries about nothing as a run
    before kept them; its text side loaded only if another text is embedded after all."""

    def __init__(self, model_id: str, card, null_vectors, load):
        self.model_id, self.card, self._null, self._load, self._encoder = model_id, card, null_vectors, load, None

    def encode_text(self, texts, batch_size: int = 64):
        from .calibration import NULL_QUERIES

        if list(texts) == list(NULL_QUERIES):
            return self._null
        if self._encoder is None:
            self._encoder = self._load()
        return self._encoder.encode_text(texts, batch_size)


class DeferredEncoder:
    """An ``Encoder`` loaded on first use of anything but ``model_id``, ``source``, ``name`` and
    ``embed_dim``, which come from the model folder without loading it (``model_ids``: remembered
    from a full load (a CLIP model's too), or read off a Seekframe folder's files);
    ``load=False`` leaves unloaded a model whose id is not known without loading it (``model_id`` None)."""

    def __init__(self, source: str, device: str | None = None, load: bool = True, quiet: bool = False):
        from .encoders import model_ids
        from .encoders.sources import read_json_object, resolve_source

        self.source, self._device, self._encoder = str(source), device, None
        self._quiet = quiet  # (``index -q``: "Loading model …" is no failure nor a decision, a nightly job's mail)
        self.folder = folder = resolve_source(source)
        try:
            raw = read_json_object(folder / "config.json")
        except ModelError:  # Encoder.load says what is wrong with it
            raw = {}
        clip = raw.get("model_type") == "clip" and isinstance(raw.get("projection_dim"), int)
        self.model_id = (model_ids.known(source, folder) if "seekframe_model" in raw
                         else model_ids.recall(source, folder) if clip else None)
        if self.model_id is None:  # not known without loading it (first use of these files)
            if load:
                self.model_id = self.load().model_id
        elif clip:  # (a CLIP model's id is ``<its name>-<hash>``; its width, its projection's)
            self.name, self.embed_dim = self.model_id.rsplit("-", 1)[0], int(raw["projection_dim"])
        else:
            self.name, self.embed_dim = str(raw.get("name") or "model"), int(raw["embed_dim"])

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    def load(self):
        if self._encoder is None:
            from .encoders.video_side import load_video_encoder
            from .timings import span

            if not self._quiet:  # (named as the window names it: its card's title, its path for a model of no card)
                from .model_titles import listed_title

                print(f"Loading model {listed_title(self.source, name=self.source)} …", file=sys.stderr)
            with span("model_load"):
                enc = load_video_encoder(self.source, device=self._device)
            if getattr(self, "model_id", None) not in (None, enc.model_id):
                raise SeekframeError(f"The model at {self.source} changed while it was in use "
                                     f"({self.model_id}, now {enc.model_id}); run the command again.")
            self._encoder = enc
            self.name, self.embed_dim = enc.name, enc.embed_dim
        return self._encoder

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.load(), name)


def noop_rescan(args, root) -> int | None:
    """The ``index`` command's run (its output printed; its exit code returned) when the library
    at ``root``, whose writer lock is held, has a current snapshot of its videos and the run, done
    on that snapshot, writes nothing and embeds nothing; None otherwise, having printed nothing:
    the command then opens the library and runs as usual."""
    from .library.snapshot import open_snapshot
    from .timings import span

    with span("library_open"):
        lib = open_snapshot(root)
    if lib is None:
        return None
    with span("imports"):
        from . import cli_args, service, stopped_runs
        from .encoders import model_ids
        from .failures_reported import remember_on_disk, told_folders, unnoted_text
        from .model_choice import choose_model
        from .progress import print_index_run
    lib.meta = stopped_runs.without_record(lib.meta)  # (a stopped run's record: cleared below, LanceDB-free)
    try:
        with span("index_run"):
            cli_args.check_index_paths(args.paths, lib.meta.settings.folders or [])
            own, model_id = service.writer_model(lib)
            source = choose_model(getattr(args, "model", None), own, lib.root, model_id)
            encoder = DeferredEncoder(source, getattr(args, "device", None), load=False)
            if encoder.model_id is None:  # only a load tells (a CLIP model on a fresh cache)
                if source != own or not model_id or lib.model_switch or model_ids.seen(source, encoder.folder):
                    return None  # (an id remembered for it under other files: they changed, load them)
                # the library's own model, taken at its word on a run that writes and embeds
                # nothing; a run with something to embed loads it and checks
                encoder.model_id, encoder.name, encoder.embed_dim = model_id, model_id.rsplit("-", 1)[0], lib.meta.dim
            run = service.IndexRun(lib, encoder, args.paths, window_s=args.window,
                                   shot_cuts=args.shot_cuts, reindex_failed=args.retry_failed, prune=args.prune,
                                   wait_named=True)  # (as the command's own run: ``IndexOptions.wait_named``)
            events = []
            for ev in run.events():  # "scanned", then "finished" when there is nothing to embed
                events.append(ev)
                if ev.kind != "scanned" or ev.files_total:
                    break  # files to embed (the run is the library's), or the end
    except Exception:  # a write needed (snapshot.WriteNeeded), or what the library's own run says
        return None
    if [ev.kind for ev in events] != ["scanned", "finished"] or encoder.loaded:
        return None
    try:  # (under the writer lock: a plain write of library.json)
        if not stopped_runs.clear_on_disk(lib.root, run._indexer.roots, lib.all(), run._indexer.away()):
            return None
    except Exception:  # (the library's own open and run say what is wrong)
        return None
    with span("index_run"):
        failed = print_index_run(told_folders(events, lib.meta.settings), quiet=args.quiet, paths=args.paths)
    if any(unnoted := remember_on_disk(lib.root, lib, events[-1])):  # (what it said, reported: failures_reported)
        print(unnoted_text(*unnoted), file=sys.stderr)  # (a full disk: said again next run, even -q)
    return 1 if failed else 0
