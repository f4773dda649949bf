"""`mkdocs serve` rebuilds when journeys/, stories/ or templates/ change (SPEC §7)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import EPOCH, SITE_URL, SiteProject

WAIT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, holds: Callable[[str], bool], server: subprocess.Popen) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve stopped"
        page = fetch(url)
        if holds(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} did not change within {WAIT:.0f} s")


@contextmanager
def mkdocs_serve(root: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(EPOCH)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_rebuilds_on_changes_in_journeys_stories_and_templates(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    (site.root / "templates").mkdir()
    with mkdocs_serve(site.root) as (url, server):
        journey = url + "trajecten/knie/"
        story = url + "verhalen/wilma-fietst/"
        wait_for(journey, lambda page: "Je nieuwe knie" in page, server)

        site.journey("knie", title="Je nieuwe heup")
        wait_for(journey, lambda page: "Je nieuwe heup" in page, server)

        site.story("wilma-fietst", title="Wilma fietst weer naar de markt")
        wait_for(story, lambda page: "Wilma fietst weer naar de markt" in page, server)

        site.write(
            "templates/pages/story.md.j2",
            "---\ntitle: {{ story.meta.title | tojson }}\n---\n# Eigen verhaalpagina\n",
        )
        wait_for(story, lambda page: "Eigen verhaalpagina" in page, server)


def test_posts_made_while_serving_link_to_the_published_site(tmp_path):
    site = SiteProject.small(tmp_path / "project")
    with mkdocs_serve(site.root) as (url, server):
        records = json.loads(wait_for(url + "deelkit/snippets.json", bool, server))
        links = [record["link"] for record in records if record["link"]]
        assert links and all(link.startswith(SITE_URL + "trajecten/knie/") for link in links)
        page = wait_for(url + "trajecten/knie/", bool, server)
        assert "Je nieuwe knie" in page
