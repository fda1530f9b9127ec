"""Link exact and near-duplicate copies (syndicated wire stories) to their first copy.

Copies are found with MinHash signatures of each text's word shingles and an LSH index
(datasketch), so a corpus of any size is checked without comparing all pairs.

Choices, and why:
- Shingles of 3 words, lower-cased, punctuation dropped: scraped copies differ in punctuation
  (FA-KES strips commas) and in a word here and there; 3-word shingles keep a copy with a few
  edited words well above the threshold while two different reports of the same event (which
  share names and phrases, not long runs of words) stay far below it.
- Threshold 0.8 (estimated Jaccard similarity of the shingle sets): a wire story republished
  with a new first line, a trimmed ending or an outlet's boilerplate still scores above 0.8; a
  follow-up story that reuses a few background paragraphs does not.
- 128 permutations: the estimate's standard error is about 0.04, enough at 0.8.
- Texts shorter than MIN_SHINGLES shingles are only linked when identical: a few shared words
  between two short items prove nothing.
"""
from __future__ import annotations

import logging
import re
import zlib
from functools import lru_cache
from dataclasses import dataclass

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..records import Document
from . import corpus_stage

log = logging.getLogger(__name__)

SHINGLE_WORDS = 3
# Bumped whenever shingle_hashes or signature change, so saved signatures are not misread.
SIGNATURE_VERSION = 1
THRESHOLD = 0.8
NUM_PERM = 128
SEED = 1
SCHEME = "affine64"   # named, so that signatures a store saved stay readable after upgrades
MIN_SHINGLES = 10
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """A document found to copy an earlier one, with the estimated similarity of their texts."""

    doc_id: str
    first_id: str
    similarity: float | None   # None for a link made earlier (by a store) and kept as it was


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """Distinct 32-bit hashes of the text's overlapping runs of `size` lower-cased words.

    Words are hashed once (crc32: fast and the same in every process, so stored signatures
    stay comparable) and combined per shingle with numpy, instead of hashing each shingle's
    string: this is what keeps the stage near a millisecond per article.
    """
    words = np.array([zlib.crc32(w.encode()) for w in WORD.findall(text.lower())], dtype=np.uint64)
    if len(words) < size:
        return np.unique(words[:1] if len(words) else words)
    combined = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):
        combined = (combined * np.uint64(1_000_003) + words[offset:len(words) - size + 1 + offset])
    return np.unique(combined & np.uint64(0xFFFFFFFF))


def signature(hashes: np.ndarray) -> LeanMinHash:
    """The MinHash signature of a text's shingle hashes (deterministic: fixed seed)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int,
                      permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch(hashes.tolist())
    return LeanMinHash(minhash)


@lru_cache(maxsize=1)
def _permutations():
    """The seeded permutations, built once (MinHash draws them anew for every instance)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature_to_bytes(sig: LeanMinHash) -> bytes:
    """A signature as bytes a store can keep beside the document (NUM_PERM * 8 bytes)."""
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    """The signature `signature_to_bytes` wrote."""
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class DuplicateIndex:
    """The first copies seen so far; `add` tells whether a new document copies one of them.

    Only first copies are indexed, so every copy links straight to the first one rather than
    to another copy. A store can rebuild the index from saved signatures with `add_signature`
    and check a new document with `link` (or `add`) before saving it.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, doc: Document) -> str | None:
        """Index `doc` as a first copy and return None, or return the id of the copy it repeats
        (its own id when a document with the same text was added before)."""
        link = self.link(doc)
        return link.first_id if link else None

    def link(self, doc: Document) -> DuplicateLink | None:
        """Like `add`, with the similarity of the two texts (1.0 for the same text)."""
        first, sig = self._match(doc)
        if first is None:
            self._insert(doc.id, sig)
            return None
        other = self._signatures.get(first)
        similarity = 1.0 if first == doc.id or other is None else float(sig.jaccard(other))
        return DuplicateLink(doc.id, first, round(similarity, 3))

    def add_signature(self, doc_id: str, sig: LeanMinHash | None) -> None:
        """Index a stored first copy (its id and saved signature, None for a short text)."""
        if doc_id not in self._order:
            self._insert(doc_id, sig)

    def signature_of(self, doc_id: str) -> LeanMinHash | None:
        """The signature indexed for a first copy (None for short texts and unknown ids)."""
        return self._signatures.get(doc_id)

    def _match(self, doc: Document) -> tuple[str | None, LeanMinHash | None]:
        if doc.id in self._order:
            return doc.id, self._signatures.get(doc.id)
        hashes = shingle_hashes(doc.text)
        if len(hashes) < MIN_SHINGLES:
            return None, None
        sig = signature(hashes)
        candidates = [c for c in self._lsh.query(sig) if self._signatures[c].jaccard(sig) >= self.threshold]
        return min(candidates, key=self._order.__getitem__, default=None), sig

    def _insert(self, doc_id: str, sig: LeanMinHash | None) -> None:
        self._order[doc_id] = len(self._order)
        if sig is not None:
            self._signatures[doc_id] = sig
            self._lsh.insert(doc_id, sig)


@corpus_stage("dedup", produces="dedup")
def dedup_stage(result) -> None:
    """Set `duplicate_of` on every document that copies an earlier one; the links go to extras."""
    index, links = DuplicateIndex(), []
    for doc in result.documents:
        if doc.duplicate_of:          # already linked (by a store that saw the first copy)
            links.append(DuplicateLink(doc.id, doc.duplicate_of, None))
            continue
        link = index.link(doc)
        if link is not None and link.first_id != doc.id:
            doc.duplicate_of = link.first_id
            links.append(link)
    result.extras["dedup"] = links
