"""Encyclopaedic pages: a front matter's scrape date is a retrieval date, never the publication
date, so undated narrative dates ("On 6 March, ...") do not resolve to the scrape year."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from frontwatch.corpus import CorpusResult
from frontwatch.ingest import IngestOptions, read_paths
from frontwatch.ingest.document import dates_of, to_document
from frontwatch.ingest.reader import read_file
from frontwatch.ingest.reference import is_reference_document, is_reference_work
from frontwatch.ingest.text import split_front_matter
from frontwatch.resolve.pubdate import pubdate_stage

NEWS = "Rebels shelled the town on Monday, killing three people, a monitoring group said."


def wikipedia_files(shared: Path, n: int = 12) -> list[Path]:
    files = sorted((shared / "corpora/wikipedia-syria").glob("*.md"))
    assert files
    return files[:: max(1, len(files) // n)][:n]


def test_wikipedia_scrape_date_is_retrieved_not_published(shared):
    for path in wikipedia_files(shared):
        meta, _body = split_front_matter(path.read_text("utf-8"))
        [article] = list(read_file(str(path), IngestOptions()))
        doc = to_document(article)
        assert is_reference_document(doc)
        assert doc.published is None and doc.published_basis is None
        if meta.get("pubdate"):   # the scrape date is kept apart, as the retrieval date
            assert dates_of(article) == (None, meta["pubdate"][:10])


def test_wikipedia_narrative_dates_do_not_take_the_scrape_year(shared, analyse):
    """"On 6 March" in an encyclopaedia article must not resolve to the year it was scraped."""
    checked = 0
    for path in wikipedia_files(shared, 40):
        meta, _body = split_front_matter(path.read_text("utf-8"))
        doc = next(iter(read_paths([str(path)])))
        scrape_year = (meta.get("pubdate") or "")[:4]
        if not scrape_year or scrape_year in doc.text or len(doc.text) > 40_000:
            continue
        analysis = analyse(doc.text, published=doc.published, doc_id=doc.id)
        values = [t.value for t in analysis["times"] if t.value]
        assert values, path.name
        assert not [v for v in values if v.startswith(scrape_year)], path.name
        checked += 1
        if checked == 4:
            break
    assert checked >= 2


@pytest.mark.parametrize("front, published, retrieved", [
    ("author: Wikipedia\npubDate: 2023-08-21 10:00", None, "2023-08-21"),
    ("url: https://en.wikipedia.org/wiki/Battle\ndate: 2023-08-21", None, "2023-08-21"),
    ("outlet: Example Daily\ndate: 2016-07-27\naccessed: 2023-08-21", "2016-07-27", "2023-08-21"),
    ("outlet: Example Daily\npubDate: 2016-07-27", "2016-07-27", None),
])
def test_front_matter_dates(tmp_path, front, published, retrieved):
    path = tmp_path / "page.md"
    path.write_text(f"---\ntitle: A page\n{front}\n---\n\n{NEWS}\n", "utf-8")
    [article] = list(read_file(str(path), IngestOptions()))
    assert dates_of(article) == (published, retrieved)
    doc = to_document(article)
    assert doc.published == published
    if hasattr(doc, "retrieved"):
        assert doc.retrieved == retrieved


def test_json_record_retrieval_date_is_not_the_publication_date(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "%s", "date_download": "2023-08-21", "date_publish": "2016-07-27"}\n' % NEWS)
    [article] = list(read_file(str(path), IngestOptions()))
    assert dates_of(article) == ("2016-07-27", "2023-08-21")
    assert to_document(article).published == "2016-07-27"


@pytest.mark.parametrize("labels, expected", [
    (("Wikipedia",), True), ((None, None, "https://en.m.wikipedia.org/wiki/Aleppo"), True),
    (("Encyclopaedia Britannica",), True), (("Reuters", "Al Jazeera"), False),
    (("Wikipedian Daily",), False), ((None,), False),
])
def test_is_reference_work(labels, expected):
    assert is_reference_work(*labels) is expected


def test_pubdate_stage_does_not_date_reference_pages(shared):
    """Dated news sharing an encyclopaedia page's rare words would date an ordinary undated
    article (the control); the encyclopaedia page stays undated."""
    pages = [next(iter(read_paths([str(p)]))) for p in wikipedia_files(shared, 14)]

    def text_of(page) -> str:   # no year later than the news' dates
        return re.sub(r"\b(?:19|20)\d\d\b", "", page.text[:3000])

    page, others = pages[0], pages[1:]
    news = [replace(page, id=f"n{i}", text=text_of(page), author="Example Daily", url=None,
                    published=f"2024-03-0{i}", published_basis="metadata") for i in (4, 5, 6)]
    filler = [replace(p, id=f"f{i}", text=text_of(p), author="Example Daily", url=None,
                      published="2024-09-15", published_basis="metadata") for i, p in enumerate(others)]
    encyclopaedic = replace(page, id="wiki", text=text_of(page), published=None)
    control = replace(page, id="control", text=text_of(page), author="Example Daily", published=None)
    result = CorpusResult(documents=[*news, *filler, encyclopaedic, control])
    pubdate_stage(result)
    assert control.published and control.published.startswith("2024-03")
    assert encyclopaedic.published is None
