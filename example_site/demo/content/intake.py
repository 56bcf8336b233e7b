"""Demo content for the intake stage."""


def load(stdout):
    return None
