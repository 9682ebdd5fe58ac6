"""Seekframe engine: media decoding, moments, encoders, the vector library, indexing and search.

Nothing in this package imports Qt, ``app`` or ``training``.
"""

__version__ = "0.1.0"
