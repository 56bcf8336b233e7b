"""Demo visitors sending submissions through the real intake pipeline, once each."""

from wagtail_ugc.intake.services import create_submission
from wagtail_ugc.models import Submission


def visitor_email(name, domain):
    """``Ingrid Berg`` at ``domain`` → ``ingrid@domain``."""
    return f"{name.split()[0].lower()}@{domain}"


def submit_once(campaign, *, name, email, **fields):
    """Submit as a visitor would, unless this visitor already has; True if submitted."""
    if Submission.objects.filter(creator__email=email).exists():
        return False
    create_submission(
        campaign=campaign, name=name, email=email, age_confirmed=True, **fields
    )
    return True
