"""A card's name a few letters too long for its line was cut inside its extension: "car-detection.m"
over "p4", "bottle-detection." over "mp4" (s59 H's walk, cards with "+2 copies" beside their name),
the only break ("-") too early in the line to take. Such a name breaks before its extension now:
"car-detection" over ".mp4"; a break after a space, "_" or "-" further on is still taken first, and a
dot inside the name ("2024.06.12 beach.mp4") is no break."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from app.card_name import card_name


def test_a_name_a_little_too_long_breaks_before_its_extension(qapp):
    metrics = QFontMetrics(QFont())
    for name, first in (("car-detection.mp4", "car-detection.m"), ("bottle-detection.mp4", "bottle-detection.")):
        room = metrics.horizontalAdvance(first) + 1  # (its line holds this much, not the whole name)
        assert metrics.horizontalAdvance(name) > room
        stem, ext = name.rsplit(".", 1)
        assert card_name(metrics, name, room) == (stem, f".{ext}")
    name = "2024.06.12 beach day.mp4"  # (the space's break, later in the line, is taken: not the inner dots)
    assert card_name(metrics, name, metrics.horizontalAdvance("2024.06.12 beach da") + 1) == ("2024.06.12 beach",
                                                                                             "day.mp4")
