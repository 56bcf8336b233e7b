"""The read API: displayable UGC items as JSON, on Wagtail's API framework (docs/api.md)."""
