"""Link exact and near-duplicate copies (syndicated wire stories) to their first copy.

Copies are found with MinHash signatures of each text's word shingles (datasketch's values,
computed in numpy) and a banded LSH index, so a corpus of any size is checked without comparing
all pairs. datasketch itself is not imported on a run: importing it loads scipy (~0.7 CPU s, as
much as deduplicating a thousand articles); its permutations and estimate are redone here and
tests compare them with datasketch's.

Choices, and why:
- Shingles of 3 words, lower-cased, punctuation dropped: scraped copies differ in punctuation
  (FA-KES strips commas) and in a word here and there; 3-word shingles keep a copy with a few
  edited words well above the threshold while two different reports of the same event (which
  share names and phrases, not long runs of words) stay far below it.
- Threshold 0.8 (estimated Jaccard similarity of the shingle sets): a wire story republished
  with a new first line, a trimmed ending or an outlet's boilerplate still scores above 0.8; a
  follow-up story that reuses a few background paragraphs does not.
- 128 permutations: the estimate's standard error is about 0.04, enough at 0.8.
- Texts shorter than MIN_SHINGLES shingles are only linked when identical (the same words in
  the same order, case and punctuation aside): a few shared words between two short items prove
  nothing. A store keeps no signature for them, so it links them only within one run.
"""
from __future__ import annotations

import logging
import re
import zlib
from functools import lru_cache
from dataclasses import dataclass

import numpy as np

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
MAX_HASH = np.uint64(2**64 - 1)   # an empty MinHash slot (affine64)
CHUNK = 4096     # shingles permuted at once: 4096 x NUM_PERM x 8 bytes = 4 MB
WORD = re.compile(r"\w+")
WORD_BYTES = re.compile(rb"\w+")          # ASCII letters, digits and _ only
NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")   # a word character outside ASCII


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
    return np.unique(_shingles(text, size))


def _shingles(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """`shingle_hashes` in text order, repeats kept (a signature is the same either way)."""
    words = word_hashes(text)
    if len(words) < size:
        return words[:1]
    combined = np.zeros(len(words) - size + 1, dtype=np.uint64)
    for offset in range(size):
        combined = (combined * np.uint64(1_000_003) + words[offset:len(words) - size + 1 + offset])
    return combined & np.uint64(0xFFFFFFFF)


def _too_short(shingles: np.ndarray) -> bool:
    """Fewer than MIN_SHINGLES distinct shingles (the first few usually settle it)."""
    if len(shingles) < MIN_SHINGLES:
        return True
    return len(set(shingles[:4 * MIN_SHINGLES].tolist())) < MIN_SHINGLES and len(np.unique(shingles)) < MIN_SHINGLES


def word_hashes(text: str) -> np.ndarray:
    """crc32 of the UTF-8 bytes of each lower-cased word (`WORD`) of the text, in order.

    Most news text has no letter outside ASCII: its words are then found in the encoded text
    (a bytes `\\w` is ASCII-only and no other character encodes to an ASCII byte), which saves
    making and encoding a string per word. Otherwise the words are encoded in one call: a word
    never holds NUL, so the encoded joined words split at NUL are each word's own bytes.
    """
    lowered = text.lower()
    if lowered.isascii() or NON_ASCII_WORD.search(lowered) is None:
        encoded = WORD_BYTES.findall(lowered.encode("utf-8", "surrogatepass"))
    else:
        words = WORD.findall(lowered)
        encoded = "\0".join(words).encode().split(b"\0") if words else []
    return np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(encoded))


@dataclass(frozen=True, eq=False, slots=True)
class Signature:
    """A text's MinHash values: what datasketch's LeanMinHash(seed=SEED, scheme=SCHEME) holds,
    with its Jaccard estimate, float for float."""

    hashvalues: np.ndarray

    def __len__(self) -> int:
        return len(self.hashvalues)

    def jaccard(self, other: "Signature") -> float:
        """Estimated Jaccard similarity of the two shingle sets: the share of equal values."""
        if len(self) != len(other):
            raise ValueError("signatures of different numbers of permutations")
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self))


def signature(hashes: np.ndarray) -> Signature:
    """The MinHash signature of a text's shingle hashes (deterministic: fixed seed).

    The values are datasketch's (`MinHash(hashfunc=int, scheme=SCHEME).update_batch`), computed
    here in numpy: datasketch calls the hash function once per shingle in Python, which cost
    more than all the rest of the stage. Tested against datasketch.
    """
    a, b = _permutations()
    values = np.full(NUM_PERM, MAX_HASH, dtype=np.uint64)
    mixed = _fmix64(np.asarray(hashes, dtype=np.uint64))
    for start in range(0, len(mixed), CHUNK):   # bounded memory for a very long text
        block = mixed[start:start + CHUNK, None] * a   # wraps modulo 2**64, as datasketch's does
        block += b
        np.minimum(values, block.min(axis=0), out=values)
    return Signature(values)


def _fmix64(values: np.ndarray) -> np.ndarray:
    """The MurmurHash3 64-bit finalizer datasketch's affine64 scheme applies to every input hash."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> np.uint64(33))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The seeded permutations (a, b) of datasketch's affine64 scheme, built once: an odd
    multiplier and an offset per permutation, drawn as `MinHash(seed=SEED).permutations` draws
    them (a test compares the two)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = gen.randint(0, 1 << 64, NUM_PERM, dtype=np.uint64)
    return a, b


# (threshold, permutations) -> the bands and rows datasketch's MinHashLSH picks (a test checks
# it): it finds them by numerical integration, which costs as much as checking a hundred articles.
KNOWN_BANDS = {(0.8, 128): (9, 13)}


@lru_cache(maxsize=4)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """The bands and rows of the LSH index for `threshold`: datasketch's choice."""
    known = KNOWN_BANDS.get((threshold, NUM_PERM))
    if known:
        return known
    from datasketch import MinHashLSH   # imports scipy: only for a threshold not in KNOWN_BANDS

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class _Bands:
    """The LSH index: signatures cut into bands of rows, one table per band; two signatures
    equal on a whole band are candidates. The same bands and candidates as datasketch's
    MinHashLSH, without its per-band copies and storage layers (a third of the stage's time)."""

    def __init__(self, threshold: float):
        bands, rows = _lsh_params(threshold)
        self._cuts = [(8 * i * rows, 8 * (i + 1) * rows) for i in range(bands)]   # bytes of uint64
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]

    def _keys(self, sig: Signature) -> list[bytes]:
        data = np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()
        return [data[start:end] for start, end in self._cuts]

    def query(self, sig: Signature) -> set[str]:
        """Ids of the indexed signatures that share at least one band with `sig`."""
        found: set[str] = set()
        for table, key in zip(self._tables, self._keys(sig)):
            found.update(table.get(key, ()))
        return found

    def insert(self, doc_id: str, sig: Signature) -> None:
        for table, key in zip(self._tables, self._keys(sig)):
            table.setdefault(key, []).append(doc_id)


def signature_to_bytes(sig: Signature) -> bytes:
    """A signature as bytes a store can keep beside the document (NUM_PERM * 8 bytes)."""
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> Signature:
    """The signature `signature_to_bytes` wrote."""
    return Signature(np.frombuffer(data, dtype=np.uint64))


class DuplicateIndex:
    """The first copies seen so far; `add` tells whether a new document copies one of them.

    Only first copies are indexed, so every copy links straight to the first one rather than
    to another copy. A store can rebuild the index from saved signatures with `add_signature`
    and check a new document with `link` (or `add`) before saving it.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = _Bands(threshold)
        self._signatures: dict[str, Signature] = {}
        self._order: dict[str, int] = {}
        self._short: dict[str, str] = {}     # a short text's words -> the first copy's id

    def __len__(self) -> int:
        return len(self._order)

    def add(self, doc: Document) -> str | None:
        """Index `doc` as a first copy and return None, or return the id of the copy it repeats
        (its own id when a document with the same text was added before)."""
        link = self.link(doc)
        return link.first_id if link else None

    def link(self, doc: Document, prepared: "TextKey | None" = None) -> DuplicateLink | None:
        """Like `add`, with the similarity of the two texts (1.0 for the same text); `prepared`
        is the document's `text_key` when a worker computed it already."""
        first, sig, short = self._match(doc, prepared)
        if first is None:
            self._insert(doc.id, sig)
            if short:
                self._short.setdefault(short, doc.id)
            return None
        other = self._signatures.get(first)
        similarity = 1.0 if first == doc.id or other is None or sig is None else float(sig.jaccard(other))
        return DuplicateLink(doc.id, first, round(similarity, 3))

    def add_signature(self, doc_id: str, sig: Signature | None) -> None:
        """Index a stored first copy (its id and saved signature, None for a short text)."""
        if doc_id not in self._order:
            self._insert(doc_id, sig)

    def signature_of(self, doc_id: str) -> Signature | None:
        """The signature indexed for a first copy (None for short texts and unknown ids)."""
        return self._signatures.get(doc_id)

    def _match(self, doc: Document, prepared: "TextKey | None" = None) -> tuple[str | None, Signature | None, str | None]:
        """(first copy or None, the document's signature, its words when it is too short for one)."""
        if doc.id in self._order:
            return doc.id, self._signatures.get(doc.id), None
        key = prepared or text_key(doc)
        sig = key.signature
        if sig is None:
            return self._short.get(key.words), None, key.words
        candidates = [c for c in self._lsh.query(sig) if self._signatures[c].jaccard(sig) >= self.threshold]
        return min(candidates, key=self._order.__getitem__, default=None), sig, None

    def _insert(self, doc_id: str, sig: Signature | None) -> None:
        self._order[doc_id] = len(self._order)
        if sig is not None:
            self._signatures[doc_id] = sig
            self._lsh.insert(doc_id, sig)


@dataclass(frozen=True, slots=True)
class TextKey:
    """What a text is matched by: its signature, or its words when too short for one."""

    signature: Signature | None
    words: str | None


def text_key(doc: Document) -> TextKey:
    """The document's signature (its words instead when it has fewer than MIN_SHINGLES shingles):
    the per-document part of the stage, which workers compute beside the document stages."""
    shingles = _shingles(doc.text)
    if _too_short(shingles):
        return TextKey(None, " ".join(WORD.findall(doc.text.lower())))
    return TextKey(signature(shingles), None)


@corpus_stage("dedup", produces="dedup", prepare=text_key)
def dedup_stage(result) -> None:
    """Set `duplicate_of` on every document that copies an earlier one; the links go to extras."""
    index, links = DuplicateIndex(), []
    for doc in result.documents:
        analysis = result.analyses.get(doc.id)
        prepared = analysis.prepared.pop("dedup", None) if analysis is not None else None
        if doc.duplicate_of:          # already linked (by a store that saw the first copy)
            links.append(DuplicateLink(doc.id, doc.duplicate_of, None))
            continue
        link = index.link(doc, prepared)
        if link is not None and link.first_id != doc.id:
            doc.duplicate_of = link.first_id
            links.append(link)
    result.extras["dedup"] = links
