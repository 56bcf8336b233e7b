"""Demo content for the moderation stage."""


def load(stdout):
    return None
