"""The pipeline: load, check and render a project; reuse the last result when nothing changed."""
