"""Consent: the gate every story passes, the project the later stages get, and what to take down."""
