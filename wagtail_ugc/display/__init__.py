"""Galleries: StreamField blocks, their loading, templates and search-engine data."""
