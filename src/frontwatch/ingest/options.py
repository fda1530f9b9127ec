"""What ingest can be told: the input format and the field names of JSON dumps."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Iterable, Mapping

FORMATS = ("auto", "text", "markdown", "html", "json", "jsonl", "csv", "feed")

# Field names tried, in order, for each role of a JSON record (matched case-insensitively; a
# dotted name such as "source.name" looks inside a nested object). These cover the dumps of
# common scrapers and news APIs (newspaper, news-please, NewsAPI, GDELT-style exports).
DEFAULT_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "text": ("text", "body", "content", "article", "article_text", "articleBody", "full_text",
             "fulltext", "maintext", "story", "description", "summary"),
    "title": ("title", "headline", "heading", "name"),
    "url": ("url", "link", "canonical_url", "canonical", "source_url", "href", "uri"),
    "published": ("published", "date", "pubDate", "published_at", "publishedAt", "datetime",
                  "date_published", "datePublished", "publication_date", "pub_date",
                  "date_publish", "created_at", "timestamp", "time"),
    "outlet": ("outlet", "source", "site", "site_name", "sitename", "publisher", "source_name",
               "source_domain", "domain", "media", "newspaper"),
    "author": ("author", "authors", "byline", "creator"),
    "id": ("id", "_id", "guid", "article_id", "doc_id", "uuid"),
    # when the page was fetched: kept apart from the publication date (ingest/reference.py)
    "retrieved": ("retrieved", "retrieved_at", "retrievedAt", "accessed", "access_date", "accessDate",
                  "date_download", "dateDownload", "scraped_at", "scrapedAt", "crawled_at", "crawledAt",
                  "fetched_at", "downloaded"),
})

# Other names users give a role on the command line (--field date=pubDate).
ROLE_ALIASES = {"date": "published", "body": "text", "source": "outlet", "headline": "title",
                "link": "url"}

FIFTY_MB = 50 * 1024 * 1024


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs.

    format: "auto" sniffs each file's content (extension second); any other value of FORMATS
        forces that reader for every file.
    fields: role -> field names tried in order for JSON records (see DEFAULT_FIELDS).
    max_bytes: files larger than this are refused, except JSON Lines and CSV, read record by record.
    max_record_bytes: a single JSON line or CSV row larger than this is skipped as an error.
    """

    format: str = "auto"
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: DEFAULT_FIELDS)
    max_bytes: int = FIFTY_MB
    max_record_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown input format {self.format!r}; expected one of {', '.join(FORMATS)}")

    def with_fields(self, overrides: Mapping[str, str]) -> "IngestOptions":
        """These options with `role -> name` tried first for each role given."""
        overrides = {ROLE_ALIASES.get(role, role): name for role, name in overrides.items()}
        unknown = sorted(set(overrides) - set(DEFAULT_FIELDS))
        if unknown:
            raise ValueError(f"unknown field role(s) {', '.join(unknown)}; "
                             f"expected {', '.join(DEFAULT_FIELDS)}")
        fields = dict(self.fields)
        for role, name in overrides.items():
            fields[role] = (name,) + tuple(n for n in fields[role] if n != name)
        return replace(self, fields=MappingProxyType(fields))


def parse_field_overrides(specs: Iterable[str]) -> dict[str, str]:
    """`["text=body", "published=meta.date"]` -> {"text": "body", "published": "meta.date"}."""
    out = {}
    for spec in specs:
        role, sep, name = spec.partition("=")
        if not sep or not role.strip() or not name.strip():
            raise ValueError(f"field option {spec!r} is not ROLE=NAME (e.g. text=body)")
        out[role.strip()] = name.strip()
    return out
