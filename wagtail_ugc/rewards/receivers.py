"""Rewards' signal receiver: approved submissions get their reward codes, in the approval's transaction."""

from django.dispatch import receiver

from ..signals import submissions_approved
from .handout import hand_out


@receiver(submissions_approved)
def hand_out_rewards(sender, submission_ids, user=None, **kwargs):
    hand_out(submission_ids, user)
