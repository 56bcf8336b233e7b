"""Factories for the data model. ``displayable_submission()`` makes one that passes every part of the rule."""

import factory
from django.utils import timezone

from wagtail_ugc.models import Campaign, Creator, Submission
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    terms_text = "You let us show what you sent, credited, until you withdraw it."
    terms_version = "1"


class CreatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Creator
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"creator{n}@example.com")
    name = factory.Sequence(lambda n: f"Creator {n}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    kind = Kind.REVIEW
    campaign = factory.SubFactory(CampaignFactory)
    creator = factory.SubFactory(CreatorFactory)
    text = "Warm, light and it packs small."
    rating = 5
    credit_line = factory.LazyAttribute(lambda o: o.creator.name if o.creator else "")
    locale = "en"
    processing_state = ProcessingState.READY

    class Params:
        displayable = factory.Trait(
            moderation_status=ModerationStatus.APPROVED,
            live=True,
            rights_status=RightsStatus.GRANTED,
            consent_scopes=[SITE_SCOPE],
            licence=Licence.SITE_DISPLAY,
            first_published_at=factory.LazyFunction(timezone.now),
        )


def displayable_submission(**kwargs):
    return SubmissionFactory(displayable=True, **kwargs)
