"""The MkDocs adapter: MkDocs events in, pipeline calls out, nothing else."""

from __future__ import annotations

import gzip
import logging
import os
import re
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.yaml import yaml_load

from .config import ReisverhaalConfig, settings_from, unknown_options
from .core.findings import LEFT_OUT, CacheError, Finding, error, shown
from .core.output import SiteFiles, fill_raw_html
from .core.settings import Settings
from .core.today import settle_source_date_epoch
from .pipeline import snapshot
from .pipeline.build import build_failures, build_site, image_summary, remove_scratch
from .pipeline.summary import end_summary

log = logging.getLogger("mkdocs.plugins.reisverhaal")

PACKAGE = Path(__file__).resolve().parent
ASSET_CSS = "assets/reisverhaal.css"
MARKDOWN_EXTENSIONS = {
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "tables": {},
    "toc": {"permalink": True},
}
"""What our own page templates use (SPEC §3.4); every other extension is the site's choice."""
WATCHED = ("journeys", "stories", "templates")
THEME_DIR = PACKAGE / "theme"
TOOL_TEMPLATE = "reisverhaal/tool.html"
"""The page template of pages outside the navigation: the theme's, without the navigation."""
# Material's search dialog has no accessible name (axe: aria-dialog-name, serious).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAMED = SEARCH_DIALOG.replace('role="dialog"', 'role="dialog" aria-label="Zoeken"')
OWNED_URLS = ("journeys/", "stories/")
"""Where journeys and stories are published: every URL below these is the plugin's, also
those it withholds (a story without consent must not get a hand-written page there)."""
DIRTY_REFUSED = (
    "reisverhaal: --dirty wordt niet ondersteund. Een build met --dirty laat pagina's, foto's "
    "en citaatkaarten staan van verhalen die niet meer gepubliceerd mogen worden (toestemming "
    "ingetrokken of verlopen). Bouw zonder --dirty: een build waarin niets veranderd is, "
    "hergebruikt de vorige en is even snel."
)
QUIET_META = frozenset({"title", "description"})
"""Front matter of our pages that Material's navigation never shows (see `MetaAside`)."""


class ReisverhaalPlugin(BasePlugin[ReisverhaalConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.settings: Settings | None = None
        self.site: SiteFiles | None = None
        self.files: Files | None = None
        self.serving = False
        self.untouched: str | None = None
        self.meta_aside = MetaAside()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if dirty and self.config.enabled:
            raise PluginError(DIRTY_REFUSED)

    def load_config(self, options: dict, config_file_path: str | None = None):
        unknown = unknown_options(self.config_class, options)
        errors, warnings = super().load_config(options, config_file_path)
        if unknown:
            errors += [(name, ValidationError(message)) for name, message in unknown]
            warnings = [w for w in warnings if "Unrecognised configuration name" not in w[1]]
        return errors, warnings

    def on_config(self, config: MkDocsConfig):
        if not self.config.enabled:
            return config
        site_url = _published_url(config) if self.serving else config.site_url
        if not site_url:
            raise PluginError(
                "reisverhaal: site_url ontbreekt in mkdocs.yml; snippets hebben een volledige "
                "link nodig, zoals site_url: https://www.zorggroep-delinde.nl/"
            )
        root = Path(config.config_file_path).resolve().parent
        settle_source_date_epoch()
        try:
            self.settings = settings_from(self.config, root, site_url, config.use_directory_urls)
        except ValueError as exc:
            raise PluginError(f"reisverhaal: {exc}") from None
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        if ASSET_CSS not in config.extra_css:
            config.extra_css.append(ASSET_CSS)
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.append(str(THEME_DIR))
        return config

    def on_pre_build(self, *, config: MkDocsConfig):
        """Before MkDocs cleans the site folder, which changes the cached files' change times
        through their links (`snapshot.record`)."""
        if self.config.enabled:
            self.untouched = snapshot.untouched(self.settings)

    def on_files(self, files: Files, *, config: MkDocsConfig):
        if not self.config.enabled:
            return files
        try:
            self.site = build_site(self.settings, self.untouched)
        except CacheError as exc:
            raise PluginError(f"reisverhaal: {exc}") from None
        self.meta_aside = MetaAside()
        if self.site.reused:
            log.info("reisverhaal: niets veranderd sinds de vorige build, die is hergebruikt")
        taken = _hand_written_at_our_urls(files, self.site, config.docs_dir, self.settings.root)
        for finding in [*self.site.findings, *taken.values(), image_summary(self.site)]:
            _log(finding)
        if failures := build_failures(self.site.findings):
            raise PluginError(
                f"reisverhaal: {len(failures)} bericht(en) passen niet op hun platform; zie de "
                "fouten hierboven (snippet.too-long)"
            )
        cache = f"{self.settings.cache_dir}{os.sep}"
        for file in taken:
            files.remove(file)
        for output in self.site.outputs:
            if output.fallback and output.uri in files.src_uris:
                continue
            inclusion = InclusionLevel.UNDEFINED if output.public else InclusionLevel.NOT_IN_NAV
            if output.source is not None:
                source = str(output.source)
                made = (CachedFile if source.startswith(cache) else File).generated(
                    config, output.uri, abs_src_path=source, inclusion=inclusion
                )
            else:
                made = File.generated(
                    config, output.uri, content=output.content, inclusion=inclusion
                )
            files.append(made)
            if made.is_documentation_page():
                self.meta_aside.pages.append(made)
        if files.get_file_from_path(ASSET_CSS) is None:
            files.append(File.generated(config, ASSET_CSS, abs_src_path=str(PACKAGE / ASSET_CSS)))
        if config.nav is None:
            config.nav = _navigation(self.site.nav, files)
        self.files = files
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        if self.site and page.file.src_uri in self.site.hidden_uris:
            page.meta.setdefault("search", {"exclude": True})
            page.meta.setdefault("template", TOOL_TEMPLATE)
            page.meta["robots"] = "noindex"
        return markdown

    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        """Raw HTML blocks go back in first, so that search and other plugins see the whole
        page. Hidden pages get theirs after the theme (`on_post_page`): search does not index
        them, yet would clean up all their HTML (some 200 kB per share kit page)."""
        if self.site and page.file.src_uri not in self.site.hidden_uris:
            return self._filled(html, page)
        return html

    @event_priority(-100)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        self.meta_aside.set_all_aside()
        return env

    @event_priority(100)
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        self.meta_aside.put_back(page)
        return context

    @event_priority(100)
    def _finish_post_page(self, output: str, *, page: Page, config: MkDocsConfig):
        output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED, 1)
        if self.site and page.file.src_uri in self.site.hidden_uris:
            output = output.replace(
                "<head>", '<head>\n    <meta name="robots" content="noindex, nofollow">', 1
            )
            output = self._filled(output, page)
        return output

    @event_priority(-100)
    def _meta_aside_again(self, output: str, *, page: Page, config: MkDocsConfig):
        self.meta_aside.set_aside(page.file)
        return output

    on_post_page = CombinedEvent(_finish_post_page, _meta_aside_again)

    def _filled(self, html: str, page: Page) -> str:
        return fill_raw_html(html, self.site.raw_html.get(page.file.src_uri, ()))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig):
        """The theme's own pages (404.html) get the same named search dialog."""
        return output_content.replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED, 1)

    @event_priority(100)
    def _meta_back_after_build(self, *, config: MkDocsConfig):
        self.meta_aside.put_all_back()

    @event_priority(-100)
    def _drop_hidden_from_sitemap(self, *, config: MkDocsConfig):
        if not self.site:
            return
        published = self.files.src_uris
        hidden = {published[uri].url for uri in self.site.hidden_uris if uri in published}
        _drop_from_sitemap(Path(config.site_dir), hidden, config.site_url or "")

    @event_priority(-100)
    def _after_build(self, *, config: MkDocsConfig):
        if self.site and self.site.key:
            snapshot.record(self.settings, self.site.key, self.site)
        remove_scratch(self.site)

    @event_priority(-200)
    def _end_summary(self, *, config: MkDocsConfig):
        """Content left out and posts to take down, as the build's last words (a warning, so
        that `--strict` fails and nobody misses it)."""
        for line in end_summary(self.site.findings if self.site else []):
            log.warning(line)

    on_post_build = CombinedEvent(
        _meta_back_after_build, _drop_hidden_from_sitemap, _after_build, _end_summary
    )

    def on_build_error(self, *, error: Exception):
        self.meta_aside.put_all_back()
        remove_scratch(self.site)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server


class MetaAside:
    """Keeps our pages' title and description out of the way of Material's navigation.

    Every page Material builds draws the whole navigation, and for each page in it asks the
    page's front matter for an icon, a subtitle and a status. Asking a page that has front
    matter is a failed lookup inside Jinja; with some 250 pages in the navigation and 250 pages
    built that costs about 0.3 s, a tenth of a warm build. Our pages carry only a title and a
    description, which the navigation never shows. So while the pages are built, those pages
    keep their front matter aside, with the title set on the page itself; each page gets its
    own back while it is built (`on_page_context` to `on_post_page`), and all get theirs back
    after the build. Reading, Markdown and `on_page_*` content events see it as usual. Front
    matter with any other key (an override that adds an icon, a status, tags) stays put.
    """

    def __init__(self):
        self.pages: list[File] = []
        self.aside: dict[str, dict] = {}

    def set_all_aside(self) -> None:
        for file in self.pages:
            self.set_aside(file)

    def set_aside(self, file: File) -> None:
        page = file.page
        if page is None or not page.meta or not page.meta.keys() <= QUIET_META:
            return
        if "title" in page.meta:
            page.title = page.meta["title"]
        self.aside[file.src_uri] = page.meta
        page.meta = {}

    def put_back(self, page: Page) -> None:
        meta = self.aside.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = {**meta, **page.meta}

    def put_all_back(self) -> None:
        for file in self.pages:
            if file.page is not None:
                self.put_back(file.page)


class CachedFile(File):
    """An image from `.cache/reisverhaal/`, hard-linked into the site rather than copied:
    otherwise every build copies every derived image again (hundreds of megabytes for a big
    site). The image cache notices a file changed through the link and makes it again.
    Where a link cannot be made (another file system), the file is copied as usual."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        try:
            _hard_link(self.abs_src_path, self.abs_dest_path)
        except OSError:
            super().copy_file(dirty)


def _hard_link(source: str, target: str) -> None:
    """One system call for most files: the folder is made, or an old file replaced, only when
    the link cannot be made without (a site has thousands of images)."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)


def _hand_written_at_our_urls(
    files: Files, site: SiteFiles, docs_dir: str, root: Path
) -> dict[File, Finding]:
    """An error for each file in `docs/` at a URL the plugin owns: below `journeys/` or
    `stories/`, or at the path of a generated file (other than a default the site may
    replace, such as the home page). Such a file is not published."""
    ours = {output.uri for output in site.outputs if not output.fallback}
    found = {}
    for file in files:
        if file.generated_by is not None or file.src_dir != docs_dir:
            continue
        if not (file.dest_uri.startswith(OWNED_URLS) or file.src_uri in ours):
            continue
        found[file] = error(
            shown(Path(file.abs_src_path), root),
            "page.generated-url",
            f"dit bestand staat op een adres dat reisverhaal maakt of achterhoudt "
            f"({file.url or file.dest_uri}); reizen en verhalen komen uit journeys/ en "
            "stories/. Zet het bestand elders in docs/ of verwijder het; het wordt niet "
            "gepubliceerd.",
        )
    return found


def _published_url(config: MkDocsConfig) -> str | None:
    """`mkdocs serve` puts its own address in `site_url`. Posts, e-mails and exports keep the
    published one, so that a post copied from a local preview never links to 127.0.0.1."""
    with open(config.config_file_path, "rb") as handle:
        return yaml_load(handle).get("site_url")


def _log(finding: Finding) -> None:
    if finding.rule == LEFT_OUT:  # said once, at the end (`_end_summary`)
        return
    {"error": log.error, "warning": log.warning}.get(finding.level, log.info)(str(finding))


def _navigation(ours: list, files: Files) -> list:
    """Home first, then our generated sections, then the other hand-written pages."""
    written = sorted(f.src_uri for f in files.documentation_pages() if f.generated_by is None)
    home = ["index.md"] if files.get_file_from_path("index.md") else []
    return [*home, *ours, *(uri for uri in written if uri != "index.md")]


SITEMAP_ENTRY = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", re.S)


def _drop_from_sitemap(site_dir: Path, urls: set[str], site_url: str) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file() or not urls:
        return
    hidden = {f"{site_url}{url}" for url in urls}
    text = SITEMAP_ENTRY.sub(
        lambda entry: "" if entry["loc"] in hidden else entry[0],
        sitemap.read_text(encoding="utf-8"),
    )
    sitemap.write_text(text, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        with gzip.GzipFile(packed, "wb", mtime=0) as handle:
            handle.write(text.encode("utf-8"))
