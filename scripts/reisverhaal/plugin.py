"""The MkDocs adapter: MkDocs events in, pipeline calls out, nothing else."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.yaml import yaml_load

from . import page_reuse
from .config import ReisverhaalConfig, settings_from
from .core.findings import LEFT_OUT, CacheError, Finding, error, shown
from .core.output import SiteFiles, fill_raw_html
from .core.settings import Settings
from .core.today import settle_source_date_epoch
from .pipeline import snapshot
from .pipeline.build import build_failures, build_site, image_summary, remove_scratch
from .pipeline.summary import end_summary
from .render import brand

log = logging.getLogger("mkdocs.plugins.reisverhaal")

PACKAGE = Path(__file__).resolve().parent
ASSET_CSS = "assets/reisverhaal.css"
ASSET_JS = "assets/reisverhaal.js"
MATERIAL_DEFAULTS = {"favicon": "assets/images/favicon.png"}
"""Theme options a site has not set when they have these values (Material's own)."""
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
"""The page template of pages outside the navigation: the theme's, without the navigation,
with `noindex`. A site changes it through its `custom_dir`, as any theme template."""
DIRTY_REFUSED = (
    "reisverhaal: --dirty wordt niet ondersteund. Een build met --dirty laat pagina's, foto's "
    "en citaatkaarten staan van verhalen die niet meer gepubliceerd mogen worden (toestemming "
    "ingetrokken of verlopen). Bouw zonder --dirty: een build waarin niets veranderd is, "
    "hergebruikt de vorige en is even snel."
)


class ReisverhaalPlugin(BasePlugin[ReisverhaalConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.settings: Settings | None = None
        self.site: SiteFiles | None = None
        self.files: Files | None = None
        self.pages: set[str] = set()  # made by us: not a site's own page in their place
        self.serving = False
        self.untouched: snapshot.Untouched | None = None
        self.nav = None
        self.reuse: page_reuse.Reuse | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if dirty and self.config.enabled:
            raise PluginError(DIRTY_REFUSED)

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
        if ASSET_JS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(ASSET_JS)
        if brand.CSS_URI not in config.extra_css:
            config.extra_css.insert(0, brand.CSS_URI)  # first: the site's own style sheets win
        for option, uri in brand.theme_files(self.settings).items():
            if config.theme.get(option) in (None, MATERIAL_DEFAULTS.get(option)):
                config.theme[option] = uri  # a logo or favicon the site chose stays
        if str(THEME_DIR) not in config.theme.dirs:
            # After the site's `custom_dir`, before the theme's own templates: our partials
            # (the named search dialog) take the place of the theme's, the site's take ours.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
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
        if self.site.reused:
            log.info("reisverhaal: niets veranderd sinds de vorige build, die is hergebruikt")
        taken = _hand_written_at_our_urls(files, self.site, config.docs_dir, self.settings)
        for finding in [*self.site.findings, *taken.values(), image_summary(self.site)]:
            _log(finding)
        if failures := build_failures(self.site.findings):
            raise PluginError(
                f"reisverhaal: {len(failures)} bericht(en) passen niet op hun platform; zie de "
                "fouten hierboven (snippet.too-long)"
            )
        cache = f"{self.settings.cache_dir}{os.sep}"
        self.pages = set()
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
                self.pages.add(made.src_uri)
        for asset in (ASSET_CSS, ASSET_JS):
            if files.get_file_from_path(asset) is None:
                files.append(File.generated(config, asset, abs_src_path=str(PACKAGE / asset)))
        if config.nav is None:
            config.nav = _navigation(self.site.nav, files)
        self.files = files
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page's Markdown is HTML now: the pages rendered before under the same key
        are given the template that writes that HTML as it is (`page_reuse`)."""
        self.reuse = None
        site = self.site
        if site and site.scratch is None and site.code and self.nav is not None:
            asked = page_reuse.Asked(NAVIGATION_KEYS, (*NAVIGATION_PAGE_FACTS, *PAGE_FACTS))
            pages = [file.page for file in files.documentation_pages() if file.page]
            cache = self.settings.cache_dir
            self.reuse = page_reuse.plan(
                config, self.nav, cache, asked, site.code, pages, site.page_data
            )
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        if page.file.src_uri in self.pages:
            page.meta = NavMeta(page.meta)
            if isinstance(page.meta.get("title"), str):
                # Our pages write their title HTML-escaped (themes print it as HTML). Saying
                # so keeps a template's `| e` (Material's footer and table of contents labels)
                # from escaping it twice: "Wilma&#39;s" read aloud instead of "Wilma's".
                page.meta["title"] = Markup(page.meta["title"])
            for name, value in NAVIGATION_PAGE_FACTS.items():
                setattr(page, name, value)
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

    @event_priority(110)
    def _store_page(self, output: str, *, page: Page, config: MkDocsConfig):
        """The page as the theme rendered it, stored under its key (before the HTML
        blocks of a hidden page go in, which its key covers as the page's data)."""
        if self.reuse is not None:
            self.reuse.keep(page, output)
        return output

    @event_priority(100)
    def _fill_hidden_page(self, output: str, *, page: Page, config: MkDocsConfig):
        if self.site and page.file.src_uri in self.site.hidden_uris:
            return self._filled(output, page)
        return output

    on_post_page = CombinedEvent(_store_page, _fill_hidden_page)

    def _link_preview_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """The link preview of the page for the theme partial (`render/link_preview.py`):
        the pipeline's for our pages, the site card for the others."""
        if self.settings is not None and self.site and not self._reused(page):
            context["reisverhaal_head"] = _link_preview(self, page, config)
        return context

    def _filled(self, html: str, page: Page) -> str:
        return fill_raw_html(html, self.site.raw_html.get(page.file.src_uri, ()))

    def _tool_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """A page that a theme template renders from data (the share kit, the calendar) gets
        it as `tool`, and its table of contents from it, as Material's blog plugin gives its
        views theirs (`render.tool_page`). The data is JSON: text, numbers and lists, which
        the templates escape."""
        data = self.site.page_data.get(page.file.src_uri) if self.site else None
        if data and page.file.src_uri in self.pages and not self._reused(page):
            tool = json.loads(data)
            page.toc = get_toc(tool.get("toc", []))
            context["tool"] = tool
        return context

    @event_priority(200)
    def _reused_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        """A reused page gets its stored HTML, and its front matter back as it was."""
        if self.reuse is not None and (html := self.reuse.take(page)) is not None:
            context[page_reuse.CONTEXT] = html
        return context

    def _reused(self, page: Page) -> bool:
        return self.reuse is not None and self.reuse.reused(page)

    on_page_context = CombinedEvent(_reused_page_context, _link_preview_context, _tool_context)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig):
        """MkDocs writes the sitemap, and gzips it, as this returns it: without the pages kept
        out of search engines."""
        if template_name != "sitemap.xml" or not self.site:
            return output_content
        published = self.files.src_uris
        hidden = {
            published[uri].page.canonical_url
            for uri in self.site.hidden_uris
            if uri in published and published[uri].page is not None
        }
        return _without_urls(output_content, hidden)

    @event_priority(-100)
    def _after_build(self, *, config: MkDocsConfig):
        if self.site and self.site.key:
            snapshot.record(self.settings, self.site.key, self.site)
        if self.reuse is not None:
            self.reuse.store.sweep()
        remove_scratch(self.site)

    @event_priority(-200)
    def _end_summary(self, *, config: MkDocsConfig):
        """Content left out and posts to take down, as the build's last words (a warning, so
        that `--strict` fails and nobody misses it)."""
        templates = self.settings.templates_dir if self.settings else None
        for line in end_summary(self.site.findings if self.site else [], templates):
            log.warning(line)

    on_post_build = CombinedEvent(_after_build, _end_summary)

    def on_build_error(self, *, error: Exception):
        remove_scratch(self.site)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        root = Path(config.config_file_path).resolve().parent
        for name in WATCHED:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server


class NavMeta(dict):
    """The front matter of our pages, as it is, answering what Material's navigation asks.

    Every page Material builds draws the whole navigation, and for each page in it asks the
    page's front matter for an icon, a subtitle and a status (and the page whether it is
    encrypted). A key a page lacks is a failed lookup inside Jinja, an exception caught twice;
    with some 250 pages in the navigation and 250 pages built, that is a tenth of a warm
    build. Here each of those keys is an attribute, which Jinja reads first: the key's value,
    or None. Nothing is added to or taken from the front matter. `NAVIGATION_KEYS` must be
    every key Material's navigation reads (a test reads Material's templates for them).
    """

    icon = property(lambda meta: meta.get("icon"))
    subtitle = property(lambda meta: meta.get("subtitle"))
    status = property(lambda meta: meta.get("status"))


NAVIGATION_KEYS = ("icon", "subtitle", "status")
NAVIGATION_PAGE_FACTS = {"encrypted": False}
"""What Material's navigation asks a page with front matter, beside its front matter."""
PAGE_FACTS = ("typeset", "pages")
"""What Material's navigation asks of any entry, beside its title, address and children."""


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
    files: Files, site: SiteFiles, docs_dir: str, settings: Settings
) -> dict[File, Finding]:
    """An error for each file in `docs/` at a URL the plugin owns: below the journeys' and
    stories' prefixes (`trajecten/`, `verhalen/`), also where it withholds a page (a story
    without consent must not get a hand-written page there), or at the path of a generated
    file (other than a default the site may replace, such as the home page). Such a file is
    not published."""
    ours = {output.uri for output in site.outputs if not output.fallback}
    owned = (f"{settings.urls.journeys}/", f"{settings.urls.stories}/")
    root = settings.root
    found = {}
    for file in files:
        if file.generated_by is not None or file.src_dir != docs_dir:
            continue
        if not (file.dest_uri.startswith(owned) or file.src_uri in ours):
            continue
        found[file] = error(
            shown(Path(file.abs_src_path), root),
            "page.generated-url",
            f"dit bestand staat op een adres dat reisverhaal maakt of achterhoudt "
            f"({file.url or file.dest_uri}); trajecten en verhalen komen uit journeys/ en "
            "stories/. Zet het bestand elders in docs/ of verwijder het; het wordt niet "
            "gepubliceerd.",
        )
    return found


def _link_preview(plugin: ReisverhaalPlugin, page: Page, config: MkDocsConfig) -> dict:
    from .render import page_head

    ours = page.file.src_uri in plugin.pages
    facts = page_head.PageFacts(
        title=page.title or "",
        description=page.meta.get("description") if isinstance(page.meta, dict) else None,
        canonical_url=page.canonical_url,
        is_homepage=page.is_homepage,
        site_name=config.site_name,
        site_description=config.site_description,
        logo=config.theme.get("logo"),
    )
    stored = page.meta.get(page_head.KEY) if ours else None
    return page_head.head(stored, facts, plugin.settings)


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


def _without_urls(sitemap: str, urls: set[str]) -> str:
    """The sitemap without the entries of `urls` (escaped as the sitemap template does)."""
    locations = {str(escape(url)) for url in urls}
    return SITEMAP_ENTRY.sub(lambda entry: "" if entry["loc"] in locations else entry[0], sitemap)
