"""Rights: the consent ledger, rights requests, expiry, revocation, export and erasure."""
