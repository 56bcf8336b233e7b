"""Reward codes: a campaign's pool, handed out once per approved submission and e-mailed to its creator (docs/rewards.md)."""
