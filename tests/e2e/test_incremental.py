"""Incremental builds (Lektor's "a second build builds nothing", Hugo's render counts).

The cache may only ever make a build faster: after any edit, the output must be exactly what a
cold build of the same files writes.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import build_site, files_in, rendered, respell_an_organisation, set_fields
from minutebook.archive.opendata import INDEXES, TABLES
from minutebook.core import cache
from minutebook.output import render
from minutebook.output.write import Writer
from minutebook.reading import markdown
from minutebook.reading.loading import load_site

# The quick build is tested on the pages: see conftest.without_search.
pytestmark = pytest.mark.usefixtures("without_search")

CORPUS_SEED = 7  # the generated archive these tests use (see e2e/conftest.py)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The output path of every page rendered (builds run with one job, in this process)."""
    made: list[str] = []
    real = render.render_page

    def counting(env, spec):
        made.append(spec.output)
        return real(env, spec)

    monkeypatch.setattr(render, "render_page", counting)
    yield made


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry per meeting body parsed from now on."""
    calls: list[str] = []
    real = markdown.parse_body
    monkeypatch.setattr(
        "minutebook.reading.meeting.parse_body",
        lambda *a, **k: calls.append("parse") or real(*a, **k),
    )
    return calls


def cold_build(site: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a first build of these files writes, without any cache."""
    report = build_site(site, output=tmp_path / "cold", use_cache=False)
    assert report.published, rendered(report.diagnostics)
    return files_in(tmp_path / "cold")


def meeting_files(site: Path) -> list[Path]:
    return sorted((site / "content").rglob("*.md"))


def test_a_second_build_renders_and_writes_nothing(site: Path, renders: list[str]):
    first = build_site(site)
    assert first.written > 0
    renders.clear()
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    second = build_site(site)
    assert renders == []
    assert (second.written, second.removed) == (0, 0)
    assert second.unchanged == first.written
    after = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*") if p.is_file()}
    assert after == before


def test_a_second_build_parses_no_markdown(site: Path, monkeypatch: pytest.MonkeyPatch):
    build_site(site)
    calls = count_parses(monkeypatch)
    build_site(site)
    assert calls == []


def test_editing_one_meeting_renders_only_the_pages_that_show_it(
    site: Path, renders: list[str], tmp_path: Path
):
    build_site(site)
    renders.clear()
    edited = meeting_files(site)[10]
    edited.write_text(edited.read_text("utf-8") + "\nA sentence added after the meeting.\n")
    report = build_site(site)
    assert report.published
    # Lists show no meeting's text: a sentence added to the minutes remakes their page alone.
    assert renders == [f"meetings/{edited.stem.replace('-', '/')}/{edited.parent.name}/index.html"]
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_an_organisation_new_to_the_archive_remakes_only_the_pages_showing_it(
    site: Path, renders: list[str], tmp_path: Path
):
    build_site(site)
    pages = len(renders)
    renders.clear()
    edited = meeting_files(site)[10]
    person = "present:\n  - name: A. Guest\n    organisation: Visiting Body\n"
    edited.write_text(edited.read_text("utf-8").replace("present:\n", person, 1))
    assert build_site(site).published
    made = set(renders)
    page = f"meetings/{edited.stem.replace('-', '/')}/{edited.parent.name}/index.html"
    assert {page, "organisations/visiting-body/index.html", "organisations/index.html"} <= made
    # Not every page of the site, as for a template: the pages of the whole archive (which show
    # where every meeting is: which organisations attended it, here), and those showing the
    # meeting.
    whole = {"index.html", "meetings/index.html", "people/index.html"}  # (A. Guest is new)
    whole |= {p for p in made if re.fullmatch(r"(meetings/\d+|organisations|topics)/index.html", p)}
    # (and the data files of every meeting, or of every name: see test_published_files)
    whole |= {f"data/{name}" for name in (*INDEXES, *TABLES)} | {"meetings.ics", "sitemap.xml"}
    link = "/" + page.removesuffix("index.html")
    output = site / "output"
    unfolded = {p: (output / p).read_text("utf-8").replace("\n ", "") for p in made}  # (.ics)
    assert [p for p in made - whole if link not in unfolded[p]] == []
    assert len(made) < pages / 3
    # Who came from an organisation is shown on its own pages alone, and no list names the
    # organisations that attended: not one page of another organisation, of a topic, or of
    # another meeting is made again.
    # (Pages: the feeds and calendars are keyed by the whole of their meetings, and made again
    # for any edit to one that is more than its text: see Fingerprints._file_key.)
    others = {
        p
        for p in made
        if p.startswith(("organisations/", "topics/", "meetings/")) and p.endswith(".html")
    }
    others -= {"organisations/visiting-body/index.html", page} | whole
    assert others == set()
    assert files_in(output) == cold_build(site, tmp_path)


def test_a_name_spelled_first_by_another_meeting_remakes_the_pages_showing_it(
    site: Path, tmp_path: Path
):
    """A name the config does not list is shown as the first meeting (by date) to write it
    spelled it: when that meeting moves, every page showing the name changes."""
    first, later = meeting_files(site)[10], meeting_files(site)[20]
    for edited, spelling in ((first, "VISITING BODY"), (later, "Visiting Body")):
        person = f"present:\n  - name: A. Guest\n    organisation: {spelling}\n"
        edited.write_text(edited.read_text("utf-8").replace("present:\n", person, 1))
    set_fields(first, date="2030-01-28")
    build_site(site)
    set_fields(later, date="2031-01-28")
    assert build_site(site).published
    page = (site / "output/organisations/visiting-body/index.html").read_text("utf-8")
    assert "VISITING BODY" in page
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_new_day_remakes_only_the_pages_of_the_whole_archive(
    site: Path, renders: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Only the home page says what day it is (the meetings to come): a build on the next
    day does not render every page again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build_site(site)
    renders.clear()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1767225600 + 86400))
    assert build_site(site).published
    assert "index.html" in renders
    assert not [page for page in renders if page.startswith("meetings/2")], renders
    assert len(renders) < 40, renders
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_retitling_an_item_remakes_the_lists_that_show_it(
    site: Path, renders: list[str], tmp_path: Path
):
    build_site(site)
    renders.clear()
    edited = meeting_files(site)[10]
    text = edited.read_text("utf-8")
    heading = re.search(r"(?m)^## (?!.*(?:Welcome|Apologies|Minutes|Any other)).*$", text)
    assert heading is not None
    edited.write_text(text.replace(heading.group(), heading.group() + " (retitled)", 1))
    report = build_site(site)
    assert report.published
    meeting_pages = [p for p in renders if p.startswith("meetings/") and p.count("/") == 5]
    # The edited meeting, and at most its neighbours (previous/next/approval links).
    assert 1 <= len(meeting_pages) <= 4
    assert any(p.startswith("topics/") for p in renders)
    assert len(renders) < len(list((site / "output").rglob("index.html"))) / 3
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_template_edit_renders_every_page_without_parsing_markdown(
    site: Path, renders: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    first = build_site(site)
    renders.clear()
    override = site / "themes/default/templates/404.html"
    override.parent.mkdir(parents=True)
    override.write_text("{% extends 'base.html' %}{% block main %}<h1>Lost</h1>{% endblock %}\n")
    calls = count_parses(monkeypatch)
    report = build_site(site)
    assert calls == []
    assert len(renders) == first.pages
    assert report.written == 1  # only the 404 page's bytes changed
    assert files_in(site / "output") == cold_build(site, tmp_path)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_second_edit_to_a_template_is_shown_too(site: Path, tmp_path: Path, jobs: int):
    """In `serve` the process outlives its first build: templates compiled then must not be
    used again once the file says something else."""
    override = site / "themes/default/templates/404.html"
    override.parent.mkdir(parents=True)
    for word in ("First", "Second"):
        override.write_text(
            f"{{% extends 'base.html' %}}{{% block main %}}{word}{{% endblock %}}\n"
        )
        assert build_site(site, jobs=jobs).published
        assert '<main id="main"' in (site / "output/404.html").read_text()
        assert word in (site / "output/404.html").read_text()
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_stylesheet_edit_copies_only_that_file(site: Path, renders: list[str]):
    build_site(site)
    renders.clear()
    css = site / "themes/default/static/style.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: black; }\n")
    report = build_site(site)
    assert renders == []
    assert report.written == 1
    assert (site / "output/static/style.css").read_text() == "body { color: black; }\n"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"\0" * len(data), id="zeroed"),
        pytest.param(lambda data: data[:40] + b"x" + data[41:], id="one-byte-changed"),
        pytest.param(lambda data: b"", id="empty"),
        # The length of the first part, after its 32-byte signature: never read that much.
        pytest.param(lambda data: data[:32] + b"\x7f" * 8 + data[40:], id="length-huge"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(site: Path, tmp_path: Path, damage):
    build_site(site)
    for path in (site / cache.CACHE_DIR).rglob("*.pickle"):
        path.write_bytes(damage(path.read_bytes()))
    shutil.rmtree(site / "output")
    report = build_site(site)
    assert report.published, rendered(report.diagnostics)
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_cache_not_signed_with_this_users_key_is_never_unpickled(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """A cache committed to a repository (or written by another user) is ignored, not loaded."""
    build_site(site)
    names = [
        p.relative_to(site / cache.CACHE_DIR).as_posix()
        for p in (site / cache.CACHE_DIR).rglob("*.pickle")
    ]
    assert len(names) > 60  # a file per meeting, and the build's own records
    assert all(cache.load(site, name) is not None for name in names)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    assert [name for name in names if cache.load(site, name) is not None] == []


def test_deleting_the_cache_is_always_safe(site: Path, tmp_path: Path):
    build_site(site)
    shutil.rmtree(site / cache.CACHE_DIR)
    report = build_site(site)
    assert report.published
    assert report.written == 0
    assert files_in(site / "output") == cold_build(site, tmp_path)


def _edit(site: Path, rng: random.Random, step: int) -> str:
    files = meeting_files(site)
    actions = [
        *("change", "middle", "front", "present", "person", "retitle"),
        *("title", "status", "approved", "next"),
        *("visitor", "topics", "date", "respell"),
        *("add", "second", "rename", "delete", "config", "template"),
    ]
    action = rng.choice(actions)
    target = rng.choice(files)
    if action == "change":
        target.write_text(target.read_text("utf-8") + f"\nEdit number {step}.\n")
    elif action == "middle":  # text typed in the middle of the minutes: later lines move
        lines = target.read_text("utf-8").split("\n")
        at = rng.randrange(len(lines) // 2, len(lines))
        target.write_text("\n".join([*lines[:at], "", f"Edit number {step}.", "", *lines[at:]]))
    elif action == "front":
        text = re.sub(r"(?m)^location: .*\n", "", target.read_text("utf-8"), count=1)
        target.write_text(text.replace("\n---\n", f"\nlocation: Room {step}\n---\n", 1))
    elif action == "present":  # lists change: the organisation's pages show who attended
        text = target.read_text("utf-8")
        found = re.findall(r"(?m)^    organisation: (.+)$", text)
        organisation = rng.choice([*found, "Cheshire Police"]) if found else "Cheshire Police"
        joined = f"\npresent:\n  - name: Visitor {step}\n    organisation: {organisation}\n"
        target.write_text(text.replace("\npresent:\n", joined, 1))
    elif action == "visitor":  # a body the config does not list, spelled as the first writes it
        text = target.read_text("utf-8")
        body = rng.choice(["Visiting Body", "visiting body", "VISITING BODY"])
        joined = f"\npresent:\n  - name: Visitor {step}\n    organisation: {body}\n"
        target.write_text(text.replace("\npresent:\n", joined, 1))
    elif action == "respell":  # an organisation written another way: only its page shows it
        respell_an_organisation(site, target, rng)
    elif action == "topics":  # a topic the config does not list, or one it does
        topic = rng.choice(["Street lighting", "street lighting", "Anti-social behaviour"])
        set_fields(target, topics=f"[{topic}]")
    elif action == "date":  # the meeting moves: which meeting writes a name first may change
        day = f"20{rng.randrange(10, 30)}-0{rng.randrange(1, 10)}-2{rng.randrange(0, 9)}"
        set_fields(target, date=day)
    elif action == "person":  # someone's name corrected
        text = target.read_text("utf-8")
        target.write_text(re.sub(r"(?m)^(  - name: .+)$", rf"\1 {step}", text, count=1))
    elif action == "retitle":  # an item's heading: the topics' pages show it
        text = target.read_text("utf-8")
        headings = re.findall(r"(?m)^## .+$", text)
        if headings:
            heading = rng.choice(headings)
            target.write_text(text.replace(heading, f"{heading} {step}", 1))
    elif action == "title":
        set_fields(target, title=f"Meeting {step}")
    elif action == "status":  # what lists and the home page show of it
        set_fields(target, status=rng.choice(["unconfirmed", "approved", "draft"]))
    elif action == "approved":  # at a meeting of its body (or none): that meeting lists it
        held = sorted(p for p in target.parent.glob("*.md") if p.name[:1].isdigit())
        set_fields(target, approved_at=rng.choice(held).stem[:10])
    elif action == "next":
        set_fields(target, next_meeting=f"20{rng.randrange(10, 40)}-0{rng.randrange(1, 10)}-15")
    elif action == "add":
        copy = target.with_name(f"{target.stem}-copy{step}.md")
        text = target.read_text("utf-8").replace("\n---\n", f"\nslug: copy-{step}\n---\n", 1)
        copy.write_text(text)
    elif action == "second":  # another meeting that day, named by its file (no slug)
        copy = target.with_name(f"{target.stem}-{step}.md")
        copy.write_text(target.read_text("utf-8").replace("\n## ", f"\n## {step}. Later\n\n## ", 1))
    elif action == "rename":
        target.rename(target.with_name(f"renamed-{step}-{target.name}"))
    elif action == "delete" and len(files) > 10:
        target.unlink()
    elif action == "config":
        config = site / "minutebook.yaml"
        config.write_text(config.read_text("utf-8").replace("title: ", f"title: {step} ", 1))
    elif action == "template":
        footer = site / "themes/default/templates/404.html"
        footer.parent.mkdir(parents=True, exist_ok=True)
        footer.write_text(f"{{% extends 'base.html' %}}{{% block main %}}{step}{{% endblock %}}\n")
    return action


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_after_any_edits_the_output_equals_a_cold_build(site: Path, tmp_path: Path, seed: int):
    rng = random.Random(seed)
    build_site(site)
    done = []
    for step in range(10):
        done.append(_edit(site, rng, step))
        report = build_site(site, jobs=rng.choice([1, 2]))
        assert report.published, (done, rendered(report.diagnostics))
    assert files_in(site / "output") == cold_build(site, tmp_path / "cold"), done
    uncached = build_site(site, output=tmp_path / "again", use_cache=False)
    assert rendered(report.diagnostics) == rendered(uncached.diagnostics), done


def test_a_file_saved_while_a_build_runs_is_built_by_the_next(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    build_site(site)
    edited = meeting_files(site)[10]
    real = render.render_page

    def saving(env, spec):  # the clerk saves while the pages are being made
        if "Saved while building" not in edited.read_text("utf-8"):
            edited.write_text(edited.read_text("utf-8") + "\nSaved while building.\n")
        return real(env, spec)

    monkeypatch.setattr(render, "render_page", saving)
    set_fields(meeting_files(site)[20], title="A build is running")
    assert build_site(site).published
    monkeypatch.setattr(render, "render_page", real)
    assert build_site(site).published
    assert files_in(site / "output") == cold_build(site, tmp_path)
    page = f"meetings/{edited.stem.replace('-', '/')}/{edited.parent.name}/index.html"
    assert "Saved while building" in (site / "output" / page).read_text("utf-8")


def test_a_page_deleted_from_the_output_by_hand_comes_back(site: Path):
    build_site(site)
    home = site / "output" / "index.html"
    home.unlink()
    report = build_site(site)
    assert home.is_file()
    assert report.written == 1


def test_a_page_edited_in_the_output_by_hand_is_put_right(site: Path, tmp_path: Path):
    build_site(site)
    home = site / "output" / "index.html"
    home.write_text("<p>vandalised</p>")
    build_site(site)
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_rebuild_with_nothing_changed_still_reports_the_warnings(site: Path):
    target = meeting_files(site)[0]
    text = target.read_text("utf-8").replace(
        "\n---\n", "\ntopics: [Anti-social behavior]\n---\n", 1
    )
    target.write_text(text)
    first = build_site(site)
    second = build_site(site)
    assert first.diagnostics, "the typo should give a did-you-mean warning"
    assert rendered(second.diagnostics) == rendered(first.diagnostics)


def test_saving_a_file_without_changing_it_writes_nothing(site: Path, renders: list[str]):
    build_site(site)
    renders.clear()
    target = meeting_files(site)[3]
    target.write_bytes(target.read_bytes())  # a new modification time, the same bytes
    report = build_site(site)
    assert report.written == 0
    assert renders == []


def test_a_page_put_right_is_not_written_again_by_the_next_build(site: Path):
    build_site(site)
    (site / "output" / "index.html").write_text("<p>vandalised</p>")
    assert build_site(site).written == 1
    assert build_site(site, use_cache=False).written == 0


def test_every_page_is_where_the_planner_says_without_making_it(site: Path):
    """Fingerprints find pages by Planner.url, which must agree with the page actually made."""
    from dataclasses import replace

    from minutebook.archive.pages import planner
    from minutebook.commands.check import check_site

    checked = check_site(site, drafts=False)
    assert checked.archive is not None
    strings, _ = render.load_strings(checked.theme_dirs, checked.archive.config.language)
    pages = replace(planner(checked.archive), strings=strings)
    refs = pages.plan()
    assert {ref.kind for ref in refs} >= {"home", "meeting", "topic", "organisation", "month"}
    for ref in refs:
        assert pages.url(ref) == pages.make(ref).url, ref


def test_changing_the_interface_words_remakes_every_page(site: Path, tmp_path: Path):
    build_site(site)
    words = site / "themes/default/strings/en.yaml"
    words.parent.mkdir(parents=True)
    words.write_text("site:\n  meetings: Minutes\n")
    report = build_site(site)
    assert report.published, rendered(report.diagnostics)
    assert ">Minutes</a>" in (site / "output/index.html").read_text("utf-8")
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_the_cache_keeps_one_entry_per_meeting_file(site: Path):
    build_site(site)
    entries = site / cache.CACHE_DIR / "meetings"
    assert len(list(entries.iterdir())) == len(meeting_files(site))
    meeting_files(site)[0].unlink()
    edited = meeting_files(site)[1]
    edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n")
    build_site(site)
    assert len(list(entries.iterdir())) == len(meeting_files(site))


def test_a_page_linking_to_another_meeting_follows_that_meeting_when_it_moves(tmp_path: Path):
    from conftest import LINKING_TO_A_DRAFT, make_site

    site = make_site(tmp_path, LINKING_TO_A_DRAFT)
    first_page = site / "output/meetings/2011/02/15/shp/index.html"
    build_site(site)
    assert "/meetings/2011/04/20/hbc/" not in first_page.read_text("utf-8")  # a draft: no link
    linked = site / "content/hbc/2011-04-20.md"
    linked.write_text(linked.read_text("utf-8").replace("status: draft\n", ""))
    build_site(site)
    assert 'href="/meetings/2011/04/20/hbc/"' in first_page.read_text("utf-8")
    linked.write_text(linked.read_text("utf-8").replace("date: 2011-04-20", "date: 2011-04-21"))
    build_site(site)
    assert 'href="/meetings/2011/04/21/hbc/"' in first_page.read_text("utf-8")
    assert files_in(site / "output") == cold_build(site, tmp_path / "cold")


def test_renaming_a_meeting_file_remakes_the_page_that_links_to_its_source(
    site: Path, tmp_path: Path
):
    # With repo_url, a meeting page links to its file in the repository: the same minutes under
    # a new file name are the same meeting (same id, same content) on a page that must change.
    config = site / "minutebook.yaml"
    config.write_text(config.read_text("utf-8") + "repo_url: https://example.org/minutes-repo\n")
    build_site(site)
    target = meeting_files(site)[0]
    target.rename(target.with_name(f"renamed-{target.name}"))
    report = build_site(site)
    assert report.published and report.written >= 1
    output = files_in(site / "output")
    assert output == cold_build(site, tmp_path)
    assert any(f"renamed-{target.name}".encode() in data for data in output.values())


def test_a_meeting_is_held_as_listed_and_read_back_whole_for_its_page_only(site: Path):
    # A build holds every meeting as lists show it, without its HTML, location, where names
    # were written… (a fifth of the memory at 10,000 meetings, and of what each forked worker
    # copies); each meeting's page reads the whole meeting back. Who came, in which role, and
    # who sent apologies are kept: the people's pages show them (archive/people.py).
    build_site(site)
    store = cache.Store(site)
    loaded = load_site(site, store=store)
    whole_site = load_site(site)  # without a cache: every meeting whole
    assert loaded.texts is not None and whole_site.texts is None
    held = loaded.meetings
    assert all(not m.intro_html and all(not i.html for i in m.items) for m in held)
    assert not any(m.location for m in held)
    assert not any(p.span or p.organisation_as_written for m in held for p in m.attendees())
    assert any(m.apologies for m in held) and any(p.role for m in held for p in m.present)
    assert any(m.apologies for m in whole_site.meetings)
    assert any(p.role for m in whole_site.meetings for p in m.present)
    for listed, whole in zip(held, whole_site.meetings, strict=True):
        assert loaded.texts(listed) == whole
        assert whole.as_listed() == listed


@pytest.mark.parametrize("damage", ["cut short", "one byte changed"])
def test_texts_lost_from_the_cache_are_read_again_from_the_files(
    site: Path, tmp_path: Path, damage: str
):
    build_site(site)
    footer = site / "themes/default/templates/404.html"  # every page made again, nothing parsed
    footer.parent.mkdir(parents=True)
    footer.write_text("{% extends 'base.html' %}{% block main %}Gone{% endblock %}\n")
    for path in (site / cache.CACHE_DIR / "meetings").iterdir():
        data = path.read_bytes()  # the text is the last part of each file
        path.write_bytes(data[:-100] if damage == "cut short" else data[:-50] + b"x" + data[-49:])
    report = build_site(site)
    assert report.published, rendered(report.diagnostics)
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_a_cache_deleted_between_builds_of_one_process_is_made_again(site: Path):
    build_site(site)
    shutil.rmtree(site / cache.CACHE_DIR)
    edited = meeting_files(site)[3]
    edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n")
    build_site(site)
    assert len(list((site / cache.CACHE_DIR / "meetings").iterdir())) == len(meeting_files(site))


def test_a_preview_after_a_build_reads_each_meetings_text_from_the_cache_not_the_file(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # serve keeps the cache in memory: the meetings a build saved without their text come
    # with their text, and no meeting file is parsed again to make its page.
    build_site(site)
    calls = count_parses(monkeypatch)
    preview = tmp_path / "preview"
    report = build_site(site, output=preview, store=cache.Store(site, in_memory=True))
    assert report.published and calls == []
    assert files_in(preview) == files_in(site / "output")


def test_pages_written_by_a_build_without_the_cache_are_not_kept_by_the_next(
    site: Path, tmp_path: Path
):
    """`--no-cache` keeps no page keys: the keys kept before it no longer describe the output."""
    build_site(site)
    assert build_site(site, use_cache=False, base_url="https://example.org/other/").published
    report = build_site(site)
    assert report.written > 0
    assert files_in(site / "output") == cold_build(site, tmp_path)


def test_an_output_of_its_own_is_not_looked_at_file_by_file(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """serve's output is its own (in the cache folder): a quick build there trusts what its
    last build left, and looks at none of the other pages, where a build into a shared
    folder looks at every one (a page deleted by hand comes back)."""
    store = cache.Store(site, in_memory=True)
    build_site(site, store=store, own_output=True)
    looked: list[str] = []
    real = Writer._is_as_we_left_it
    monkeypatch.setattr(
        Writer, "_is_as_we_left_it", lambda self, *a: looked.append(a[0]) or real(self, *a)
    )
    edited = meeting_files(site)[10]
    edited.write_text(edited.read_text("utf-8") + "\nA sentence added after the meeting.\n")
    assert build_site(site, store=store, own_output=True).published
    assert looked == []
    assert files_in(site / "output") == cold_build(site, tmp_path)
    edited.write_text(edited.read_text("utf-8") + "\nAnother sentence.\n")
    assert build_site(site).published  # another process: it looks at every page it keeps
    assert len(looked) > 100
