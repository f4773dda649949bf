"""Content: the models of journeys, steps and stories, and loading them from their folders."""
