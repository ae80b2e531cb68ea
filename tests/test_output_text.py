"""Every output uses the text rules of the pages: no invisible or control character
reaches calendar.ics, reviews.json, a page or a PDF's metadata, whatever path brought it.

The sources refuse these characters (raw or escaped), so this is the second line: each
test puts a right-to-left override into the model directly, past the loader, as a gap
in the checks would. On the previous main it reached calendar.ics, reviews.json and the
PDF's title.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from conftest import AS_OF, ProjectFolder
from sopkit import Layout, load_project
from sopkit.model import Project
from sopkit.pipeline import BuildOptions, build, print_documents_of
from sopkit.status.reviews import review_states
from sopkit.web.feeds import calendar_ics, reviews_json

RLO = "\u202e"
FORBIDDEN = (RLO, "\u200b", "\x07")


@pytest.fixture
def tainted(project: ProjectFolder) -> Project:
    loaded = load_project(Layout(project.root))
    manual = loaded.project.manual
    assert manual is not None
    chapter = manual.chapters[0]
    section = dataclasses.replace(
        chapter.sections[0], title=f"Interviewing{RLO} stu\u200bdents\x07"
    )
    chapters = (dataclasses.replace(chapter, sections=(section, *chapter.sections[1:])),)
    manual = dataclasses.replace(manual, title=f"Test{RLO} manual", chapters=chapters)
    return dataclasses.replace(loaded.project, manual=manual)


def clean(text: str) -> bool:
    return not any(char in text for char in FORBIDDEN)


def test_the_feeds_hold_no_forbidden_character(tainted: Project) -> None:
    manual = tainted.manual
    assert manual is not None
    states = review_states(manual, AS_OF)
    stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    ics = calendar_ics(manual, states, [], stamp, lambda path: f"https://x.example/{path}")
    data = reviews_json(manual, states, [], {}, AS_OF, lambda path: path)
    assert clean(ics.decode("utf-8")) and "Review due: 4.2 Interviewing students" in ics.decode()
    assert clean(data) and '"title": "Interviewing students"' in data


@pytest.mark.pdf
def test_pages_and_pdf_metadata_hold_no_forbidden_character(tainted: Project) -> None:
    from sopkit.pdf.writer import render_pdf
    from sopkit.sources.project import LoadResult

    done = build(LoadResult(tainted), BuildOptions(as_of=AS_OF, pdf=True))
    assert done.site is not None
    assert all(clean(page.markdown) for page in done.site.pages)
    (document,) = [
        d
        for d in print_documents_of(done, generated=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
        if d.path == "pdf/sections/student-interviews-internal-edition.pdf"
    ]
    assert clean(document.html)
    reader = PdfReader(io.BytesIO(render_pdf(document.html)))
    assert reader.metadata is not None
    assert reader.metadata.title == "4.2 Interviewing students"
    assert clean("".join(page.extract_text() for page in reader.pages))
