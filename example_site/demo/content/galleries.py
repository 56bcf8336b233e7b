"""Demo content for the galleries stage."""


def load(stdout):
    return None
