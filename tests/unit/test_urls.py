"""Every URL and output path: stable, and under the path of base_url."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.archive.periods import Period
from minutebook.archive.urls import Urls
from minutebook.core.model import Meeting, MeetingId, OrganisationSlug, TopicSlug

MEETING = Meeting(
    id=MeetingId("safer-halton-partnership/2011-02-15"),
    source="content/shp/2011-02-15.md",
    organisation=OrganisationSlug("safer-halton-partnership"),
    date=dt.date(2011, 2, 15),
)
SECOND = Meeting(
    id=MeetingId("safer-halton-partnership/2011-02-15-evening"),
    source="content/shp/2011-02-15-evening.md",
    organisation=OrganisationSlug("safer-halton-partnership"),
    date=dt.date(2011, 2, 15),
    slug="evening",
)


def test_urls_at_the_root_of_a_domain():
    urls = Urls("https://example.org/")
    assert urls.home() == "/"
    assert urls.meetings() == "/meetings/"
    assert urls.year(2011) == "/meetings/2011/"
    assert urls.month(2011, 2) == "/meetings/2011/02/"
    assert urls.meeting(MEETING) == "/meetings/2011/02/15/safer-halton-partnership/"
    assert urls.meeting(SECOND) == "/meetings/2011/02/15/safer-halton-partnership-evening/"
    assert urls.item(MEETING, "item-shp41") == (
        "/meetings/2011/02/15/safer-halton-partnership/#item-shp41"
    )
    assert urls.organisation(OrganisationSlug("halton-borough-council")) == (
        "/organisations/halton-borough-council/"
    )
    assert (
        urls.organisation(OrganisationSlug("hbc"), Period(2011, 2011)) == "/organisations/hbc/2011/"
    )
    assert urls.topic(TopicSlug("funding"), Period(2005, 2009)) == "/topics/funding/2005-2009/"
    assert urls.topic(TopicSlug("substance-misuse")) == "/topics/substance-misuse/"
    assert urls.static("style.css") == "/static/style.css"
    assert urls.not_found() == "/404.html"


def test_urls_under_a_base_url_with_a_path():
    urls = Urls("https://example.org/minutes/")
    assert urls.base_path == "/minutes/"
    assert urls.home() == "/minutes/"
    assert urls.meeting(MEETING) == "/minutes/meetings/2011/02/15/safer-halton-partnership/"
    assert urls.topic(TopicSlug("alcohol")) == "/minutes/topics/alcohol/"
    assert urls.static("style.css") == "/minutes/static/style.css"
    assert urls.document(MEETING, "content/shp/agenda.pdf") == (
        "/minutes/meetings/2011/02/15/safer-halton-partnership/agenda.pdf"
    )


def test_absolute_addresses_keep_the_domain_and_the_path():
    urls = Urls("https://example.org/minutes/")
    assert urls.absolute(urls.meeting(MEETING)) == (
        "https://example.org/minutes/meetings/2011/02/15/safer-halton-partnership/"
    )
    assert Urls("/").absolute("/meetings/") == "/meetings/"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/minutes/", "index.html"),
        ("/minutes/meetings/2011/", "meetings/2011/index.html"),
        ("/minutes/meetings/2011/02/15/shp/#item-5", "meetings/2011/02/15/shp/index.html"),
        ("/minutes/static/style.css", "static/style.css"),
        ("/minutes/404.html", "404.html"),
    ],
)
def test_output_paths_are_relative_to_the_output_folder_without_the_base_path(url, path):
    assert Urls("https://example.org/minutes/").output_path(url) == path


def test_a_base_path_without_a_trailing_slash_still_works():
    assert Urls("https://example.org/minutes").base_path == "/minutes/"
    assert Urls("https://example.org").base_path == "/"
