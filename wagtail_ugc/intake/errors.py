"""What intake says when it refuses something a visitor sent."""


class RefusedInput(ValueError):
    """Input we refuse; ``message`` is translated and safe to show the visitor."""

    def __init__(self, message, code):
        super().__init__(str(message))
        self.message = message
        self.code = code
