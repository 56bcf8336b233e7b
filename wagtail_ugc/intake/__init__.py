"""Intake: the public submission form, upload sanitising and spam defence (the pipeline's first stage)."""
