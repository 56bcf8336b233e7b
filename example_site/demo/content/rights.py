"""Demo content for the rights stage."""


def load(stdout):
    return None
