"""E-mails the rights stage sends: to moderators, and to creators in their own language."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation


def moderator_emails():
    """Active users who may moderate submissions (superusers included), with an address."""
    permission = Permission.objects.filter(
        content_type__app_label="wagtail_ugc", codename="moderate_submission"
    ).first()
    condition = Q(is_superuser=True)
    if permission is not None:
        condition |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = (
        get_user_model()
        .objects.filter(condition, is_active=True)
        .exclude(email="")
        .distinct()
    )
    return sorted({user.email for user in users})


def send_templated_mail(template_prefix, context, recipients, *, language=None):
    """Render ``<prefix>_subject.txt`` and ``<prefix>.txt`` and send them."""
    if not recipients:
        return 0
    with translation.override(language or translation.get_language()):
        subject = render_to_string(template_prefix + "_subject.txt", context)
        body = render_to_string(template_prefix + ".txt", context)
    return send_mail(" ".join(subject.split()), body, None, list(recipients))


def creator_language(submission):
    creator = submission.creator
    return (creator.language if creator else "") or submission.locale or None
