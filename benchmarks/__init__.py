"""Reproducible measurements of wagtail-ugc, run by ``make bench``."""
