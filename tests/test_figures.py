"""Figures: kinds, bounds, who, what is not a figure, sources (hand-built claims), repeats, real text."""
import json

import pytest

import frontwatch.extract.figures as figures_module
from frontwatch.extract.figures import figures_stage
from frontwatch.extract.sentences import split_sentences
from frontwatch.pipeline import Analysis
from frontwatch.records import Claim, Document, PlaceMention, Span, TimeExpr

KINDS = {"killed", "wounded", "killed_or_wounded", "displaced", "refugees", "detained", "missing",
         "combatants", "population", "other"}


def analysis_of(text, claims=(), places=(), times=(), doc_id="t"):
    """An Analysis with hand-made upstream layers (no other stage runs)."""
    a = Analysis(Document(id=doc_id, text=text))
    a.layers.update(sentences=split_sentences(text), tokens=None, claims=list(claims),
                    places=list(places), times=list(times))
    return a


def figures_of(text, **layers):
    return figures_stage(analysis_of(text, **layers))


def span_of(text, part, doc_id="t"):
    start = text.index(part)
    return Span(doc_id, start, start + len(part), 0)


@pytest.mark.parametrize("text,kind,low,high,who", [
    ("Air strikes killed at least 14 civilians in the town on Sunday.", "killed", 14, None, "civilians"),
    ("Three soldiers were wounded when a mine exploded.", "wounded", 3, 3, "soldiers"),
    ("Dozens were killed and wounded in the raid on the market.", "killed_or_wounded", 24, None, None),
    ("More than 2000 families fled the fighting in the east.", "displaced", 2000, None, "families"),
    ("The war has created nearly 6 million refugees.", "refugees", None, 6000000, "refugees"),
    ("Police arrested 40 protesters on Friday.", "detained", 40, 40, "protesters"),
    ("Five aid workers remain missing after the attack.", "missing", 5, 5, "workers"),
    ("The rebels have massed some 5,000 fighters around the city.", "combatants", 5000, 5000, "fighters"),
    ("The city had a population of 1.2 million before the war.", "population", 1200000, 1200000, None),
    ("The 15-member delegation arrived in the capital.", "other", 15, 15, "members"),
    ("The death toll from the bombing rose to about 80 on Monday.", "killed", 80, 80, None),
    ("The blast left around half a million people dead over the years.", "killed", 500000, 500000, "people"),
    ("Shelling killed 17 and injured dozens more", "killed", 17, 17, None),
    ("Hundreds of badly injured civilians are in hospitals across the city.", "wounded", 200, None, "civilians"),
])
def test_figures_kind_bounds_who(text, kind, low, high, who):
    f = figures_of(text)[0]
    assert (f.kind, f.low, f.high, f.who) == (kind, low, high, who)
    assert text[f.span.start:f.span.end] == f.text


@pytest.mark.parametrize("text,expected", [
    ("The shelling killed 13 and wounded 29 in the old city.", [("killed", 13), ("wounded", 29)]),
    ("At least 20 people including seven children died in the blast.", [("killed", 20), ("killed", 7)]),
    ("The raid killed 23 people including 5 children on Monday", [("killed", 23), ("killed", 5)]),
    ("Strikes kill 10 children 5 women in the suburbs", [("killed", 10), ("killed", 5)]),
    ("Four civilians were killed and 12 others were injured by the mortar fire.", [("killed", 4), ("wounded", 12)]),
    ("The cities have populations of 2.5 million and 3 million respectively.",
     [("population", 2500000), ("population", 3000000)]),
])
def test_figures_several_in_one_sentence(text, expected):
    assert [(f.kind, f.low) for f in figures_of(text)] == expected


@pytest.mark.parametrize("text", [
    "The war began in 2011 and has not ended.",
    "The 18-year-old was arrested at the checkpoint.",
    "The siege lasted five years before the town fell.",
    "The town is 30 km from the border and was shelled.",
    "The aid package is worth $2 million and was delayed.",
    "Rebels captured two towns near the highway where 300 tanks were destroyed.",
    "Resolution 2059 extended the mission for 30 days.",
    "A number of insurgents were pictured outside the citadel.",
    "He was one of the most senior officers in the army.",
    "The offensive was launched on 12 June and the rebels were killed back.",
    "Nine air raids hit the city on Sunday killing nobody.",
    "Hezbollah's two-month war with Israel ended on Wednesday.",
    "Troops from Marine Air Control Group 28 were deployed to the airfield.",
    "Green Berets from ODA 525 deployed a reconnaissance team.",
    "Get short URL 1285 The army's units eliminated the attackers.",
])
def test_figures_not_figures(text):
    assert figures_of(text) == []


@pytest.mark.parametrize("text,source", [
    ("Activists said at least 12 people were killed in the strikes.", "Activists"),
    ("At least 9 people were killed in the raid, the monitor said on Sunday.", "monitor"),
    ("At least 23 civilians were killed, according to the Syrian Observatory for Human Rights.",
     "Syrian Observatory for Human Rights"),
    ("\"At least 23 civilians were killed before dawn,\" said the Observatory.", "Observatory"),
    ("The White Helmets, a volunteer rescue service, said four people were killed.", "White Helmets"),
    ("The news agency quoted a military source as saying 40 militants had been killed.", "military source"),
    ("More than 100 civilians have been killed in August local authorities told reporters on Saturday",
     "local authorities"),
    ("Three civilians were killed in the shelling on Wednesday.", None),
])
def test_figures_source_from_the_sentence(text, source):
    assert figures_of(text)[0].source == source


def test_figures_source_from_claim_resolves_pronoun():
    text = "The Observatory reported heavy fighting. It said 40 fighters were killed in the clashes."
    quote = "40 fighters were killed in the clashes"
    claim = Claim(span=span_of(text, "It said " + quote), speaker="Syrian Observatory for Human Rights",
                  quote=quote, quote_spans=[span_of(text, quote)], speaker_kind="monitor")
    f = figures_of(text, claims=[claim])[0]
    assert (f.source, f.source_kind) == ("Syrian Observatory for Human Rights", "monitor")


def test_figures_source_innermost_claim_wins():
    text = "The agency cited the command as saying that its jets struck depots with dozens killed."
    outer = Claim(span=span_of(text, text[:-1]), speaker="TASS", quote=text,
                  quote_spans=[span_of(text, "the command as saying that its jets struck depots with dozens killed")])
    inner = Claim(span=span_of(text, text[:-1]), speaker="Syrian army command", quote="its jets ...",
                  quote_spans=[span_of(text, "its jets struck depots with dozens killed")])
    assert figures_of(text, claims=[outer, inner])[0].source == "Syrian army command"


def test_figures_pronoun_without_claim_looks_back():
    text = "The Observatory counted the dead in Idlib. It says at least 30 people were killed."
    assert figures_of(text)[0].source == "Observatory"


def test_figures_place_and_date_from_the_same_sentence():
    text = "Air strikes killed 12 people in Idlib on Sunday. Aleppo was calm."
    idlib = PlaceMention(span_of(text, "Idlib"), "Idlib", "Idlib", 35.93, 36.63, "city", "SY")
    aleppo = PlaceMention(span_of(text, "Aleppo"), "Aleppo", "Aleppo", 36.2, 37.16, "city", "SY")
    sunday = TimeExpr(span_of(text, "Sunday"), "Sunday", "2016-06-12")
    f = figures_of(text, places=[aleppo, idlib], times=[sunday])[0]
    assert (f.place, f.lat, f.date) == ("Idlib", 35.93, "2016-06-12")


def test_figures_headline_repeat_is_folded_into_the_sourced_row():
    text = ("Air strike kills eight rescuers in Hama. At least eight rescue workers were killed "
            "when a strike hit their centre, the White Helmets said.")
    found = figures_of(text)
    assert [(f.low, f.source) for f in found] == [(8, "White Helmets")]


def test_figures_same_value_from_two_named_sources_stays_two_rows():
    text = ("A strike near the university killed at least four people, according to Reuters. "
            "The White Helmets said at least four people were killed in Idlib city.")
    assert [f.source for f in figures_of(text)] == ["Reuters", "White Helmets"]


@pytest.fixture(scope="module")
def fakes(shared):
    meta = [json.loads(line) for line in (shared / "corpora" / "fa-kes" / "meta.jsonl").open(encoding="utf-8")]
    return [(m, (shared / "corpora" / "fa-kes" / m["file"]).read_text("utf-8")) for m in meta[:160]]


def test_figures_fakes_spans_bounds_and_kinds(fakes):
    for m, text in fakes:
        for f in figures_of(text, doc_id=m["id"]):
            assert text[f.span.start:f.span.end] == f.text
            assert f.kind in KINDS
            assert f.low is None or f.high is None or f.low <= f.high
            assert f.low is not None or f.high is not None or f.vague


def test_figures_fakes_agree_with_crowd_civilian_deaths(fakes):
    """Where the crowd counted civilians killed, some killed figure has that number as a bound."""
    hits = n = 0
    for m, text in fakes:
        want = m["crowd"]["civilians"]
        if want in ("", "0"):
            continue
        n += 1
        hits += any(f.kind == "killed" and int(want) in (f.low, f.high) for f in figures_of(text))
    assert n > 80 and hits / n >= 0.75


def test_figures_dev_article_convoy(shared):
    text = (shared / "eval" / "dev" / "articles" / "fakes-1914947533.txt").read_text("utf-8")
    found = {(f.kind, f.low, f.vague): f for f in figures_of(text)}
    assert "Observatory" in found[("killed", 112, None)].source
    assert ("displaced", 5000, None) in found and ("displaced", 2000, None) in found
    assert ("combatants", 200, "several hundred") in found
    assert all(f.low != 2017 for f in found.values())


def test_figures_wikipedia_no_years_or_distances(shared):
    for path in sorted((shared / "corpora" / "wikipedia-syria").glob("*.md"))[:20]:
        text = path.read_text("utf-8")
        for f in figures_of(text):
            tail = text[f.span.end:f.span.end + 12].lower()
            assert not tail.startswith((" km", " kilomet", " miles", " years", "-year")), f.text


def test_figures_through_the_pipeline(shared, analyse):
    text = (shared / "seeds" / "001_e4fe0b58d26abba3.txt").read_text("utf-8")
    found = [f for f in analyse(text)["figures"] if f.low == 311]
    assert found and found[0].kind == "killed" and "Observatory" in (found[0].source or "")


def test_figures_stage_is_cheap(fakes):
    import time
    analyses = [analysis_of(text) for _, text in fakes]
    start = time.process_time()
    for a in analyses:
        figures_module.figures_stage(a)
    assert (time.process_time() - start) / len(analyses) < 0.02


@pytest.mark.parametrize("text, label", [
    ("The next day 75 more Division 30 fighters re-entered the town.", 30),
    ("Two F-117 stealth fighters struck the compound before dawn.", 117),
    ("Brigade 93 said 12 soldiers were killed.", 93),
])
def test_figures_unit_or_model_number_is_a_label(text, label):
    assert label not in [f.low for f in figures_of(text)]


def test_figures_headline_repeat_keeps_the_bounded_row():
    text = ("Strikes kill 22 in Idlib village. Air strikes killed at least 22 people in a village in Idlib "
            "on Wednesday, the monitor said.")
    (f,) = [f for f in figures_of(text) if f.low == 22]
    assert f.qualifier == "at least"
