"""Properties of the strict pipeline on generated text: no crash, and every record traceable.

The extractors see whatever users bring: other scripts, mojibake, tables of numbers, half a
sentence. Whatever the text, the strict pipeline (a stage that raises fails the test) must
finish, and every record must keep the contract of `records.py`: its span lies inside the
text, `doc.text[span.start:span.end]` is its surface where it has one, its sentence index
names a real sentence, figure bounds are ordered and every date is a real calendar date.

Three generators feed it: arbitrary unicode, news-like sentences assembled from generated
parts (numbers, places, dates, verbs), and real sentences from ../shared mutated at run time.
`bench/fuzz.py` runs the same checks over 10,000+ cases; here the example counts stay modest.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from frontwatch.normalise import normalise_text
from frontwatch.pipeline import Analysis, default_pipeline
from frontwatch.records import Document, Span

ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Records whose `text` field is, by contract, exactly the text their span covers.
SURFACE_LAYERS = ("times", "places", "actors", "figures")
FIGURE_KINDS = {"killed", "wounded", "killed_or_wounded", "displaced", "refugees", "detained",
                "missing", "combatants", "population", "other"}
CASES = settings(max_examples=100, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- the invariants ---------------------------------------------------------------------------


def valid_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar year, month or day."""
    m = ISO_DATE.fullmatch(value)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return year >= 1


def _check_span(span: Span, analysis: Analysis, what: str) -> list[str]:
    text, n = analysis.doc.text, len(analysis["sentences"])
    problems = []
    if span.doc_id != analysis.doc.id:
        problems.append(f"{what}: span of another document {span.doc_id!r}")
    if not 0 <= span.start <= span.end <= len(text):
        problems.append(f"{what}: span {span.start}:{span.end} outside a text of {len(text)} characters")
    if not (span.sentence == -1 or 0 <= span.sentence < n):
        problems.append(f"{what}: sentence index {span.sentence} with {n} sentences")
    return problems


def _check_date(value, what: str) -> list[str]:
    if value is None or (isinstance(value, str) and valid_date(value)):
        return []
    return [f"{what}: invalid date {value!r}"]


def _record_problems(layer: str, i: int, rec, analysis: Analysis) -> list[str]:
    text, what = analysis.doc.text, f"{layer}[{i}]"
    problems = _check_span(rec.span, analysis, what)
    if layer in SURFACE_LAYERS and text[rec.span.start:rec.span.end] != rec.text:
        problems.append(f"{what}: surface {rec.text!r} but span covers "
                        f"{text[rec.span.start:rec.span.end]!r}")
    if layer == "times":
        problems += _check_date(rec.value, what) + _check_date(rec.end_value, what + ".end_value")
        problems += _check_date(rec.anchor, what + ".anchor")
    if layer == "figures":
        problems += _figure_problems(rec, what)
    if layer in ("control", "events"):
        problems += _check_date(rec.date, what)
    if layer == "claims":
        for j, sub in enumerate(([rec.speaker_span] if rec.speaker_span else []) + list(rec.quote_spans)):
            problems += _check_span(sub, analysis, f"{what}.subspan[{j}]")
    return problems


def _figure_problems(fig, what: str) -> list[str]:
    problems = _check_date(fig.date, what)
    if fig.low is not None and fig.high is not None and fig.low > fig.high:
        problems.append(f"{what}: low {fig.low} > high {fig.high} in {fig.text!r}")
    if any(v is not None and v < 0 for v in (fig.low, fig.high)):
        problems.append(f"{what}: negative bound in {fig.text!r}")
    if fig.kind not in FIGURE_KINDS:
        problems.append(f"{what}: unknown kind {fig.kind!r}")
    return problems


def _sentence_problems(analysis: Analysis) -> list[str]:
    text, problems = analysis.doc.text, []
    for i, s in enumerate(analysis["sentences"]):
        if s.index != i:
            problems.append(f"sentences[{i}]: index {s.index}")
        if not 0 <= s.start <= s.end <= len(text) or text[s.start:s.end] != s.text:
            problems.append(f"sentences[{i}]: {s.start}:{s.end} does not cover its text {s.text[:40]!r}")
    return problems


def invariant_problems(analysis: Analysis) -> list[str]:
    """Every broken contract in one analysis, as readable lines (empty: all hold)."""
    problems = _sentence_problems(analysis) + _check_date(analysis.doc.published, "document.published")
    for layer in ("times", "places", "actors", "claims", "figures", "control", "events"):
        for i, rec in enumerate(analysis.get(layer) or []):
            problems += _record_problems(layer, i, rec, analysis)
    return problems


def analyse_checked(pipeline, text: str, published: str | None = None, normalise: bool = True) -> Analysis:
    """Run the strict pipeline on `text` (normalised as ingest does, unless told not to) and
    fail with every broken invariant listed."""
    if normalise:
        text = normalise_text(text)
    doc = Document(id="prop", text=text, published=published,
                   published_basis="metadata" if published else None)
    analysis = pipeline.run(doc)
    problems = invariant_problems(analysis)
    assert not problems, f"{len(problems)} broken invariant(s) on {text!r}:\n" + "\n".join(problems[:20])
    return analysis


# -- generators -------------------------------------------------------------------------------
# Word lists written for these tests; the generators combine them freely, so no article's
# wording matters.

PLACES = ["Aleppo", "Idlib", "Homs", "Deir ez-Zor", "Raqqa", "Damascus", "Daraa", "Hama", "Manbij",
          "Afrin", "al-Bab", "Eastern Ghouta", "Palmyra", "Kobani", "Tal Abyad", "Latakia", "Mosul",
          "Kyiv", "Bakhmut", "Gaza", "Khan Younis", "the northern countryside", "Jisr al-Shughur"]
ACTORS = ["government forces", "the Syrian army", "rebels", "Islamic State fighters", "the SDF",
          "Turkish-backed groups", "Russian warplanes", "the coalition", "Hezbollah", "opposition factions",
          "Kurdish militias", "pro-government militias", "ISIS", "the YPG", "Jaish al-Islam"]
VERBS = ["killed", "wounded", "captured", "shelled", "seized", "attacked", "besieged", "retook",
         "withdrew from", "bombed", "displaced", "injured", "evacuated", "lost control of", "stormed"]
SPEAKERS = ["the Syrian Observatory for Human Rights", "a military source", "state media", "activists",
            "the health ministry", "a spokesman", "the UN", "an official who asked not to be named",
            "Reuters", "residents"]
SAYS = ["said", "reported", "told Reuters", "claimed", "denied", "according to", "confirmed", "added"]
WHO = ["people", "civilians", "children", "fighters", "soldiers", "militants", "women", "residents",
       "families", "refugees", "members of the security forces"]
QUALIFIERS = ["", "at least ", "more than ", "nearly ", "about ", "up to ", "some ", "over ", "around ",
              "fewer than ", "between 10 and ", "dozens of ", "hundreds of ", "thousands of "]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Jan.", "Sept.", "Feb"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE = ["yesterday", "last week", "two days ago", "earlier this month", "the day before",
            "last year", "since 2011", "this morning", "on Feb. 30", "late last month", "tonight"]
NUMBER_WORDS = ["one", "two", "ten", "a dozen", "twenty-five", "hundred", "a million", "1.5 million",
                "3,000", "12,5", "0", "-4", "99999999999999999999", "½", "٣٠", "３０", "1e9", "10-12", "7/8"]

numbers = st.one_of(st.integers(min_value=0, max_value=10**12).map(str),
                    st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}"),
                    st.sampled_from(NUMBER_WORDS))
dates = st.one_of(
    st.builds(lambda d, m, y: f"{d} {m} {y}", st.integers(0, 40), st.sampled_from(MONTHS), st.integers(0, 3000)),
    st.builds(lambda m, d, y: f"{m} {d}, {y}", st.sampled_from(MONTHS), st.integers(0, 40), st.integers(1000, 2100)),
    st.builds(lambda y, m, d: f"{y}-{m:02d}-{d:02d}", st.integers(0, 9999), st.integers(0, 19), st.integers(0, 39)),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 40), st.integers(0, 20), st.integers(0, 99)),
    st.sampled_from(WEEKDAYS + RELATIVE),
    st.builds(lambda w: f"on {w}", st.sampled_from(WEEKDAYS)),
)
figure_phrases = st.builds(lambda q, n, w: f"{q}{n} {w}", st.sampled_from(QUALIFIERS), numbers, st.sampled_from(WHO))


def _sentence(parts: list[str]) -> str:
    return " ".join(p for p in parts if p).strip()


clauses = st.one_of(
    st.builds(lambda a, v, p, d: _sentence([a, v, p, d]), st.sampled_from(ACTORS), st.sampled_from(VERBS),
              st.sampled_from(PLACES), dates),
    st.builds(lambda f, v, p, d: _sentence([f, "were", v, "in", p, d]), figure_phrases, st.sampled_from(VERBS),
              st.sampled_from(PLACES), dates),
    st.builds(lambda s, v, c: f"{c}, {s} {v}" if v != "according to" else f"{c}, according to {s}",
              st.sampled_from(SPEAKERS), st.sampled_from(SAYS),
              st.builds(lambda a, v, p: f"{a} {v} {p}", st.sampled_from(ACTORS), st.sampled_from(VERBS),
                        st.sampled_from(PLACES))),
    st.builds(lambda s, q: f'"{q}," {s} said', st.sampled_from(SPEAKERS),
              st.builds(lambda f, p: f"{f} died in {p}", figure_phrases, st.sampled_from(PLACES))),
    st.builds(lambda a, p, b: f"{a} took control of {p} from {b}", st.sampled_from(ACTORS),
              st.sampled_from(PLACES), st.sampled_from(ACTORS)),
    st.text(min_size=0, max_size=30),
)
ENDINGS = [". ", ".\n", ".\n\n", "? ", "! ", "; ", " ", "...", "\u2026 ", ". \u201c", "\n- "]
news_texts = st.builds(lambda cs, ends: "".join(c + e for c, e in zip(cs, ends)).strip(),
                       st.lists(clauses, min_size=1, max_size=8),
                       st.lists(st.sampled_from(ENDINGS), min_size=8, max_size=8))

# Any code point a user's file can hold after decoding, surrogates excluded (they cannot be
# stored or encoded); controls, combining marks, RTL and CJK included.
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
published_dates = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(str))


def real_sentences(shared_dir: Path, limit: int = 400) -> list[str]:
    """Sentences of real articles from ../shared, read at run time (never stored in the repo)."""
    out = []
    folder = shared_dir / "corpora" / "fa-kes" / "articles"
    for path in sorted(folder.glob("*.txt"))[::9]:
        text = path.read_text("utf-8", errors="replace")
        out += [s.strip() + "." for s in re.split(r"(?<=[.!?])\s+", text) if 40 < len(s) < 400]
        if len(out) >= limit:
            break
    return out[:limit]


def mutate(sentence: str, ops: list[tuple[str, int, str]]) -> str:
    """Apply generated edits: delete, insert or replace a slice, swap case, repeat a piece."""
    s = sentence
    for op, pos, piece in ops:
        pos = pos % (len(s) + 1)
        if op == "delete":
            s = s[:pos] + s[pos + len(piece):]
        elif op == "insert":
            s = s[:pos] + piece + s[pos:]
        elif op == "replace":
            s = s[:pos] + piece + s[pos + len(piece):]
        elif op == "upper":
            s = s.upper()
        elif op == "repeat":
            s = s[:pos] + s[pos:pos + 40] * 3 + s[pos:]
        elif op == "mojibake":
            s = s[:pos] + s[pos:].encode("utf-8").decode("cp1252", errors="replace")
    return s


edit_pieces = st.one_of(st.text(max_size=12), numbers, st.sampled_from(PLACES + ACTORS + VERBS + WHO + SAYS),
                        dates, st.sampled_from(['"', "\u201c", "\u201d", "(", ")", "\n\n", "  ", "\u00a0", "\ufffd"]))
edits = st.lists(st.tuples(st.sampled_from(["delete", "insert", "replace", "upper", "repeat", "mojibake"]),
                           st.integers(0, 10_000), edit_pieces), min_size=1, max_size=5)


# -- the tests --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict():
    return default_pipeline(strict=True)


@pytest.fixture(scope="module")
def real(shared) -> list[str]:
    sentences = real_sentences(shared)
    assert len(sentences) > 100
    return sentences


@pytest.mark.parametrize("value, ok", [("2017", True), ("2017-04", True), ("2017-04-05", True),
                                       ("2016-02-29", True), ("2017-02-29", False), ("2017-13", False),
                                       ("2017-4-5", False), ("17-04-05", False), ("2017-04-05T10:00", False)])
def test_valid_date_checker(value, ok):
    assert valid_date(value) is ok


def test_checker_catches_a_broken_surface(strict):
    analysis = strict.run(Document(id="d", text="Rebels captured Aleppo on Monday, killing 12 people."))
    assert not invariant_problems(analysis)
    places = analysis["places"]
    assert places, "the checker needs a record to break"
    places[0].text = places[0].text + "x"
    assert any("surface" in p for p in invariant_problems(analysis))


@CASES
@given(text=any_text, published=published_dates)
@example(text="", published=None)
@example(text="\u202e\u0600\u0000 1,000,000,000,000,000 killed", published=None)
@example(text="مقتل 30 شخصا في حلب يوم الاثنين. ٣٠ قتيلا.", published="2017-04-05")
def test_arbitrary_unicode(strict, text, published):
    analyse_checked(strict, text, published)


@CASES
@given(text=any_text)
def test_arbitrary_unicode_not_normalised(strict, text):
    """Library users may build a Document themselves: raw control characters, CRLF, tabs."""
    analyse_checked(strict, text, normalise=False)


@settings(CASES, max_examples=250)
@given(text=news_texts, published=published_dates)
def test_news_like_sentences(strict, text, published):
    analyse_checked(strict, text, published)


@settings(CASES, max_examples=120)
@given(data=st.data(), published=published_dates)
def test_mutated_real_sentences(strict, real, data, published):
    chosen = data.draw(st.lists(st.sampled_from(real), min_size=1, max_size=4), label="sentences")
    text = mutate(" ".join(chosen), data.draw(edits, label="edits"))
    assume(text.strip())
    analyse_checked(strict, text, published)


def test_real_articles_keep_the_invariants(strict, shared):
    """Whole real articles (a sample of FA-KES and Wikipedia) keep every invariant."""
    paths = sorted((shared / "corpora" / "fa-kes" / "articles").glob("*.txt"))[::40]
    paths += sorted((shared / "corpora" / "wikipedia-syria").rglob("*.md"))[::30]
    assert len(paths) > 20
    for path in paths:
        analyse_checked(strict, path.read_text("utf-8", errors="replace"))
