"""Encyclopaedic inputs: pages of a reference work have no publication date.

A Wikipedia article scraped to Markdown carries a `pubDate` in its front matter that is the
day it was scraped; taken as a publication date, it would date "On 6 March, ..." to the scrape
year. Such a date is a retrieval date. `is_reference_work` tells these inputs by the names of
reference works (data/ingest/reference_works.txt) in their author, outlet or URL.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# Metadata fields that name the day a page was fetched, never the day it was published.
RETRIEVAL_KEYS = ("retrieved", "retrieved_at", "retrieval_date", "retrievaldate", "accessed", "accessdate",
                  "access-date", "access_date", "accessed_at", "scraped", "scraped_at", "scrapedate",
                  "crawled", "crawled_at", "fetched", "fetched_at", "downloaded", "date_download")


@lru_cache(maxsize=1)
def _names() -> re.Pattern:
    text = resources.files("frontwatch.data").joinpath("ingest/reference_works.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, names)) + r")(?![a-z])", re.I)


def is_reference_work(*labels: str | None) -> bool:
    """True when any label (author, outlet, URL) names a reference work."""
    return any(isinstance(label, str) and _names().search(label) for label in labels)


def is_reference_document(doc) -> bool:
    """True for a document (or article) read from a reference work (see `is_reference_work`)."""
    return is_reference_work(doc.author, doc.outlet, doc.url)
