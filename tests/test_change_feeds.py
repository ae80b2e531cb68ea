"""The feed of changes by edition (changes.atom), the editions in the calendar, and the
autodiscovery link on every page: on a repository with three editions in git."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import AS_OF, ProjectFolder
from golden import check_golden
from sitebuild import build_site, write_site
from sopkit.editions.leaks import restricted_markers, scan_folder
from sopkit.editions.select import hidden_pages
from sopkit.pipeline import BuildOptions, build
from sopkit.sources.history import load_with_history
from sopkit.sources.project import Layout
from sopkit.web import feeds
from sopkit.web.change_feed import change_feed, changes_by_edition
from sopkit.web.feeds import calendar_ics
from sopkit.web.manifests import content_hash, manifest, manifest_csv, manifest_json
from test_edition_history import INTERVIEWS, three_editions  # noqa: F401 (a fixture)

GOLDEN = Path(__file__).parent / "golden" / "feeds"
ATOM = "{http://www.w3.org/2005/Atom}"
Editions = tuple[ProjectFolder, str, str]


def feed_of(project: ProjectFolder, edition: str) -> str:
    loaded = load_with_history(Layout(project.root))
    done = build(loaded, BuildOptions(as_of=AS_OF, edition=edition, render=False))  # type: ignore[arg-type]
    assert done.published is not None and done.published.manual is not None
    editions = changes_by_edition(done.published, done.history)
    return change_feed(done.published.manual, editions, edition, url_for)


def url_for(path: str) -> str:
    """Addresses as MkDocs makes them: a page's folder, a file's own path."""
    if path.endswith(".md"):
        path = path.removesuffix(".md").removesuffix("index") + "/"
    return "https://district.example/" + path.removeprefix("/")


def test_the_feed_is_exact_for_each_edition_of_the_site(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    check_golden(
        GOLDEN / "changes-atom.txt",
        {"internal": feed_of(project, "internal"), "public": feed_of(project, "public")},
    )


def test_the_feed_is_atom_with_every_required_element(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    feed = ET.fromstring(feed_of(project, "internal"))
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "urn:sopkit:test-manual:edition:2026-27",
        "urn:sopkit:test-manual:edition:2026-27:section:telling-parents",
        "urn:sopkit:test-manual:edition:2026-27:section:student-searches",
        "urn:sopkit:test-manual:edition:2026-27:section:interview-notes",
        "urn:sopkit:test-manual:edition:2025-26",
        "urn:sopkit:test-manual:edition:2025-26:section:student-interviews",
        "urn:sopkit:test-manual:edition:2025-26:section:student-searches",
        "urn:sopkit:test-manual:edition:2025-26:section:telling-parents",
        "urn:sopkit:test-manual:edition:2024-25",
    ]
    for entry in entries:
        for required in ("id", "title", "updated", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    # Dated by the editions, never by the day of the build.
    assert feed.findtext(f"{ATOM}updated") == "2026-06-15T00:00:00-04:00"


def test_the_public_feed_holds_no_internal_change(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    feed = feed_of(project, "public")
    assert "student-searches" not in feed and "Searches" not in feed
    site = project.root / "public-feed"
    site.mkdir()
    (site / "changes.atom").write_text(feed, encoding="utf-8")
    (site / "changes-internal.atom").write_text(feed_of(project, "internal"), encoding="utf-8")
    # What the earlier editions restrict counts too: 4.3 is gone from today's sources.
    loaded = load_with_history(Layout(project.root))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    scan = scan_folder(site, markers, hidden_pages(loaded.project))
    assert {leak.path for leak in scan.leaks} == {"changes-internal.atom"}


def test_the_calendar_has_each_edition_s_day_in_force(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    manual = loaded.project.manual
    assert manual is not None
    stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    ics = calendar_ics(manual, (), (), stamp, lambda p: p, loaded.project.editions).decode()
    events = ics.split("BEGIN:VEVENT")[1:]
    assert [
        [line for line in event.splitlines() if line.startswith(("SUMMARY", "DTSTART", "UID"))]
        for event in events
    ] == [
        [f"SUMMARY:Edition {year}-{int(year[2:]) + 1} in force", f"DTSTART;VALUE=DATE:{year}0701",
         f"UID:edition-{year}-{int(year[2:]) + 1}@test-manual"]
        for year in ("2024", "2025", "2026")
    ]  # fmt: skip


def test_the_calendar_is_written_again_only_when_an_event_changed(
    three_editions: Editions,  # noqa: F811
) -> None:
    # What a live preview relies on: the calendar's text is kept by what it is made of
    # (each event's plain data), so an edit that changes no event writes nothing again,
    # and one that changes an event is in the calendar at once.
    project, _, _ = three_editions
    editions = load_with_history(Layout(project.root)).project.editions
    manual = load_with_history(Layout(project.root)).project.manual
    assert manual is not None
    stamp = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    feeds._ics.cache_clear()
    first = calendar_ics(manual, (), (), stamp, lambda p: p, editions)
    # Equal inputs read afresh (other objects): the kept text, not a second writing.
    again = load_with_history(Layout(project.root)).project
    assert again.manual is not None and again.manual is not manual
    assert calendar_ics(again.manual, (), (), stamp, lambda p: p, again.editions) == first
    assert (feeds._ics.cache_info().hits, feeds._ics.cache_info().misses) == (1, 1)
    moved = dataclasses.replace(editions[-1], in_force_from=dt.date(2026, 8, 1))
    changed = calendar_ics(manual, (), (), stamp, lambda p: p, (*editions[:-1], moved))
    assert b"DTSTART;VALUE=DATE:20260801" in changed and changed.count(b"BEGIN:VEVENT") == 3
    assert b"DTSTART;VALUE=DATE:20260801" not in first


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_every_page_links_the_feed_and_the_site_has_it(
    three_editions: Editions,  # noqa: F811
    edition: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, _, _ = three_editions
    write_site(project.root)
    monkeypatch.setenv("SOPKIT_EDITION", edition)
    built = build_site(project.root)
    assert (built.error, built.warnings()) == ("", [])
    link = (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Test manual: changes by edition" href="{}">'
    )
    assert link.format("changes.atom") in built.html("index.html")
    assert link.format("../../changes.atom") in built.html("sop/student-interviews/index.html")
    ET.fromstring(built.html("changes.atom"))
    assert json.loads(built.html("manifests/2026-27.json"))["site_edition"] == edition
    assert built.html("manifests/2026-27.csv").startswith("id,number,title,")


# -- acknowledgement manifests ----------------------------------------------------------


def manifests_of(project: ProjectFolder, edition: str) -> tuple[str, str]:
    loaded = load_with_history(Layout(project.root))
    done = build(loaded, BuildOptions(as_of=AS_OF, edition=edition, render=False))  # type: ignore[arg-type]
    assert done.published is not None
    data = manifest(done.published, done.history, edition, url_for)
    as_csv = manifest_csv(data)
    assert as_csv.count("\r\n") == as_csv.count("\n")  # RFC 4180: each record ends in CRLF
    return manifest_json(data), as_csv.replace("\r\n", "\n")


def test_the_manifests_are_exact_for_each_edition_of_the_site(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    internal_json, internal_csv = manifests_of(project, "internal")
    public_json, public_csv = manifests_of(project, "public")
    check_golden(
        GOLDEN / "manifests.txt",
        {"internal.json": internal_json, "internal.csv": internal_csv,
         "public.json": public_json, "public.csv": public_csv},
    )  # fmt: skip


def test_a_section_s_hash_changes_with_its_text_and_not_with_a_review(
    project: ProjectFolder,
) -> None:
    loaded = load_with_history(Layout(project.root))
    assert loaded.project.manual is not None
    [section, *_] = loaded.project.manual.sections
    digest = content_hash(section)
    assert len(digest) == 64 and digest == content_hash(section)
    reviewed = dataclasses.replace(section, review=None)
    assert content_hash(reviewed) == digest
    retitled = dataclasses.replace(section, title=section.title + " (revised)")
    assert content_hash(retitled) != digest


def test_the_manifests_list_a_changed_section_for_its_audiences_and_roles(
    three_editions: Editions,  # noqa: F811
) -> None:
    project, _, _ = three_editions
    project.replace(INTERVIEWS, "title: Student interviews", "title: Interviews")
    data = json.loads(manifests_of(project, "public")[0])
    # Renumbered and moved with the same text: nobody is asked to read them again.
    assert [(s["id"], s["since_previous"]) for s in data["sections"]] == [
        ("student-interviews", "changed"),
        ("telling-parents", "renumbered"),
        ("interview-notes", "moved"),
    ]
    assert (data["to_read_by_audience"], data["to_read_by_role"]) == (
        {"ssos": ["student-interviews"]},
        {"chief": ["student-interviews"], "sso": ["student-interviews"]},
    )


def test_without_the_previous_edition_s_history_no_change_is_claimed(
    three_editions: Editions,  # noqa: F811
) -> None:
    project, _, _ = three_editions
    loaded = load_with_history(Layout(project.root))
    done = build(loaded, BuildOptions(as_of=AS_OF, render=False))
    assert done.published is not None
    data = manifest(done.published, done.history[:1], "internal", url_for)
    # Against 2024-25 (the history of 2025-26 left out): nothing known to compare.
    assert (data["previous_edition"], data["changes_known"]) == ("2025-26", False)
    assert data["to_read_by_role"] == {}


def test_the_public_manifests_hold_nothing_internal(three_editions: Editions) -> None:  # noqa: F811
    project, _, _ = three_editions
    site = project.root / "public-manifests"
    site.mkdir()
    for edition in ("public", "internal"):
        as_json, as_csv = manifests_of(project, edition)
        (site / f"{edition}.json").write_text(as_json, encoding="utf-8")
        (site / f"{edition}.csv").write_text(as_csv, encoding="utf-8")
    loaded = load_with_history(Layout(project.root))
    markers = restricted_markers(loaded.project)
    for earlier in loaded.history:
        markers += restricted_markers(earlier.project)
    scan = scan_folder(site, markers, hidden_pages(loaded.project))
    found = {leak.path for leak in scan.leaks}
    assert "internal.json" in found and found <= {"internal.json", "internal.csv"}
    assert not [leak for leak in scan.leaks if leak.path.startswith("public")]
