"""Linking citations in rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import ClassVar

from sopkit.law.citations import Citation
from sopkit.render.linking import Target, link_citations


def resolve(citation: Citation) -> Target | None:
    if citation.normalized == "Policy 09.99":
        return None
    return Target(
        f"https://law.example/{citation.normalized.replace(' ', '_')}",
        f"Title of {citation.normalized}",
    )


class Balance(HTMLParser):
    """Checks that every element closes in order."""

    VOID: ClassVar[frozenset[str]] = frozenset({"br", "img", "hr", "meta", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.ok &= bool(self.stack) and self.stack.pop() == tag


def well_formed(html: str) -> bool:
    checker = Balance()
    checker.feed(html)
    return checker.ok and not checker.stack


def test_citations_in_text_are_linked_with_the_authority_title() -> None:
    assert link_citations("<p>Under KRS 158.441, officers.</p>", resolve) == (
        '<p>Under <a class="sopkit-citation" href="https://law.example/KRS_158.441" '
        'title="Title of KRS 158.441">KRS 158.441</a>, officers.</p>'
    )


def test_never_inside_links_code_preformatted_text_or_headings() -> None:
    html = (
        '<p><a href="x">KRS 158.441</a> <code>KRS 1.010</code></p><pre><code>KRS 2.015\n</code></pre>'
        "<h2>KRS 15.380 heading</h2><script>var a = 'KRS 1.010'</script><!-- KRS 1.010 -->"
    )
    assert link_citations(html, resolve) == html


def test_text_after_a_skipped_element_is_linked_again() -> None:
    out = link_citations(
        "<p><code>x</code> and KRS 161.011</p><h3>t</h3><p>704 KAR 7:160</p>", resolve
    )
    assert out.count('class="sopkit-citation"') == 2


def test_entities_are_decoded_to_find_and_escaped_to_write() -> None:
    out = link_citations("<p>20 U.S.C. &sect; 1232g &amp; &lt;b&gt; &#52;04 KAR 7:160</p>", resolve)
    assert ">20 U.S.C. § 1232g</a> &amp; &lt;b&gt; <a" in out
    assert ">404 KAR 7:160</a>" in out
    assert well_formed(out)


def test_citations_without_a_target_stay_text() -> None:
    assert link_citations("<p>Policy 09.99</p>", resolve) == "<p>Policy 09.99</p>"


def test_the_page_stays_well_formed() -> None:
    html = (
        "<ul><li>KRS 61.902 to KRS 61.930</li><li><em>see</em> KRS 158.4414(2)</li></ul>"
        "<table><tr><th>Law</th></tr><tr><td>34 CFR 99.3, 99.31</td></tr></table>"
        '<p>A <a href="y">link</a> then KRS 527.070<br>and 704 KAR 7:160.</p>'
    )
    out = link_citations(html, resolve)
    assert out.count('class="sopkit-citation"') == 6
    assert well_formed(out)
    assert '"Title of KRS 61.902-61.930"' in out
