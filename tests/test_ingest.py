"""Ingest: every supported format read into Documents with their metadata and stable ids."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwatch.ingest import DEFAULT_FIELDS, IngestOptions, InputError, content_id, read_paths, unique_documents
from frontwatch.ingest.metadate import metadata_date
from frontwatch.ingest.sniff import detect_format
from frontwatch.normalise import normalise_text
from frontwatch.records import Document

BODY = ("Government forces advanced on the northern town on Tuesday after two days of heavy "
        "fighting, a local official said.\n\nResidents said at least nine people were killed "
        "and dozens fled towards the border.")

PAGE = """<!DOCTYPE html>
<html><head><title>Forces advance on town | Northern Post</title>
<meta property="og:title" content="Forces advance on northern town">
<meta property="og:site_name" content="Northern Post">
<meta name="author" content="Sam Writer">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="https://northern-post.example/2016/06/forces-advance">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Forces advance on northern town</h1>
<p>Government forces advanced on the northern town on Tuesday after two days of heavy fighting, a local official said.</p>
<p>Residents said at least nine people were killed and dozens fled towards the border.</p>
<p>The army did not comment on the reports, which could not be independently verified.</p>
</article><footer>Copyright Northern Post</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Frontline Wire</title><link>https://wire.example</link>
<item><title>Shelling hits market</title><link>https://wire.example/1</link>
<pubDate>Thu, 02 Jun 2016 23:30:00 -0500</pubDate><author>desk@wire.example (Desk)</author>
<description>&lt;p&gt;Shelling hit a crowded market on Thursday, &lt;b&gt;killing four&lt;/b&gt;, medics said.&lt;/p&gt;</description></item>
<item><title>Convoy reaches besieged district</title><link>https://wire.example/2</link>
<pubDate>Fri, 03 Jun 2016 08:00:00 GMT</pubDate>
<description>An aid convoy reached the besieged district on Friday for the first time in months.</description></item>
<item><title>Empty</title><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Ceasefire announced</title><link href="https://atom.example/c"/>
<updated>2017-05-04T12:00:00Z</updated><id>urn:1</id>
<content type="html">&lt;p&gt;A ceasefire was announced in the southern province on Thursday.&lt;/p&gt;&lt;p&gt;Both sides said they would respect it.&lt;/p&gt;</content>
</entry></feed>"""


def docs_of(*paths, options: IngestOptions | None = None) -> list[Document]:
    items = list(read_paths([str(p) for p in paths], options))
    assert all(isinstance(i, Document) for i in items), [i for i in items if isinstance(i, InputError)]
    return items


def test_ingest_plain_text(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(BODY + "\n", "utf-8")
    [doc] = docs_of(path)
    assert doc.text == BODY
    assert doc.file == "report.txt" and doc.path == str(path) and doc.source_format == "text"
    assert doc.id == content_id(BODY, "report")


@pytest.mark.parametrize("date, expected", [
    ("2016-06-02T22:00:00-05:00", "2016-06-02"),   # the publisher's day, not UTC's
    ("2016-06-02", "2016-06-02"),
])
def test_ingest_html_page_text_and_metadata(tmp_path: Path, date, expected):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(date=date), "utf-8")
    [doc] = docs_of(path)
    assert "nine people were killed" in doc.text and "independently verified" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text      # boilerplate left out
    assert doc.title == "Forces advance on northern town"
    assert doc.outlet == "Northern Post" and doc.author == "Sam Writer"
    assert doc.url == "https://northern-post.example/2016/06/forces-advance"
    assert doc.published == expected and doc.published_basis == "metadata"
    assert doc.raw.startswith("<!DOCTYPE html>") and doc.source_format == "html"


@pytest.mark.parametrize("body", [
    "<p>Two mortar rounds hit the square.</p>",                      # too short for trafilatura
    "<div>Two mortar rounds hit the square.<br>Nobody was hurt.</div>",
])
def test_ingest_short_html_without_metadata(tmp_path: Path, body):
    path = tmp_path / "short.htm"
    path.write_text(f"<html><body>{body}</body></html>", "utf-8")
    [doc] = docs_of(path)
    assert doc.text.startswith("Two mortar rounds hit the square.")
    assert doc.title is None and doc.source_format == "html"


def test_ingest_html_sniffed_by_content_not_extension(tmp_path: Path):
    path = tmp_path / "saved_page.txt"
    path.write_text(PAGE.format(date="2016-06-02"), "utf-8")
    [doc] = docs_of(path)
    assert doc.source_format == "html" and "<p>" not in doc.text


def test_ingest_rss_feed_entries(tmp_path: Path):
    path = tmp_path / "wire.xml"
    path.write_text(FEED, "utf-8")
    items = list(read_paths([str(path)]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.title for d in docs] == ["Shelling hits market", "Convoy reaches besieged district"]
    first = docs[0]
    assert first.text == "Shelling hit a crowded market on Thursday, killing four, medics said."
    assert first.outlet == "Frontline Wire" and first.url == "https://wire.example/1"
    assert first.published == "2016-06-02"          # as dated by the feed, not shifted to UTC
    assert first.path == f"{path}#1" and first.file == "wire.xml#1" and first.source_format == "feed"
    assert [e.where for e in errors] == [f"{path}#3"]


def test_ingest_feed_prefers_full_content_to_teaser(tmp_path: Path):
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            "<channel><title>Desk</title><item><title>Dam battle</title>"
            "<description>Fighting near the dam...</description>"
            "<content:encoded><![CDATA[<p>Fighting near the dam intensified on Monday.</p>"
            "<p>Engineers warned the structure could fail.</p>]]></content:encoded>"
            "<pubDate>Mon, 27 Mar 2017 10:00:00 +0300</pubDate></item></channel></rss>")
    path = tmp_path / "desk.rss"
    path.write_text(feed, "utf-8")
    [doc] = docs_of(path)
    assert doc.text == "Fighting near the dam intensified on Monday.\n\nEngineers warned the structure could fail."
    assert doc.raw.startswith("<p>") and doc.published == "2017-03-27"


def test_ingest_atom_feed(tmp_path: Path):
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, "utf-8")
    [doc] = docs_of(path)
    assert doc.text == "A ceasefire was announced in the southern province on Thursday.\n\nBoth sides said they would respect it."
    assert doc.published == "2017-05-04" and doc.outlet == "Atom Desk"


def test_ingest_json_array_with_alternative_field_names(tmp_path: Path):
    records = [
        {"headline": "Town retaken", "body": BODY, "link": "https://x.example/a",
         "pubDate": "02-06-2016", "publisher": {"name": "X Daily"}, "authors": ["A. One", "B. Two"]},
        {"title": "Second", "content": "<p>Airstrikes hit the <b>eastern</b> district overnight.</p>",
         "published_at": 1464861600, "source": "Y Agency"},
    ]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(records), "utf-8")
    first, second = docs_of(path)
    assert first.title == "Town retaken" and first.url == "https://x.example/a"
    assert first.published == "2016-06-02"          # DD-MM-YYYY in these dumps
    assert first.outlet == "X Daily" and first.author == "A. One, B. Two"
    assert first.path == f"{path}#1" and first.file == "dump.json#1" and first.source_format == "json"
    assert second.text == "Airstrikes hit the eastern district overnight."
    assert second.published == "2016-06-02" and second.outlet == "Y Agency"


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_ingest_csv_rows(tmp_path: Path, delimiter):
    import csv

    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(["id", "headline", "body", "published", "source"])
        writer.writerow(["n1", "Town shelled", BODY, "02-06-2016", "Desk"])   # a field with line breaks
        writer.writerow(["n2", "Empty", "", "2016-06-03", "Desk"])
        writer.writerow(["n3", "Long", "x " * 100_000, "2016-06-04", "Desk"])  # over csv's 128 KB default
    items = list(read_paths([str(path)]))
    first = items[0]
    assert first.text == BODY and first.title == "Town shelled" and first.outlet == "Desk"
    assert first.published == "2016-06-02" and first.file == "n1" and first.path == f"{path}#1"
    assert isinstance(items[1], InputError) and items[1].where == f"{path}#2"
    assert isinstance(items[2], Document) and len(items) == 3


@pytest.mark.parametrize("wrapper", ["articles", "items", "data"])
def test_ingest_json_object_wrapping_records(tmp_path: Path, wrapper):
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"status": "ok", wrapper: [{"text": BODY, "id": 7}]}), "utf-8")
    [doc] = docs_of(path)
    assert doc.text == BODY and doc.file == "7"


def test_ingest_jsonl_configured_field_names(tmp_path: Path):
    path = tmp_path / "scrape.jsonl"
    path.write_text(json.dumps({"story_text": BODY, "when": "2017-04-05", "label": "ignore"}) + "\n", "utf-8")
    assert isinstance(next(read_paths([str(path)])), InputError)       # no text field known
    options = IngestOptions().with_fields({"text": "story_text", "date": "when"})
    [doc] = docs_of(path, options=options)
    assert doc.text == BODY and doc.published == "2017-04-05" and doc.source_format == "jsonl"


def test_ingest_forced_format(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("<p>Fighting continued near the dam, a commander said.</p>", "utf-8")
    [doc] = docs_of(path, options=IngestOptions(format="text"))
    assert doc.text.startswith("<p>")


def test_ingest_markdown_front_matter(tmp_path: Path):
    path = tmp_path / "battle.md"
    path.write_text("---\ntitle: Battle of the Dam\npubDate: 2023-10-05 05:10\ntags:\n  - one\n---\n\n"
                    "The **battle** began in [March](https://w.example/March).\n\n## Aftermath\n"
                    "![A photo](https://w.example/p.png)\nThe town was retaken.\n", "utf-8")
    [doc] = docs_of(path)
    assert doc.title == "Battle of the Dam" and doc.published == "2023-10-05"
    assert doc.text == "The battle began in March.\n\nAftermath\n\nThe town was retaken."


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
def test_ingest_encodings(tmp_path: Path, encoding):
    text = "Troops entered Ma\u00e2loula on Monday, r\u00e9sidents said." + (
        " They feared \u201cthe worst\u201d." if encoding != "latin-1" else "")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    [doc] = docs_of(path)
    assert doc.text == text


def test_ingest_html_declared_charset(tmp_path: Path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            "</head><body><p>\u0642\u0635\u0641 \u0639\u0644\u0649 \u062d\u0644\u0628</p></body></html>")
    path = tmp_path / "arabic.html"
    path.write_bytes(page.encode("cp1256"))
    [doc] = docs_of(path)
    assert doc.text == "\u0642\u0635\u0641 \u0639\u0644\u0649 \u062d\u0644\u0628"


def test_ingest_html_json_ld_date_and_no_date_from_text(tmp_path: Path):
    ld = '{"@type": "NewsArticle", "datePublished": "2018-02-20T09:00:00+02:00", "headline": "Siege"}'
    page = (f'<html><head><script type="application/ld+json">{ld}</script></head><body><article>'
            "<p>The siege of the eastern suburbs entered its fifth year on Tuesday, officials said.</p>"
            "<p>On 3 March 2013 the first checkpoints were set up around the district.</p>"
            "</article></body></html>")
    path = tmp_path / "siege.html"
    path.write_text(page, "utf-8")
    [doc] = docs_of(path)
    assert doc.published == "2018-02-20" and doc.published_basis == "metadata"


def test_ingest_same_input_twice_is_one_id(tmp_path: Path):
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    errors: list[InputError] = []
    docs = unique_documents(read_paths([str(tmp_path), str(tmp_path / "a.txt")]), errors)
    assert len(docs) == 1 and errors == []


def test_ingest_same_text_under_another_name_is_a_copy_not_a_merge(tmp_path: Path):
    """A re-post keeps its own document (and its own row in exports); dedup links it."""
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "b.txt").write_text("\ufeff  " + BODY.replace("\n\n", "\r\n\r\n") + "\r\n", "utf-8")
    errors: list[InputError] = []
    a, b = unique_documents(read_paths([str(tmp_path)]), errors)
    assert a.text == b.text and a.id != b.id


@pytest.mark.parametrize("value, expected", [
    ("2016-06-02T23:10:00+03:00", "2016-06-02"), ("02-06-2016", "2016-06-02"),
    ("13/06/2016", "2016-06-13"), ("06/13/2016", "2016-06-13"), ("2016/06/02", "2016-06-02"),
    ("Thu, 02 Jun 2016 10:00:00 GMT", "2016-06-02"), ("Sun 16 Apr 2017", "2017-04-16"),
    ("2 June 2016", "2016-06-02"), (1464861600, "2016-06-02"), (1464861600000, "2016-06-02"),
    ("2016-06", "2016-06"), ("2016", "2016"), ("yesterday", None), ("", None), ("31-02-2016", None),
])
def test_metadata_date(value, expected):
    assert metadata_date(value) == expected


@pytest.mark.parametrize("head, name, expected", [
    ("<!doctype html><html>", "a.txt", "html"),
    ("<?xml version='1.0'?>\n<!-- c --><rss version='2.0'>", "a.xml", "feed"),
    ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "a", "feed"),
    ('{"text": "x"}\n{"text": "y"}', "a.txt", "jsonl"),
    ('{\n "text": "x"\n}', "a", "json"),
    ('[{"text": "x"}]', "a", "json"),
    ("---\ntitle: x\n---\nbody", "a.txt", "markdown"),
    ("# Heading\nbody", "a.md", "markdown"),
    ("Plain words.", "a.html", "text"),
    ("<<Breaking>> Rebels advance.", "a.txt", "text"),
    ("id,title,text\n1,a,b", "export.txt", "csv"),
    ("url\theadline\tbody\n", "a.tsv", "csv"),
    ("Casualties, by province, were high.", "a.csv", "text"),
])
def test_detect_format_content_first(head, name, expected):
    assert detect_format(head, name, DEFAULT_FIELDS["text"]) == expected


def test_ingest_bracketed_text_is_not_json(tmp_path: Path):
    path = tmp_path / "wire.txt"
    path.write_text("[Reuters] Rebels shelled the airport on Monday, the army said.", "utf-8")
    [doc] = docs_of(path)
    assert doc.source_format == "text" and doc.text.startswith("[Reuters]")


def test_ingest_seeds_are_read_whole(shared):
    docs = docs_of(shared / "seeds")
    assert len(docs) == len(list((shared / "seeds").glob("*.txt")))
    for doc in docs:
        raw = (shared / "seeds" / doc.file).read_text("utf-8")
        assert doc.text.split()[:20] == raw.split()[:20]
        assert len(doc.text.split()) == len(raw.split())


def test_ingest_fakes_jsonl_matches_article_files(shared):
    """The JSON Lines dump and the folder of the same corpus give the same documents."""
    folder = shared / "corpora/fa-kes"
    lines = (folder / "articles.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    from_dump = docs_of(folder / "articles.jsonl")
    assert len(from_dump) == len(records)
    assert [d.file for d in from_dump] == [str(r["id"]) for r in records]
    assert [d.path for d in from_dump][-1] == f"{folder / 'articles.jsonl'}#{len(lines)}"
    assert all(d.outlet == r["outlet"] and d.title == normalise_text(r["title"])
               for d, r in zip(from_dump, records))
    by_file = {d.file.removesuffix(".txt"): d.id for d in docs_of(folder / "articles")}
    assert all(by_file[d.file] == d.id for d in from_dump)
    # a record repeated in the dump is one id; the same text under another id is another document
    distinct_texts = {r["text"].strip() for r in records}
    assert len({d.id for d in from_dump}) == len({r["id"] for r in records}) > len(distinct_texts)
