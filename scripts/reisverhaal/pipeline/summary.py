"""The last lines of a build: what was left out and what must be done, so that it cannot be
missed in a long log.

Leaving a broken journey out is right (failing the whole build would also hold back a
takedown that must go out), but an editor must see it: the plugin logs this summary as a
warning after everything else, and `reisverhaal check` prints it last. The words are labels
(`build_summary` in labels.yml), which an organisation may change.
"""

from __future__ import annotations

from pathlib import Path

from ..core.findings import LEFT_OUT, Finding

TAKEDOWN = "consent.takedown"
RENEW = "consent.renew"


def end_summary(findings: list[Finding], templates_dir: Path | None = None) -> list[str]:
    """The lines to end the build with: content left out, posts to take down, consent to
    renew.
    `templates_dir`: where the organisation's labels are (None: the shipped ones)."""
    left_out = [finding for finding in findings if finding.rule == LEFT_OUT]
    stories = sum(f.rule == TAKEDOWN for f in findings)
    # Reminders set to `info` stay advice: the summary is a warning, which --strict counts.
    renew = sum(f.rule == RENEW and f.level == "warning" for f in findings)
    if not left_out and not stories and not renew:
        return []
    words = _words(templates_dir)
    lines = [words["left_out"].replace("{message}", finding.message) for finding in left_out]
    for count, line in ((stories, words["takedown"]), (renew, words["renew"])):
        if count:
            which = words["one_story"] if count == 1 else words["stories"]
            lines.append(line.replace("{stories}", which.replace("{count}", str(count))))
    return lines


def _words(templates_dir: Path | None) -> dict:
    # Read only when there is something to say: a build that reuses its last result and has
    # nothing to report does not load the data file models (pydantic).
    from ..content.datafiles import project_labels

    return project_labels(templates_dir)[0]["build_summary"]
