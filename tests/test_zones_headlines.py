"""Zones of headlines and of link boxes run into the text: a title-case line of its own is a
headline, a capitalised "Related News" label marks its sentence as boilerplate wherever it
sits, and the extractors take no claims from a dated headline and no figures from link boxes;
on real pages read at run time and on page texts written here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontwatch.extract.sentences import split_sentences
from frontwatch.extract.zones import zones_of
from frontwatch.ingest import read_paths

LEAD = "Government warplanes struck a market in the town on Sunday, killing at least 12 people, a monitor said."
MORE = "Rescue workers searched the rubble for survivors until late at night, the group added."
LAST = "The town has changed hands several times since the war began, residents said."


def _zones(*lines: str, sep: str = " ") -> list[str]:
    sentences = split_sentences(sep.join(lines))
    assert zones_of(sentences) == [s.zone for s in sentences]
    return [s.zone for s in sentences]


def _claims(text: str) -> list:
    from frontwatch.pipeline import default_pipeline
    from frontwatch.records import Document

    return default_pipeline(strict=True).run(Document(id="t", text=text))["claims"]


@pytest.mark.parametrize("first", [
    "12 March 2016 - Monitor says air strikes kill 12 in town market.",
    "Published March 12 2016 - Air strikes kill 12 in market monitoring group says.",
    "March 12 2016 Activists say dozens killed in strikes on market.",
])
def test_a_dated_headline_holds_no_claim(first):
    text = " ".join([first, LEAD, MORE])
    sentences = split_sentences(text)
    assert sentences[0].zone == "dateline"
    claims = _claims(text)
    assert claims and all(c.span.start >= sentences[1].start for c in claims)


def test_a_dated_lead_is_read():
    """A headline run into the lead is a long dateline; the lead's claim is kept."""
    first = "12.03.2016 - Strikes Kill 12 in Market - (updated 1200 12.03.2016) Get short URL 0 41 " + LEAD
    text = " ".join([first, LAST])
    assert split_sentences(text)[0].zone == "dateline"
    assert any(c.span.start < len(first) for c in _claims(text))


@pytest.mark.parametrize("box", [
    "Source AFP Related News Strike kills 20 in northern town Talks resume in the capital",
    "Source: Reuters and agencies Related Coverage UN council urges access for aid convoys",
    "Print Views 120 Related Articles Rebels seize 3 villages Army says it repelled attack",
])
def test_a_related_box_run_into_a_line_is_boilerplate(box):
    assert _zones(LEAD, MORE, box + ".", LAST) == ["body", "body", "boilerplate", "body"]


@pytest.mark.parametrize("sentence", [
    "The attack was related to fighting in the north, the monitor said.",
    "Related fighting spread to the south of the province.",
    "The ministry published related news reports on Monday.",
])
def test_related_in_reporting_is_body(sentence):
    assert _zones(LEAD, sentence, MORE) == ["body", "body", "body"]


@pytest.mark.parametrize("line, zone", [
    ("Rebels Kill 40 Militants in Two Days Near the Border", "headline"),     # a subheading
    ("Dozens of Casualties in Market Bomb Blast", "headline"),
    ("More than 40 militants were killed in two days", "body"),             # sentence case
    ("Rebels Kill 40 Militants in Two Days Near the Border.", "body"),      # punctuated
    ("- Battle for the Northern Border", "body"),                          # a list item
    ("## Battle for the Northern Border", "body"),                          # a Markdown heading
    ("Army Advances", "body"),                                             # too short to tell
])
def test_title_case_lines_inside_a_page(line, zone):
    assert _zones(LEAD + " " + MORE, line, LAST, sep="\n\n") == ["body", "body", zone, "body"]


def test_titles_under_a_link_box_stay_boilerplate():
    zones = _zones(LEAD + " " + MORE, "Read more", "Rebels Kill 40 Militants in Two Days Near the Border",
                   "Aid Convoy Reaches the Besieged Town", sep="\n\n")
    assert zones == ["body", "body", "boilerplate", "boilerplate", "boilerplate"]


def _fakes(shared: Path, pattern: str, limit: int = 30) -> list[str]:
    regex = re.compile(pattern)
    paths = [p for p in sorted((shared / "corpora/fa-kes/articles").iterdir())
             if regex.search(p.read_text("utf-8", errors="replace"))][:limit]
    return [doc.text for doc in read_paths([str(p) for p in paths])]


def test_related_news_boxes_of_real_pages(shared):
    texts = _fakes(shared, r"Related (?:News|Coverage)")
    assert len(texts) >= 10
    for text in texts:
        sentences = split_sentences(text)
        boxes = [s for s in sentences if re.search(r"Related (?:News|Coverage)", s.text)]
        assert boxes and all(s.zone == "boilerplate" for s in boxes), [s.text[:80] for s in boxes]
        # the reporting before the box stays body
        assert any(s.zone == "body" for s in sentences if s.index < boxes[0].index)


def test_comment_box_footers_of_real_pages(shared):
    texts = _fakes(shared, r"Community standardsDiscussion")
    assert texts
    for text in texts:
        last = split_sentences(text)[-1]
        assert "Community standards" in last.text and last.zone == "boilerplate", last.text[:80]


@pytest.mark.parametrize("line, nothing", [
    ("Source AFP Related News Strike kills 20 in northern town Talks resume in the capital.", True),
    ("015 Related Dozens of Casualties Reported in Market Bomb Blast Army Frees 3 Villages.", True),
    ("016 Tags civilian deaths coalition airstrikes Syria Community standardsDiscussion Comment", True),
    # a tag list a scrape ran into the lead: the lead is read
    ("Tags Syria Idlib Airstrikes At least 16 people were killed in strikes on the town on Monday.", False),
    (LEAD, False),
])
def test_reports_nothing(line, nothing):
    from frontwatch.extract.zones import reports_nothing

    sentences = split_sentences(" ".join([LEAD, MORE, LAST, line]))
    assert reports_nothing(sentences[3]) is nothing, sentences[3].zone


def test_figures_skip_related_boxes_of_real_pages(shared):
    """The figures of a "Related News" box are other stories' (read through the whole pipeline)."""
    from frontwatch.pipeline import default_pipeline

    paths = [p for p in sorted((shared / "corpora/fa-kes/articles").iterdir())
             if re.search(r"Related News \w", p.read_text("utf-8", errors="replace"))][:6]
    assert paths
    pipeline = default_pipeline(strict=True)
    boxed = 0
    for doc in read_paths([str(p) for p in paths]):
        analysis = pipeline.run(doc)
        box = next(s for s in analysis["sentences"] if "Related News" in s.text)
        in_box = [f for f in analysis["figures"] if box.start <= f.span.start < box.end]
        assert not in_box, [doc.text[f.span.start:f.span.end] for f in in_box]
        boxed += any(w[:1].isdigit() or w.lower() in ("thousands", "dozens", "hundreds")
                     for w in box.text.split())    # the box did hold counts to skip
    assert boxed
