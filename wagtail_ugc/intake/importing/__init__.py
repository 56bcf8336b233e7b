"""Social import: feeds and hashtag timelines polled for found content (docs/social-import.md).

- ``fetching``: the one way a source reads the network (time, size and
  address limits);
- ``base``: what a source kind is and what it returns (``FoundPost``), the
  registry of kinds (``IMPORT_SOURCE_KINDS``) and HTML made plain text;
- ``rss`` and ``mastodon``: the two built-in kinds;
- ``polling``: polling due sources and turning each post into a submission
  awaiting a rights request;
- ``tasks`` and ``viewsets``: the scheduled task and the admin.
"""
