import pytest

from frontwatch.extract.sentences import sentence_at, split_sentences


@pytest.mark.parametrize("text,expected", [
    ("Brig. Gen. Abdul al-Ahmad said so. He left.", 2),
    ("The U.S. envoy arrived. Talks began.", 2),
    ('"We are in the final chapter," she said. Momani left.', 2),
    ("George W. Bush spoke in Waterloo, Ont. on Sunday.", 1),
])
def test_sentences_abbreviations_do_not_split(text, expected):
    assert len(split_sentences(text)) == expected


def test_sentences_offsets_index_the_text(shared):
    text = (shared / "seeds" / "000_df3095a5e55c6999.txt").read_text("utf-8")
    sentences = split_sentences(text)
    assert len(sentences) > 20
    for s in sentences:
        assert text[s.start:s.end] == s.text and s.text == s.text.strip()
    assert sentence_at(sentences, sentences[5].start + 3).index == 5


def test_sentences_fakes_dateline_runs_into_headline(shared):
    text = (shared / "eval" / "dev" / "articles" / "fakes-1914947533.txt").read_text("utf-8")
    first = split_sentences(text)[0].text
    assert first.endswith("at least 112.")


@pytest.mark.parametrize("text,zones", [
    ("Sun 16 Apr 2017 Rebels shell the town. Three people died.", ["dateline", "body"]),
    ("Strikes hit the city. Writing by Jane Roe; Editing by John Doe.", ["body", "boilerplate"]),
    ("Strikes hit the city.\n\nRelated Coverage UN envoy urges talks.", ["body", "boilerplate"]),
    ("Rebels advance in the north\n\nRebels took two villages on Monday.", ["headline", "body"]),
    ("Smoke rises over the old city (archive).\n\nShelling resumed.", ["caption", "body"]),
])
def test_sentences_zones(text, zones):
    assert [s.zone for s in split_sentences(text)] == zones


def test_sentences_run_in_headline_is_split_from_the_body():
    text = "12 March 2015 - Rebels advance near the border - More than 20 fighters were killed."
    first, second = split_sentences(text)
    assert first.zone == "dateline" and first.text.endswith("border")
    assert second.text.startswith("More than 20") and second.zone == "body"


def test_sentence_at_is_the_sentence_holding_the_offset(shared):
    """The bisection gives what a scan of every sentence gives, at every offset (between
    sentences too, where there is none)."""
    folder = shared / "corpora/fa-kes/articles"
    for path in sorted(folder.iterdir())[:25]:
        text = path.read_text("utf-8", errors="replace")
        sentences = split_sentences(text)
        for offset in range(-1, len(text) + 2):
            holding = next((s for s in sentences if s.start <= offset < s.end), None)
            assert sentence_at(sentences, offset) is holding
