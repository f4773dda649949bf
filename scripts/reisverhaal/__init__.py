"""reisverhaal: care journeys and consented client stories, told on every channel."""

__version__ = "0.1.0"
