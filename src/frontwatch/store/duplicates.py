"""The store's side of near-duplicate detection: signatures kept in a column, the index rebuilt.

Detection belongs to `frontwatch.resolve.dedup` (MinHash signatures in an LSH index); this module
only adapts it to the store. A first copy's signature is saved as text beside the document,
tagged with the signature scheme, so that reopening a store rebuilds the index without reading
any text, and a store written under another scheme is noticed rather than misread.
"""
from __future__ import annotations

import base64
import logging
from typing import Iterable

from ..records import Document
from ..resolve import dedup

log = logging.getLogger(__name__)

TAG = f"minhash-{dedup.SCHEME}-{dedup.NUM_PERM}-{dedup.SHINGLE_WORDS}:"


class StoredDuplicates:
    """A `DuplicateIndex` over the first copies a store holds."""

    def __init__(self, stored: Iterable[tuple[str, str | None]]):
        """Index stored (doc_id, signature text) pairs, given in ingest order."""
        self._index = dedup.DuplicateIndex()
        for doc_id, text in stored:
            self._index.add_signature(doc_id, self._decode(text))

    def check(self, doc: Document) -> tuple[str | None, str | None]:
        """(id of the first copy `doc` repeats, None) or (None, the signature text to save for it)."""
        link = self._index.link(doc)
        if link is not None and link.first_id != doc.id:
            return link.first_id, None
        sig = self._index.signature_of(doc.id)
        return None, TAG + base64.b64encode(dedup.signature_to_bytes(sig)).decode("ascii") if sig else None

    @staticmethod
    def _decode(text: str | None):
        if not text:
            return None
        if not text.startswith(TAG):
            log.warning("a stored signature uses another scheme (%s); that document is not matched",
                        text.partition(":")[0])
            return None
        return dedup.signature_from_bytes(base64.b64decode(text[len(TAG):]))
