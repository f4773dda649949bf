"""The last lines of a build: what was left out and what must be done, so that it cannot be
missed in a long log.

Leaving a broken journey out is right (failing the whole build would also hold back a
takedown that must go out), but an editor must see it: the plugin logs this summary as a
warning after everything else, and `reisverhaal check` prints it last.
"""

from __future__ import annotations

from .findings import Finding

LEFT_OUT = "build.left-out"
TAKEDOWN = "consent.takedown"
NAMES = {"journey": ("traject", "trajecten"), "step": ("stap", "stappen")}
NAMES["story"] = ("verhaal", "verhalen")


def left_out_finding(left_out: list[tuple[str, str]]) -> list[Finding]:
    """One `info` finding naming every file left out for errors (none when nothing was)."""
    if not left_out:
        return []
    counts = []
    for kind, (one, many) in NAMES.items():
        count = sum(item_kind == kind for item_kind, _ in left_out)
        if count:
            counts.append(f"{count} {one if count == 1 else many}")
    what = " en ".join([", ".join(counts[:-1]), counts[-1]] if len(counts) > 1 else counts)
    paths = ", ".join(path for _, path in left_out)
    message = f"{what} niet gepubliceerd door fouten: {paths}"
    return [Finding("mkdocs.yml", None, "info", LEFT_OUT, message)]


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
