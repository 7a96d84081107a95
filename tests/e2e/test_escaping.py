"""Whatever a clerk types, pages show it as text: no markup from content or config gets through."""

from __future__ import annotations

import re

from conftest import build_site, make_site, rendered

HOSTILE = """
-- minutebook.yaml --
title: "<script>alert('title')</script> minutes"
description: "<img src=x onerror=alert(1)>"
-- content/2011-02-15.md --
---
organisation: "<script>alert(1)</script>"
date: 2011-02-15
title: "<b>bold</b> meeting"
location: "<iframe src=x>"
present:
  - name: "<svg onload=alert(1)>"
    role: '"><script>role</script>'
topics: ["<em>topic</em>"]
next_meeting:
  date: 2030-01-01
  location: "<script>next</script>"
documents:
  - title: "<script>document</script>"
    url: 'https://example.org/"><script>url</script>'
---
Intro <script>intro</script>

## 1. <script>heading</script> heading

Topics: <script>topic line</script>
Action: <script>action</script>

<iframe src="https://example.org/"></iframe>
"""
INJECTED = re.compile(r"<(script|svg|iframe|img|b|em)[\s>]", re.IGNORECASE)


def test_markup_typed_anywhere_is_escaped_on_every_page(tmp_path):
    root = make_site(tmp_path, HOSTILE)
    report = build_site(root)
    assert report.published, rendered(report.diagnostics)
    pages = sorted((root / "output").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        html = page.read_text("utf-8")
        assert INJECTED.findall(html) == [], page
        assert "javascript:" not in html, page
    meeting = (root / "output/meetings/2011/02/15/script-alert-1-script/index.html").read_text(
        "utf-8"
    )
    assert "&lt;b&gt;bold&lt;/b&gt; meeting" in meeting
    assert "&lt;svg onload=alert(1)&gt;" in meeting
