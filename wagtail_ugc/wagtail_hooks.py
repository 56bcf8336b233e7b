"""Wagtail admin hooks; each stage registers its own in ``<stage>/wagtail_hooks.py``."""
