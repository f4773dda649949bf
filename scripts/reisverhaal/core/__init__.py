"""Shared types below every stage: findings, settings, the build's date, outputs and URLs."""
