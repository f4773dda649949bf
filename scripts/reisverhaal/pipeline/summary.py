"""The last lines of a build: what was left out and what must be done, so that it cannot be
missed in a long log.

Leaving a broken journey out is right (failing the whole build would also hold back a
takedown that must go out), but an editor must see it: the plugin logs this summary as a
warning after everything else, and `reisverhaal check` prints it last.
"""

from __future__ import annotations

from ..core.findings import LEFT_OUT, Finding

TAKEDOWN = "consent.takedown"


def end_summary(findings: list[Finding]) -> list[str]:
    """The lines to end the build with: content left out, posts to take down."""
    lines = [
        f"reisverhaal: {finding.message}; zie de fouten hierboven"
        for finding in findings
        if finding.rule == LEFT_OUT
    ]
    stories = sum(f.rule == TAKEDOWN for f in findings)
    if stories:
        which = "1 verhaal" if stories == 1 else f"{stories} verhalen"
        lines.append(
            f"reisverhaal: berichten weghalen van {which} waarvan de toestemming is beëindigd: "
            "zie deelkit/takedown.json"
        )
    return lines
