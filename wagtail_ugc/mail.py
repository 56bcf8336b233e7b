"""Every e-mail the package sends goes through here: who reads it, in which language, how it is built.

Each e-mail is rendered from overridable templates under
``wagtail_ugc/emails/``: ``<name>_subject.txt``, ``<name>.txt`` and, when it
exists, ``<name>.html``. Creators are written to in one language, whatever
stage writes (``creator_language``); each moderator in their own admin
language. Subjects are folded onto one line, so user text can never add a
header; the HTML part escapes user text like every template. Each recipient
gets their own message (no one sees the others' addresses), sent through
``django.core.mail`` and so through whatever e-mail backend the site
configured.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from wagtail.models import Site
from wagtail.users.models import UserProfile

from .links import creator_link_request_url
from .permissions import granted_moderators

EMAIL_TEMPLATE_FOLDER = "wagtail_ugc/emails/"
MAX_SUBJECT_LENGTH = 200


# Languages -----------------------------------------------------------------------


def supported_language(*codes):
    """The first of ``codes`` the site speaks (in its closest variant), else LANGUAGE_CODE."""
    for code in codes:
        if not code:
            continue
        try:
            # "zh_Hant", "zh-TW" → "zh-hant", "zh-tw": Django matches lower-case codes only.
            return translation.get_supported_language_variant(
                translation.to_language(code)
            )
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def creator_language(submission):
    """The language every e-mail and page to this submission's creator uses.

    The language the creator chose (``Creator.language``, kept from their
    first submission or set by an editor), else the one the submission was
    made in, else the site's. One rule, so a creator never gets a
    confirmation in one language and an approval in another.
    """
    creator = submission.creator
    return supported_language(creator.language if creator else "", submission.locale)


def moderator_language(user):
    """A moderator's admin language (Account → preferred language), else the site's."""
    profile = UserProfile.objects.filter(user=user).first()
    return supported_language(profile.preferred_language if profile else "")


# Who moderates -------------------------------------------------------------------


def moderators():
    """Who gets the moderators' e-mails: those given the moderate permission, else superusers.

    Everyone active with an address who was given the moderate permission:
    the members of the "UGC moderators" group, of any other group given it,
    and users given it as their own. Only when there is nobody like that do
    the active superusers with an address get them, so that a new
    submission never goes unannounced.
    """
    users = _with_address(granted_moderators())
    if not users.exists():
        users = _with_address(
            get_user_model().objects.filter(is_active=True, is_superuser=True)
        )
    return list(users.order_by("pk"))


def _with_address(users):
    return users.exclude(email="").exclude(email__isnull=True)


# URLs ----------------------------------------------------------------------------


def site_base_url():
    """Scheme and host for links in e-mails: WAGTAILADMIN_BASE_URL, else the default site's."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    if not base:
        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else ""
    return base.rstrip("/")


def absolute_url(path, request=None):
    """A full URL for ``path``: from ``request`` if there is one, else from ``site_base_url()``.

    Full URLs (a file on object storage, say) and "" come back unchanged.
    """
    if not path:
        return ""
    if request is not None:
        return request.build_absolute_uri(path)
    if urlsplit(path).scheme:
        return path
    return urljoin(site_base_url() + "/", path)


def site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or site_base_url()


# Rendering and sending -----------------------------------------------------------


def one_line(text):
    """Fold every kind of line break and run of spaces to one space (no header injection)."""
    return " ".join(str(text).split())[:MAX_SUBJECT_LENGTH]


def render_email(template, context, to, *, language):
    """One message to ``to``, from ``wagtail_ugc/emails/<template>…``, in ``language``."""
    context = {"site_name": site_name(), **context}
    prefix = EMAIL_TEMPLATE_FOLDER + template
    with translation.override(language):
        subject = one_line(render_to_string(prefix + "_subject.txt", context))
        text = render_to_string(prefix + ".txt", context)
        try:
            html = get_template(prefix + ".html").render(context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject, text, to=[to])
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def send_templated_mail(template, context, recipients, *, language):
    """Send ``template`` to each address in ``recipients``; return how many were sent."""
    # EmailMessage.send() picks the mail backend the way the running Django
    # version wants it (EMAIL_BACKEND on 5.2, MAILERS on 6.1+).
    return sum(
        render_email(template, context, address, language=language).send()
        for address in recipients
        if address
    )


def mail_moderators(template, context):
    """Send ``template`` to every moderator, each in their own language."""
    return sum(
        send_templated_mail(
            template, context, [user.email], language=moderator_language(user)
        )
        for user in moderators()
    )


def mail_creator(template, context, submission):
    """Send ``template`` to the submission's creator in ``creator_language``; 0 without an address."""
    creator = submission.creator
    if creator is None or not creator.email:
        return 0
    # Where a creator asks for the link to their own page (docs/creators.md).
    context = {
        "manage_submissions_url": absolute_url(creator_link_request_url()),
        **context,
    }
    return send_templated_mail(
        template, context, [creator.email], language=creator_language(submission)
    )
