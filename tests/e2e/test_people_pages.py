"""People's pages (issue #23): one page per person, linked from every meeting that lists them
and linking back; one person however a body's minutes spell them; the config's say across
bodies; warnings where a name could be two people; and the switches that publish none."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO_ROOT, build_site, make_site, rendered

MEETING_2011 = "meetings/2011/02/15/safer-halton-partnership/index.html"
MEETING_2019 = "meetings/2019/10/16/safer-halton-partnership/index.html"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    shutil.copy(REPO_ROOT / "minutebook.yaml", root / "minutebook.yaml")
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    return root / "output"


def person_links(html: str) -> dict[str, str]:
    """Each name linked to a person's page: name → the page."""
    return {name: url for url, name in re.findall(r'<a href="(/people/[^"]+/)">([^<]+)</a>', html)}


def test_the_sample_meetings_link_their_people_and_each_page_links_back(sample: Path):
    html = (sample / MEETING_2011).read_text("utf-8")
    linked = person_links(html)
    for name in ("S. Blackwell", "D. Parr", "S. Eastwood", "D. Houghton", "Cllr S Osborne"):
        assert name in linked, name
    for name, url in linked.items():
        page = (sample / url.strip("/") / "index.html").read_text("utf-8")
        assert '<a href="/meetings/2011/02/15/safer-halton-partnership/">' in page, name
        assert name in page  # the name as the minutes write it


def test_one_person_however_the_body_spells_them(sample: Path):
    """ "Cllr D. Cargill" (2011) and "Cllr Dave Cargill" (2019); "D. Parr" present in 2011 and
    "D Parr" sending apologies in 2019."""
    assert person_links((sample / MEETING_2011).read_text("utf-8"))["Cllr D. Cargill"] == (
        "/people/dave-cargill/"
    )
    assert person_links((sample / MEETING_2019).read_text("utf-8"))["Cllr Dave Cargill"] == (
        "/people/dave-cargill/"
    )
    parr = (sample / "people/d-parr/index.html").read_text("utf-8")
    assert "Attended 1 meeting; sent apologies to 1 meeting." in parr
    assert "Written in the minutes as: D Parr; D. Parr" in parr
    assert "Present: D. Parr, Chief Executive" in parr and "Apologies: D Parr" in parr
    rows = re.findall(
        r"<tr><th scope=\"row\">.*?</th><td>(\d+)</td><td>(\d+)</td>"
        r"<td>(\d+)</td><td>(\d+)</td></tr>",
        parr,
    )
    assert rows == [("2019", "0", "1", "1"), ("2011", "1", "0", "1")]


def test_the_a_to_z_lists_everyone_with_a_page_and_every_page_is_linked(sample: Path):
    index = (sample / "people/index.html").read_text("utf-8")
    listed = set(re.findall(r'<a href="(/people/[^"]+/)">', index))
    pages = {f"/people/{p.parent.name}/" for p in (sample / "people").glob("*/index.html")}
    assert listed == pages and len(pages) > 40
    assert "Two members of the public" not in index


def test_the_navigation_links_to_the_people(sample: Path):
    assert '<a href="/people/">People</a>' in (sample / "index.html").read_text("utf-8")


PARRS = """
-- minutebook.yaml --
title: Minutes
organisations:
  - name: Safer Halton Partnership
    short_name: SHP
  - name: Halton Strategic Partnership
    short_name: HSP
people:
  entries:
    - name: David Parr
      aliases: [D. Parr]
      bodies: [SHP]
    - name: Derek Parr
      aliases: [D. Parr]
      bodies: [HSP]
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
present:
  - D. Parr
  - S. Blackwell
---
## 1. Welcome
-- content/shp/2011-04-19.md --
---
organisation: SHP
date: 2011-04-19
present:
  - David Parr
---
## 1. Welcome
-- content/hsp/2011-05-03.md --
---
organisation: HSP
date: 2011-05-03
present:
  - D. Parr
  - S. Blackwell
---
## 1. Welcome
"""


def test_two_d_parrs_the_config_tells_apart(tmp_path: Path):
    root = make_site(tmp_path, PARRS)
    report = build_site(root)
    assert report.published
    output = root / "output"
    shp = person_links(
        (output / "meetings/2011/02/15/safer-halton-partnership/index.html").read_text("utf-8")
    )
    hsp = person_links(
        (output / "meetings/2011/05/03/halton-strategic-partnership/index.html").read_text("utf-8")
    )
    assert shp["D. Parr"] == "/people/david-parr/" and hsp["D. Parr"] == "/people/derek-parr/"
    # S. Blackwell of both bodies: two pages, and a warning that says how to join them
    assert shp["S. Blackwell"] != hsp["S. Blackwell"]
    assert rendered(report.diagnostics) == [
        "content/hsp/2011-05-03.md:5:3: warning: 'S. Blackwell' may be the same person as "
        "S. Blackwell (of another body): kept apart"
    ]
    (problem,) = report.diagnostics
    assert "people: entries: - name: S. Blackwell" in problem.fix


def test_a_name_that_could_be_two_people_is_linked_to_neither_and_check_says_so(tmp_path: Path):
    root = make_site(
        tmp_path,
        """
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
present:
  - David Parr
  - Derek Parr
apologies:
  - Cllr D. Parr
---
## 1. Welcome
""",
    )
    report = build_site(root)
    assert rendered(report.diagnostics) == [
        "content/shp/2011-02-15.md:8:3: warning: 'Cllr D. Parr' could be any of David Parr and "
        "Derek Parr: linked to none of them"
    ]
    assert "aliases" in report.diagnostics[0].fix
    html = (root / "output/meetings/2011/02/15/shp/index.html").read_text("utf-8")
    assert person_links(html)["Cllr D. Parr"] == "/people/d-parr/"
    assert person_links(html)["David Parr"] == "/people/david-parr/"


PRIVATE = """
-- minutebook.yaml --
title: Minutes
people:
{switch}
-- content/shp/2011-02-15.md --
---
organisation: SHP
date: 2011-02-15
present:
  - D. Parr
in_attendance:
  - name: A. Officer
    role: Clerk
---
## 1. Welcome
"""


def test_people_pages_false_publishes_no_person_page_and_no_link(tmp_path: Path):
    root = make_site(tmp_path, PRIVATE.format(switch="  pages: false"))
    assert build_site(root).published
    output = root / "output"
    assert not (output / "people").exists()
    for page in output.rglob("*.html"):
        assert "/people/" not in page.read_text("utf-8"), page
    meeting = (output / "meetings/2011/02/15/shp/index.html").read_text("utf-8")
    assert '<li>A. Officer<span class="role">, Clerk</span></li>' in meeting


def test_publish_false_keeps_one_persons_page_and_links_unpublished(tmp_path: Path):
    switch = "  entries:\n    - name: A. Officer\n      publish: false"
    root = make_site(tmp_path, PRIVATE.format(switch=switch))
    assert build_site(root).published
    output = root / "output"
    assert not (output / "people/a-officer").exists()
    assert (output / "people/d-parr/index.html").exists()
    meeting = (output / "meetings/2011/02/15/shp/index.html").read_text("utf-8")
    assert person_links(meeting) == {"D. Parr": "/people/d-parr/"}
    assert "A. Officer" in meeting
    assert "A. Officer" not in (output / "people/index.html").read_text("utf-8")
