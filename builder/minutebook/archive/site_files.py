"""PLAN the files for search engines: the sitemap (every page, with the day of the latest
meeting it shows) and robots.txt (pointing at it). Functions of the whole planner, since the
sitemap lists every page it plans; output/formats.py writes the XML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from minutebook.archive.views import PageSpec
from minutebook.core.model import MeetingId, body_of

if TYPE_CHECKING:
    from minutebook.archive.pages import PageRef, Planner


def plan_with_files(planner: Planner) -> list[PageRef]:
    """`plan` and `plan_files`, each meeting's data file right after its page: both are made
    from the meeting whole, which the worker making both reads once (see render.render_all
    and commands/build.py)."""
    files = planner.plan_files()
    data = {ref.args[0]: ref for ref in files if ref.kind == "meeting_data"}
    refs: list[PageRef] = []
    for ref in planner.plan():
        refs.append(ref)
        if ref.kind == "meeting" and ref.args[0] in data:
            refs.append(data[ref.args[0]])
    return refs + [ref for ref in files if ref.kind != "meeting_data"]


def sitemap(planner: Planner) -> PageSpec:
    """Every page a search engine may index, with the day of the latest meeting it shows (never
    the build's day). Made from where the meetings are alone (their placings: see
    Fingerprints.key), without reading any: a quick build of a meeting that moved remakes it."""
    from minutebook.archive.pages import PageRef  # (pages imports this module)

    archive, urls = planner.archive, planner.urls
    dates = archive.dates
    entries = []
    extra = [PageRef("data_page")] if archive.config.publishing.data else []
    for ref in [*planner.plan(), *extra]:
        if ref.kind == "not_found":
            continue
        inputs = planner.inputs(ref)
        shown = dates.values() if inputs is None else (dates[i] for i in inputs)
        last = max(shown, default=None)
        url = meeting_url(planner, ref.args[0]) if ref.kind == "meeting" else planner.url(ref)
        entries.append({"loc": urls.absolute(url), "lastmod": last.isoformat() if last else None})
    url = urls.sitemap()
    return PageSpec(url, urls.output_path(url), "@sitemap", {"urls": entries})


def meeting_url(planner: Planner, meeting_id: MeetingId) -> str:
    """A meeting's URL from its id and date, without reading it (see Meeting.page_name)."""
    body = body_of(meeting_id)
    day = planner.archive.dates[meeting_id]
    slug = meeting_id[len(body) + 1 + len(day.isoformat()) + 1 :]
    return planner.urls.meeting_at(day, body + (f"-{slug}" if slug else ""))


def robots(planner: Planner) -> PageSpec:
    urls = planner.urls
    url, address = urls.robots(), urls.absolute(urls.sitemap())
    lines = ["User-agent: *", "Allow: /"]
    if not address.startswith("/"):  # (robots.txt names a sitemap by its full address)
        lines.append(f"Sitemap: {address}")
    return PageSpec(url, urls.output_path(url), "@text", {"text": "\n".join(lines) + "\n"})
