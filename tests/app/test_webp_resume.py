"""Resume points of an animated WebP (``app.webp_resume``), made off the GUI thread so that a
seek in the preview does not step through every frame before it there: a resume point shows the
very canvas Qt's ``QMovie`` shows at that frame, and the frames played on from it are the
movie's, whatever the frames' blending and disposal (drawn over what the frames before left)."""

from __future__ import annotations

import pytest

Image = pytest.importorskip("PIL.Image")

from PIL import ImageDraw  # noqa: E402
from PySide6.QtCore import QBuffer, QByteArray  # noqa: E402
from PySide6.QtGui import QImage, QMovie  # noqa: E402

from app.webp_resume import chunks, resume_at  # noqa: E402

FRAMES = 60


def sprites(lossless: bool) -> bytes:
    """An animation over transparency: a still square, a moving translucent ball, a square that
    comes and goes; the encoder draws most frames as parts of the canvas, blended or not, some
    disposed to background."""
    import io

    frames = []
    for i in range(FRAMES):
        im = Image.new("RGBA", (96, 64), (0, 0, 0, 0))
        d = ImageDraw.Draw(im)
        d.rectangle((0, 0, 30, 20), fill=(200, 30, 30, 255))
        x, y = (i * 4) % 66, (i * 2) % 34
        d.ellipse((x, y, x + 30, y + 30), fill=(30, 200, (i * 9) % 256, 160))
        if i % 7 < 3:
            d.rectangle((60, 30, 90, 60), fill=(255, 255, 0, 255))
        frames.append(im)
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=40, loop=0, lossless=lossless,
                   quality=60)
    return out.getvalue()


def movie(data: bytes) -> QMovie:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    m = QMovie(buffer, QByteArray(b"webp"))
    m.buffer = buffer  # (kept alive with it)
    assert m.jumpToFrame(0)
    return m


def canvas(image: QImage) -> QImage:
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def stepped(data: bytes) -> list[QImage]:
    """Every frame as the QMovie shows it, stepping from the first (what the preview did)."""
    m, shown = movie(data), []
    for n in range(len(chunks(data).frames)):
        assert m.jumpToFrame(n)
        shown.append(canvas(m.currentImage()))
    return shown


@pytest.mark.parametrize("lossless", [False, True], ids=["lossy", "lossless"])
def test_a_resume_point_shows_and_plays_on_as_the_movie_does(qapp, lossless):
    data = sprites(lossless)
    table = chunks(data)
    flags = {data[at + 23] & 3 for at in table.frames}
    assert len(table.frames) == FRAMES and table.alpha and 1 in {f & 1 for f in flags}, flags  # (some disposed)
    expected = stepped(data)
    for n in (0, 1, 7, 30, FRAMES - 2, FRAMES - 1):
        resume = resume_at(data, n)
        assert resume is not None and resume.frame == n
        assert canvas(resume.image) == expected[n], n
        m = movie(resume.data)
        for k in range(1, min(6, FRAMES - n)):  # its frame k: the file's frame n + k
            assert m.jumpToFrame(k) and canvas(m.currentImage()) == expected[n + k], (n, k)
        later = resume_at(data, min(n + 9, FRAMES - 1), start=resume)  # from this one on
        assert canvas(later.image) == expected[later.frame] and later.frame == min(n + 9, FRAMES - 1)
        if later.frame + 1 < FRAMES:
            m = movie(later.data)
            assert m.jumpToFrame(1) and canvas(m.currentImage()) == expected[later.frame + 1]


def test_what_is_no_animation_has_no_resume_point(qapp):
    import io

    still = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(still, "WEBP")
    assert resume_at(still.getvalue(), 0) is None and resume_at(b"RIFF....WEBPnothing", 0) is None
    assert resume_at(sprites(False), FRAMES) is None  # (no such frame)


STRESS = """
import sys, threading, time
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyle, QWidget
app = QApplication([])
from app.webp_resume import resume_at
data, made = open(sys.argv[1], "rb").read(), []

def work():
    end = time.monotonic() + 3
    while True:  # (at least one, however late the thread starts on a loaded machine)
        made.append(resume_at(data, 20) is not None)
        if time.monotonic() >= end:
            break

worker = threading.Thread(target=work, daemon=True)
worker.start()
widget, end = QWidget(), time.monotonic() + 3.5
while worker.is_alive() or time.monotonic() < end:  # the GUI thread, holding the GIL, draws icons and reads images
    widget.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
    QImage.fromData(b"", "png")
print(len(made), all(made))
"""


def test_making_resume_points_while_the_gui_thread_reads_images_never_deadlocks(tmp_path):
    """Qt's image reader calls its device with the lock of its plugins held; a device made from
    Python takes the GIL in each call, and a GUI thread that held the GIL while waiting for that
    lock (an icon drawn) deadlocked with the worker within seconds (the preview froze for good)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "sprites.webp"
    path.write_bytes(sprites(False))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run([sys.executable, "-c", STRESS, str(path)], cwd=root, env=env, capture_output=True,
                             text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the GUI thread and a worker making resume points deadlocked")
    assert out.returncode == 0, out.stderr[-2000:]
    made, ok = out.stdout.split()[-2:]
    assert int(made) > 0 and ok == "True", out.stdout
