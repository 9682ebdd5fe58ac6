"""MCKD training and reproduction (teacher, student, benchmark loaders). Builds on ``core``."""
