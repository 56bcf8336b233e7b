"""E-mails written by Django's file-based e-mail backend, as the subprocess tests read them."""

import email
import email.policy


def written_messages(folder):
    """The messages in ``folder``'s files, parsed, in the order sent."""
    messages = []
    for path in sorted(folder.glob("*")):
        messages += [
            email.message_from_string(part, policy=email.policy.default)
            for part in path.read_text(errors="replace").split("-" * 79 + "\n")
            if part.strip()
        ]
    return messages
