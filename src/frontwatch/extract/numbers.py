"""Find quantities in text: digits, number words, vague words, with their qualifier and bounds.

"at least 311" -> low 311, high None; "nearly 6 million" -> low None, high 6000000; "about 20"
-> 20/20; "between 500 and more than a thousand" -> 500/None; "dozens" -> vague "dozens" with
its lexical lower bound (data/figures/vague.tsv). Digits are read with or without thousands
separators ("19,000" and "19000": some corpora strip commas). What a quantity counts is not
decided here; `figures` does that from the words around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number phrase in a text: offsets of the whole phrase and of the number itself, and bounds."""

    start: int                   # phrase start (qualifier included)
    end: int
    num_start: int               # the number itself, without the qualifier
    low: int | None
    high: int | None
    qualifier: str | None = None
    vague: str | None = None
    value: int | None = None     # the number read (the first one of a range); None when vague
    year_like: bool = False      # bare four digits that may be a year ("2016")
    abbreviated: bool = False    # "6m", "1.2bn": also metres and money, so a person noun must follow


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated file under data/figures, comments and blank lines skipped."""
    text = resources.files("frontwatch.data").joinpath("figures", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[int, str]]:
    """word -> (value, role) where role is `unit` or `scale`."""
    return {row[0]: (int(row[1]), row[2]) for row in read_table("number_words.tsv")}


@lru_cache(maxsize=1)
def vague_words() -> dict[str, int | None]:
    """Vague phrase -> lexical lower bound (None when the phrase implies none)."""
    return {row[0]: int(row[1]) if len(row) > 1 and row[1].strip() else None for row in read_table("vague.tsv")}


@lru_cache(maxsize=1)
def acled_readings() -> dict[str, int]:
    """Vague phrase -> the number ACLED's codebook records for it ("dozens" -> 12), where it gives one."""
    return {row[0]: int(row[2]) for row in read_table("vague.tsv") if len(row) > 2 and row[2].strip()}


@lru_cache(maxsize=1)
def qualifiers() -> dict[str, str]:
    """Qualifier phrase -> bound (`low`, `high` or `about`)."""
    return {row[0]: row[1] for row in read_table("qualifiers.tsv")}


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def pattern() -> re.Pattern:
    """One compiled pattern for every quantity form; built once."""
    units = _alternation(w for w, (_, role) in number_words().items() if role == "unit")
    scales = _alternation(w for w, (_, role) in number_words().items() if role == "scale")
    digits = r"(?<![\w$£€.,:/])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d.,])|\d+)(?:\.\d+)?(?:\s+(?:" + scales + r")|(?:m|mn|bn)(?=\s))?(?![\w%:/]|[.,]\d)"
    group = rf"(?:{units})(?:[-\s]+(?:{units}))?"          # "twenty-five", "twenty five"
    scaled = rf"(?:\s+(?:{scales})(?:\s+and\s+{group})?)*"  # "hundred and fifty", "thousand"
    words = (rf"\b(?:half\s+an?\s+(?:{scales})|an?\s+(?:{scales}){scaled}|{group}{scaled}"
             rf"|(?:hundred|thousand)(?!s))\b")                # "more than hundred" (a dropped "a")
    number = f"(?:{digits}|{words})"
    qual = r"(?:(?P<qual>" + _alternation(qualifiers()) + r")\s+)?"
    second_qual = r"(?:(?:" + _alternation(qualifiers()) + r")\s+)?"
    vague = r"\b(?P<vague>" + _alternation(vague_words()) + r")\b"
    ranged = (rf"\bbetween\s+(?P<a>{number})\s+and\s+(?P<bq>{second_qual})(?P<b>{number})"
              rf"|\bfrom\s+(?P<c>{number})\s+to\s+(?P<dq>{second_qual})(?P<d>{number})")
    single = rf"(?P<n>{number})(?:(?:-|–|\s+to\s+|\s+or\s+)(?P<f>{number}))?"   # "20-30", not "2016 - 7"
    starts = {w[0] for w in (*qualifiers(), *vague_words(), *number_words(), "between", "from", "half", "a")}
    initials = "".join(sorted(starts | {c.upper() for c in starts}))
    # \b and the initials first: most positions fail before any alternative is tried
    return re.compile(rf"\b(?=[\d{initials}]){qual}(?:{ranged}|{vague}|{single})", re.IGNORECASE)


# the small patterns every quantity goes through, compiled once
SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f](?=\d{3}\b)")
WORD_GAP = re.compile(r"[\s-]+")
SHORT_SCALE = re.compile(r"(\d+(?:\.\d+)?)(m|mn|bn)")
DECIMAL = re.compile(r"\d+(?:\.\d+)?")
SPACES = re.compile(r"\s+")
YEAR_DIGITS = re.compile(r"1[89]\d\d|20\d\d")
ABBREVIATED = re.compile(r"\d(?:m|mn|bn)$")


@lru_cache(maxsize=8192)
def parse_number(text: str) -> int | None:
    """The value of a number in digits or words ("19,000", "2.5 million", "two hundred and fifty").

    Cached: the same numbers ("two", "10", "a dozen") come back in article after article."""
    text = SEPARATOR.sub("", text)    # "19,000", "1\u00a0000"
    words = WORD_GAP.split(text.lower().strip())
    short = SHORT_SCALE.fullmatch(words[0]) if words else None
    if short:                                       # "6m refugees", "1.2bn"
        words = [short.group(1), "million" if short.group(2) != "bn" else "billion"]
    if words and DECIMAL.fullmatch(words[0]):
        value = float(words[0])
        for w in words[1:]:
            value *= number_words().get(w, (1, ""))[0]
        return int(value) if value == int(value) else None
    return _parse_words(words)


def _parse_words(words: list[str]) -> int | None:
    """Add units, multiply by scales (English number names); None for an ill-formed sequence."""
    total, current, half = 0, 0, False
    for i, w in enumerate(words):
        if w in ("a", "an") or w == "and":
            continue
        if w == "half":
            half = True
            continue
        value, role = number_words().get(w, (None, None))
        if value is None:
            return None
        if role == "unit":
            current += value
        elif value < 1000:              # hundred, dozen multiply the running group
            current = max(current, 1) * value
        else:                           # thousand, million close a group
            total += max(current, 1) * value
            current = 0
    total += current
    return total // 2 if half else total


def _bounds(qualifier: str | None, value: int) -> tuple[int | None, int | None]:
    bound = qualifiers().get(SPACES.sub(" ", qualifier.lower())) if qualifier else None
    if bound == "low":
        return value, None
    if bound == "high":
        return None, value
    return value, value


RANGES = (("a", "b"), ("c", "d"), ("n", "f"))   # the pattern's groups of the two numbers of a range


def _from_match(m: re.Match, offset: int) -> Quantity | None:
    """Turn one pattern match into a Quantity (None when the number cannot be read)."""
    qual, vague, n, *seconds = m.group("qual", "vague", "n", "b", "d", "f")   # read at once: one call
    qualifier = _phrase(qual) if qual else None
    start, end = m.start() + offset, m.end() + offset
    if vague:
        word = _phrase(vague)
        return Quantity(start, end, m.start("vague") + offset, vague_words().get(word), None, qualifier, word)
    for (a, b), second in zip(RANGES, seconds):
        if second:
            return _range(m, a, b, qualifier, start, end, offset)
    value = parse_number(n)
    if value is None or value <= 0:
        return None
    qualifier, end = _symbols(m, qualifier, end, offset)
    low, high = _bounds(qualifier, value)
    year_like = bool(YEAR_DIGITS.fullmatch(n))
    abbreviated = bool(ABBREVIATED.search(n))
    return Quantity(start, end, m.start("n") + offset, low, high, qualifier, None, value, year_like, abbreviated)


@lru_cache(maxsize=1024)
def _phrase(words: str) -> str:
    """A qualifier or vague phrase as the tables write it: lower case, single spaces."""
    return SPACES.sub(" ", words).lower()


def _symbols(m: re.Match, qualifier: str | None, end: int, offset: int) -> tuple[str | None, int]:
    """Tables and infoboxes write bounds as signs: "1,000+" (more than), "~500" / "≈500" (about)."""
    text = m.string
    if qualifier is None and m.end() < len(text) and text[m.end()] == "+":
        return "more than", end + 1
    if qualifier is None and m.start() > 0 and text[m.start() - 1] in "~≈":
        return "about", end
    return qualifier, end


def _range(m: re.Match, a: str, b: str, qualifier, start, end, offset) -> Quantity | None:
    low, high = parse_number(m.group(a)), parse_number(m.group(b))
    if low is None or high is None or high <= low:
        whole = parse_number(m.group(0)[m.start(a) - m.start():])  # "twenty-five" is one number
        if whole is None or a != "n":
            return None
        low, high = _bounds(qualifier, whole)
        return Quantity(start, end, m.start(a) + offset, low, high, qualifier, None, whole)
    low = _shared_scale(m.group(a), m.group(b), low, high)
    open_above = m.group(b + "q") if b in ("b", "d") else None
    if open_above and qualifiers().get(SPACES.sub(" ", open_above.strip().lower())) == "low":
        high = None                      # "between 500 and more than a thousand": open above
    year_like = bool(YEAR_DIGITS.fullmatch(m.group(a)))
    return Quantity(start, end, m.start(a) + offset, low, high, qualifier or "between", None, low, year_like)


BARE_SMALL = re.compile(r"\d{1,3}(?:\.\d+)?")
SCALED = re.compile(r"\d,\d{3}$|\d{4,}$|[a-z]$", re.IGNORECASE)


def _shared_scale(first: str, second: str, low: int, high: int) -> int:
    """A range whose first number borrows the second's scale: "10-15,000" is 10,000 to 15,000,
    "2-3 million" 2 to 3 million (the first number, bare and far below the second, lacks it)."""
    if not BARE_SMALL.fullmatch(first.strip()) or not SCALED.search(second.strip()):
        return low
    for factor in (1_000_000_000, 1_000_000, 1000):
        if low * factor <= high < low * factor * 10:
            return low * factor
    return low


@lru_cache(maxsize=1)
def anchors() -> re.Pattern:
    """Digits and the words every quantity contains: a cheap first pass over the whole text."""
    words = anchor_words()
    initials = "".join(sorted({w[0] for w in words}))
    return re.compile(rf"\d+|\b(?=[{initials}])(?:{_alternation(words)})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def anchor_words() -> frozenset[str]:
    """The words `anchors` looks for (single words of plain ASCII letters)."""
    words = {w for w in number_words()} | {"half"}
    words |= {w for phrase in vague_words() for w in phrase.split() if w not in ("a", "an", "of", "many")}
    words |= {w + "s" for w, (_, role) in number_words().items() if role == "scale"}
    return frozenset(words)


DIGIT_RUN = re.compile(r"\d+")


@lru_cache(maxsize=1)
def _case_folds() -> re.Pattern:
    """The characters besides A-Z that match an ASCII letter when case is ignored ("ſ", "K", "ı")."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = "".join(chr(c) for c in range(128, 0x10000) if letter.fullmatch(chr(c)))
    return re.compile(f"[{re.escape(odd)}]")


def anchor_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every `anchors()` match, in order, found at a fraction of the cost.

    The pattern tries every character of the text; here digit runs come from a pattern that
    skips to digits, and each anchor word from a substring search of the lower-cased text,
    kept where it stands as a whole word (word characters as the pattern's `\\b` reads them).
    A text whose lower-casing could change what matches (a letter that lower-cases to two,
    "ſ" or the Kelvin sign, which match ASCII letters when case is ignored) takes the pattern.
    """
    low = text.lower()
    if not text.isascii() and (len(low) != len(text) or _case_folds().search(text)):
        return [m.span() for m in anchors().finditer(text)]
    out = [m.span() for m in DIGIT_RUN.finditer(text)]
    n = len(text)
    for word in anchor_words():
        i = low.find(word)
        while i >= 0:
            e = i + len(word)
            if (i == 0 or not _word_char(text[i - 1])) and (e == n or not _word_char(text[e])):
                out.append((i, e))
            i = low.find(word, e)
    out.sort()
    return out


def _word_char(c: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return c.isalnum() or c == "_"


BEFORE, AFTER = 24, 90      # characters around an anchor in which its whole phrase lies


YEAR_ALONE = re.compile(r"(?:1[89]\d\d|20\d\d)(?!\s+[a-z]|\d|[-–]\d)")


def find_quantities(text: str, offset: int = 0, skip_years: bool = False) -> list[Quantity]:
    """Every quantity in `text`, in order; offsets are shifted by `offset`.

    The full pattern is costly, so it only runs in a small window around each anchor (a digit
    or a number word) that an earlier phrase has not already taken. With `skip_years`, a year
    standing alone ("in 2016", "2016.") is not expanded: a caller that drops year-like numbers
    not followed by a lower-case word (figures) saves most of its pattern runs on dates.
    """
    found, covered = [], 0
    for a_start, a_end in anchor_spans(text):
        if a_start < covered or skip_years and YEAR_ALONE.match(text, a_start) and a_end - a_start == 4:
            continue
        for m in pattern().finditer(text, max(covered, a_start - BEFORE), min(len(text), a_end + AFTER)):
            if m.end() <= a_start:
                continue
            if m.start() <= a_start:
                q = _from_match(m, offset)
                if q is not None:
                    found.append(q)
                covered = m.end()
            break
    return found
