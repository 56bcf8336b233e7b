"""Moderation: the workflow, queue, rules, flags and notifications for submissions."""
