"""Engagement: cookieless counts of what galleries show and what visitors do with it, and the reports on them (docs/engagement.md, docs/reports.md)."""
