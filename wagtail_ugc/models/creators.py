"""The people who send UGC; all personal data about them hangs off this row."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreatorManager(models.Manager):
    def for_email(self, email, **defaults):
        creator, _created = self.get_or_create(
            email=email.strip().lower(), defaults=defaults
        )
        return creator


class Creator(models.Model):
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=20, blank=True)
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Clean submissions may be approved automatically, if enabled."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreatorManager()

    class Meta:
        verbose_name = _("creator")
        verbose_name_plural = _("creators")

    def __str__(self):
        return self.name or self.email
