"""Zones: runs of site boilerplate (tag boxes, related links, subscription and cookie notices)
are told from the reporting, on real pages read at run time and on sentences written here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontwatch.extract.sentences import split_sentences
from frontwatch.extract.zones import rule_zone, zones_of
from frontwatch.ingest import read_paths

BODY = "Government forces shelled two villages north of the city on Monday, a monitoring group said."
MORE = "Rescue workers pulled survivors from the rubble until late at night, the group added."


def _texts(folder: Path, pattern: str, limit: int = 40, tail: bool = False) -> list[str]:
    """Texts of the files of a corpus folder whose text matches `pattern` (in its second half
    with `tail`), read through ingest."""
    regex = re.compile(pattern)
    found = []
    for path in sorted(folder.iterdir()):
        text = path.read_text("utf-8", errors="replace")
        match = regex.search(text)
        if match and (not tail or match.start() > len(text) / 2):
            found.append(next(iter(read_paths([str(path)]))).text)
        if len(found) >= limit:
            break
    return found


def _after(sentences, pattern: str):
    first = next(i for i, s in enumerate(sentences) if re.search(pattern, s.text))
    return sentences[:first], sentences[first:]


@pytest.mark.parametrize("cue", [r"sign up to our", r"\bTags\b [A-Z]", r"Cookie Policy"])
def test_footer_runs_on_real_pages_are_boilerplate(shared, cue):
    texts = _texts(shared / "corpora/fa-kes/articles", cue, tail=True)   # a footer, not a box above the story
    assert texts, f"no FA-KES page with {cue!r} in its second half"
    for text in texts:
        sentences = split_sentences(text)
        before, footer = _after(sentences, cue)
        if footer[0].start < (sentences[-1].end + sentences[0].start) / 2:
            continue   # the cue's sentence opens in the first half (a long run-on sentence)
        assert {s.zone for s in footer} == {"boilerplate"}, [(s.zone, s.text[:60]) for s in footer]
        reporting = [s for s in before if re.search(r"\bsaid\b", s.text) and s.index > 0]
        assert all(s.zone == "body" for s in reporting)   # the first is a dateline on some sites


def test_credit_and_translation_lines_of_real_pages(shared):
    texts = _texts(shared / "corpora/fa-kes/articles", r"(?:edited translation|contributed to this report"
                                                       r"|Source TRTWorld and agencies)\W*(?:Read Also)?\s*$")
    assert len(texts) >= 5
    for text in texts:
        last = split_sentences(text)[-1]
        assert last.zone == "boilerplate", last.text


def test_related_box_mid_story_keeps_the_story_after_it(shared):
    """Reuters puts "Related Coverage" inside the story: the reporting after it stays body."""
    texts = _texts(shared / "corpora/fa-kes/articles", r"Related Coverage")
    assert texts
    for text in texts:
        sentences = split_sentences(text)
        box, rest = _after(sentences, r"Related Coverage")
        assert rest[0].zone == "boilerplate"
        assert any(s.zone == "body" and re.search(r"\bsaid\b", s.text) for s in rest[1:]) or \
            all(not re.search(r"\bsaid\b", s.text) for s in rest[1:])


def test_see_also_lists_of_wikipedia_pages(shared):
    """A "See also" heading and the article titles under it are boilerplate; prose is not."""
    texts = _texts(shared / "corpora/wikipedia-syria", r"\n## See also\n", limit=10)
    assert texts
    for text in texts:
        sentences = split_sentences(text)
        head = next(i for i, s in enumerate(sentences) if s.text.strip() == "See also")
        assert sentences[head].zone == "boilerplate"
        assert sentences[head + 1].zone == "boilerplate"          # the first linked title
        assert all(s.zone == "body" for s in sentences[:head] if s.text.rstrip().endswith(".")
                   and len(s.text) > 80 and s.index > 0)


@pytest.mark.parametrize("tail, zones", [
    # a footer in the second half: the cue and everything after it
    (["Tags: Syria, Idlib, Airstrikes", "Most read", "Troops advance on the town"], ["boilerplate"] * 3),
    (["Share this:", "Facebook Twitter Email"], ["boilerplate"] * 2),
    (["We use cookies to improve your experience.", "Accept"], ["boilerplate"] * 2),
    (["Copyright 2016 Example News.", "About us Contact Careers"], ["boilerplate"] * 2),
    # boxes that mark their own sentence and the link titles under them, not the story after them
    (["Related: Rebels shell the city", MORE], ["boilerplate", "body"]),
    (["014 Related Articles", "Aid convoy reaches the besieged town", "Talks resume in Geneva", MORE],
     ["boilerplate", "boilerplate", "boilerplate", "body"]),
    (["Read more", "Ceasefire holds in the south", MORE], ["boilerplate", "boilerplate", "body"]),
    (["Agencies contributed to this report."], ["boilerplate"]),
    (["Source: Reuters"], ["boilerplate"]),
    # look-alikes that are reporting
    (["More videos on social media then showed the damage."], ["body"]),
    (["The deal set the terms of use of the air base for 49 years."], ["body"]),
    (["Related fighting spread to the south of the province."], ["body"]),
])
def test_zones_of_page_tails(tail, zones):
    text = "\n".join([BODY, MORE, BODY.replace("Monday", "Tuesday"), *tail])
    sentences = split_sentences(text)
    assert [s.zone for s in sentences[3:]] == zones
    assert [s.zone for s in sentences[:3]] == ["body"] * 3
    assert zones_of(sentences) == [s.zone for s in sentences]


def test_tags_above_the_story_mark_only_their_sentence():
    text = "\n".join(["Tags: Syria, Idlib", BODY, MORE, BODY.replace("Monday", "Friday"), MORE])
    assert [s.zone for s in split_sentences(text)] == ["boilerplate", "body", "body", "body", "body"]


@pytest.mark.parametrize("folder", ["corpora/fa-kes/articles", "corpora/wikipedia-syria", "seeds"])
def test_sieve_lets_through_every_sentence_a_rule_fires_on(shared, folder):
    """The sieve that spares most sentences the rules must never stop one a rule fires on."""
    from frontwatch.extract.zones import sieve

    paths = sorted((shared / folder).iterdir())[:300]
    fired = 0
    for doc in read_paths([str(p) for p in paths]):
        sentences = split_sentences(doc.text)
        words = sieve().word_sentences(sentences)
        for s in sentences:
            lower = s.text.lower()
            assert words is None or words[s.index] == any(w in lower for w in sieve().words)
            if rule_zone(s) is not None:
                fired += 1
                assert sieve().passes(s.text) and sieve().passes(s.text, words[s.index] if words else None)
    assert fired > 0


@pytest.mark.parametrize("text,passes", [
    ("Tags Syria Idlib Russia", True),                     # anchored rule
    ("Never miss a story, sign up for our newsletter", True),   # a rule's words
    ("Reporting by a correspondent; editing by a desk editor", True),   # unanchored, no words
    (BODY, False),
    (MORE, False),
])
def test_sieve_on_written_sentences(text, passes):
    from frontwatch.extract.zones import sieve

    assert sieve().passes(text) is passes
