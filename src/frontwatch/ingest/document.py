"""An article as read -> the Document every stage works on (normalised text, id, dates)."""
from __future__ import annotations

import logging

from ..normalise import normalise_text
from ..records import Document
from .base import Article, InputError, content_id, identity_of
from .metadate import metadata_date
from .reference import is_reference_work

log = logging.getLogger(__name__)


def to_document(article: Article) -> Document | InputError:
    """Normalise the text, give the stable id, and set the publication date.

    The metadata date (normalised, basis "metadata") is set first; then
    `frontwatch.dates.publication_date` decides, and may find one in the text or URL instead.
    A page of a reference work has no publication date: the date its metadata gives is when it
    was retrieved (`ingest/reference.py`), and its narrative dates itself.
    """
    text = normalise_text(article.text)
    if not text:
        return InputError(article.path, "no article text (empty after cleaning)")
    published, retrieved = dates_of(article)
    doc = Document(id=content_id(text, identity_of(article)), text=text, file=article.file, path=article.path,
                   title=_clean(article.title), outlet=_clean(article.outlet),
                   author=_clean(article.author), url=_clean(article.url), published=published,
                   published_basis="metadata" if published else None,
                   source_format=article.source_format, raw=article.raw, retrieved=retrieved)
    _date_document(doc)   # a reference work's page stays undated (`dates.publication_date`)
    return doc


def dates_of(article: Article) -> tuple[str | None, str | None]:
    """(publication date, retrieval date) from the article's metadata, normalised.

    A reference work's page was never published on a day: the one date its metadata gives
    (pubDate, date) is when it was scraped or last edited, so it becomes the retrieval date.
    """
    published, retrieved = metadata_date(article.published), metadata_date(article.retrieved)
    if is_reference_work(article.author, article.outlet, article.url):
        return None, retrieved or published
    return published, retrieved


def _date_document(doc: Document) -> None:
    from ..dates import publication_date

    try:
        doc.published, doc.published_basis = publication_date(doc)
    except Exception:  # another layer's failure must not lose the article; its metadata stays
        log.warning("publication_date failed for %s", doc.path, exc_info=True)


def _clean(value: str | None) -> str | None:
    """Metadata strings get the same normalisation as text, and empty ones become None."""
    if not isinstance(value, str):
        return None
    return normalise_text(value).replace("\n", " ") or None
