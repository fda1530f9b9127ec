"""Cross-checking on hand-built layers: grouping, independence, disputes."""
from __future__ import annotations

import pytest

from frontwatch.corpus import CorpusResult
from frontwatch.pipeline import Analysis
from frontwatch.records import (ControlStatement, Document, Figure, PlaceMention, PlaceRef,
                                Sentence, Span)
from frontwatch.resolve.crosscheck import crosscheck_stage

ALEPPO = (36.20, 37.16)
IDLIB = (35.93, 36.63)
DEIR = (35.34, 40.14)


def doc(doc_id, published, outlet, sentence, place=None, duplicate_of=None):
    """A one-sentence document whose sentence names `place` (name, (lat, lon))."""
    d = Document(id=doc_id, text=sentence, published=published, outlet=outlet, duplicate_of=duplicate_of)
    a = Analysis(d, {"sentences": [Sentence(0, 0, len(sentence), sentence)], "places": [], "claims": [],
                     "events": [], "control": [], "figures": []})
    if place:
        name, (lat, lon) = place
        start = sentence.index(name)
        a.layers["places"].append(PlaceMention(Span(doc_id, start, start + len(name), 0), name, name,
                                               lat, lon, "city", "SY", place_id=name.lower()))
    return a


def figure(a, text, kind="killed", low=None, high=None, who="people", source=None, vague=None):
    start = a.doc.text.index(text)
    f = Figure(Span(a.doc.id, start, start + len(text), 0), text, kind, low, high, who=who, source=source,
               vague=vague)
    a.layers["figures"].append(f)
    return f


def control(a, name, coords, side, change="captured", source=None, denied_by=None):
    start = a.doc.text.index(name)
    st = ControlStatement(Span(a.doc.id, start, start + len(name), 0),
                          PlaceRef(name, *coords, text=name, place_id=name.lower()), side, side, change,
                          source=source, denied_by=denied_by)
    a.layers["control"].append(st)
    return st


def run(*analyses) -> CorpusResult:
    result = CorpusResult()
    for a in analyses:
        result.documents.append(a.doc)
        result.analyses[a.doc.id] = a
    crosscheck_stage(result)
    return result


def groups_of(result):
    return result.extras["crosscheck"].groups


def test_crosscheck_groups_one_incident_told_by_two_sources():
    a = doc("a", "2024-11-30", "ABC", "Air strikes on Aleppo killed about 20 fighters, the monitor said.", ("Aleppo", ALEPPO))
    b = doc("b", "2024-12-01", "The Sun", "Russian jets killed at least 300 militants around Aleppo.", ("Aleppo", ALEPPO))
    f1 = figure(a, "about 20 fighters", low=20, high=20, who="fighters", source="SOHR")
    f2 = figure(b, "at least 300 militants", low=300, who="militants", source="Russian defence ministry")
    result = run(a, b)
    assert f1.group == f2.group
    (group,) = groups_of(result)
    assert group.status == "differ" and group.low == 20 and group.conservative == 20
    assert len(group.origins) == 2
    disputes = result.extras["crosscheck"].disputes
    assert disputes and disputes[0].kind == "figure" and len(disputes[0].positions) == 2


def test_crosscheck_keeps_children_apart_from_all_victims():
    a = doc("a", "2016-10-26", "X", "Strikes on Haas killed at least 22 people seven of them children.", ("Haas", IDLIB))
    total = figure(a, "at least 22 people", low=22)
    kids = figure(a, "seven of them children", low=7, high=7, who="children")
    run(a)
    assert total.group != kids.group


@pytest.mark.parametrize("days_apart,km_apart,grouped", [
    (1, 0, True),     # the same incident, next day's article
    (10, 0, False),   # a later, different incident at the same place
    (1, 300, False),  # the same day, a different city
])
def test_crosscheck_incident_needs_the_same_time_and_place(days_apart, km_apart, grouped):
    other = DEIR if km_apart else ALEPPO
    a = doc("a", "2017-04-10", "X", "A blast in Aleppo killed 12 people.", ("Aleppo", ALEPPO))
    b = doc("b", f"2017-04-{10 + days_apart:02d}", "Y", "A blast in Town killed 14 people.", ("Town", other))
    f1, f2 = figure(a, "12 people", low=12, high=12), figure(b, "14 people", low=14, high=14)
    run(a, b)
    assert (f1.group == f2.group) is grouped


def test_crosscheck_groups_war_totals_wherever_they_are_told():
    a = doc("a", "2024-12-02", "CNN", "The war has killed more than 300,000 people since 2011.")
    b = doc("b", "2024-12-01", "The Sun", "Around half a million people have died in the civil war.")
    f1 = figure(a, "more than 300,000 people", low=300000)
    f2 = figure(b, "half a million people", low=500000, high=500000)
    result = run(a, b)
    assert f1.group == f2.group
    assert any(d.kind == "figure" for d in result.extras["crosscheck"].disputes)


def test_crosscheck_syndicated_copies_are_one_origin():
    text = "A car bomb in Idlib killed 16 people."
    a = doc("a", "2016-07-05", "AFP", text, ("Idlib", IDLIB))
    b = doc("b", "2016-07-05", "Site B", text + " ", ("Idlib", IDLIB), duplicate_of="a")
    figure(a, "16 people", low=16, high=16)
    figure(b, "16 people", low=16, high=16)
    (group,) = groups_of(run(a, b))
    assert len(group.members) == 2 and group.origins == ["outlet:a"]
    assert group.status == "agree"


def test_crosscheck_growing_toll_from_one_source_is_an_update():
    a = doc("a", "2024-11-30", "X", "The monitor counted at least 242 dead in Aleppo.", ("Aleppo", ALEPPO))
    b = doc("b", "2024-12-02", "Y", "The monitor counted at least 311 dead in Aleppo.", ("Aleppo", ALEPPO))
    figure(a, "at least 242 dead", low=242, high=242, source="SOHR")
    figure(b, "at least 311 dead", low=311, high=311, source="SOHR")
    result = run(a, b)
    (group,) = groups_of(result)
    assert group.status == "updated"
    assert not result.extras["crosscheck"].disputes


def test_crosscheck_flags_two_sides_taking_one_place():
    airport = (36.18, 37.22)
    a = doc("a", "2024-12-02", "CNN", "The rebel coalition captured Aleppo airport.")
    b = doc("b", "2024-12-01", "ABC", "Kurdish forces took Aleppo airport.")
    control(a, "Aleppo airport", airport, "opposition")
    control(b, "Aleppo airport", airport, "sdf")
    disputes = run(a, b).extras["crosscheck"].disputes
    (dispute,) = [d for d in disputes if d.kind == "control"]
    assert {p.value for p in dispute.positions} == {"opposition", "sdf"}


def test_crosscheck_keeps_a_denied_claim_with_its_denial():
    a = doc("a", "2024-11-30", "X", "Rebels said they took Aleppo but the army denied it.")
    control(a, "Aleppo", ALEPPO, "opposition", denied_by="Syrian army")
    disputes = run(a).extras["crosscheck"].disputes
    (dispute,) = [d for d in disputes if d.kind == "denial"]
    assert dispute.positions[0].value == "denied" and dispute.positions[0].source == "Syrian army"


@pytest.mark.parametrize("who,text,expected", [
    ("civilians", "at least one teacher", "teacher"),
    ("people", "22 people seven of them children", "children"),
    ("civilians", "Dozens of civilians including children", "all"),
    (None, "at least 311 fatalities", "all"),
])
def test_crosscheck_who_class_tells_subsets(who, text, expected):
    from frontwatch.resolve.figure_groups import who_class
    assert who_class(who, text) == expected


@pytest.mark.parametrize("sentence,cause", [
    ("Russian warplanes pounded the city, killing 20.", "air"),
    ("A car bomb exploded near the market.", "bomb"),
    ("Artillery shelling of the old city killed three.", "ground_fire"),
    ("Twelve people died of hunger under siege.", "disease"),
    ("Twelve people were killed.", None),
])
def test_crosscheck_cause_of_sentence(sentence, cause):
    from frontwatch.resolve.figure_groups import cause_of
    assert cause_of(sentence) == cause


def test_crosscheck_one_article_keeps_a_total_and_its_breakdown_apart():
    a = doc("a", "2024-11-30", "X", "The fighting killed at least 311 people including at least 28 civilians.")
    total = figure(a, "at least 311 people", low=311, source="SOHR")
    part = figure(a, "at least 28 civilians", low=28, who="civilians", source="SOHR")
    run(a)
    assert total.group != part.group


def test_crosscheck_every_figure_gets_a_group(shared):
    from frontwatch.corpus import analyse_paths
    result = analyse_paths([str(shared / "seeds")])
    figures = result.records("figures")
    assert figures and all(f.group for f in figures)
    ids = {g.id for g in result.extras["crosscheck"].groups}
    assert {f.group for f in figures} <= ids


def test_crosscheck_civilians_are_not_fighters():
    a = doc("a", "2016-06-12", "X", "Strikes on Idlib killed 25 civilians.", ("Idlib", IDLIB))
    b = doc("b", "2016-06-12", "Y", "The army killed 50 terrorists in Idlib.", ("Idlib", IDLIB))
    f1 = figure(a, "25 civilians", low=25, high=25, who="civilians")
    f2 = figure(b, "50 terrorists", low=50, high=50, who="militants")
    run(a, b)
    assert f1.group != f2.group


def test_crosscheck_two_neighbourhoods_in_one_article_are_two_tolls():
    text = "Shells wounded 12 people in Salaheddin. In Sheikh Maqsoud shells wounded 9 people."
    a = doc("a", "2016-08-13", "X", text, ("Salaheddin", ALEPPO))
    start = text.index("Sheikh Maqsoud")
    a.layers["places"].append(PlaceMention(Span("a", start, start + 14, 0), "Sheikh Maqsoud", "Sheikh Maqsoud",
                                           36.22, 37.15, "district", "SY", place_id="sheikh maqsoud"))
    f1, f2 = figure(a, "12 people", low=12, high=12), figure(a, "9 people", low=9, high=9)
    run(a)
    assert f1.group != f2.group


def test_crosscheck_one_strikes_toll_is_not_a_weeks_campaign_toll():
    a = doc("a", "2024-12-01", "X", "An airstrike in Aleppo killed at least four people.", ("Aleppo", ALEPPO))
    b = doc("b", "2024-12-01", "Y", "Russian air strikes on Aleppo killed 300 militants.", ("Aleppo", ALEPPO))
    c = doc("c", "2024-11-30", "Z", "Air strikes around Aleppo killed about 20 fighters.", ("Aleppo", ALEPPO))
    small = figure(a, "at least four people", low=4)
    big = figure(b, "300 militants", low=300, who="militants")
    other = figure(c, "about 20 fighters", low=20, high=20, who="fighters")
    run(a, b, c)
    assert big.group == other.group != small.group


def test_crosscheck_two_explicit_days_are_two_incidents():
    """Across articles, figures whose own sentences give different event days count different incidents."""
    a = doc("a", "2016-04-29", "X", "Shells killed 10 people in Aleppo on Tuesday.", ("Aleppo", ALEPPO))
    b = doc("b", "2016-04-29", "Y", "Shells killed 12 people in Aleppo on Thursday.", ("Aleppo", ALEPPO))
    f1, f2 = figure(a, "10 people", low=10, high=10), figure(b, "12 people", low=12, high=12)
    f1.date, f2.date = "2016-04-26", "2016-04-28"
    run(a, b)
    assert f1.group != f2.group


def test_crosscheck_event_day_against_next_days_report():
    """An event day in one article and the next day's publication in another: one incident."""
    a = doc("a", "2016-04-28", "X", "Shells killed 10 people in Aleppo on Wednesday.", ("Aleppo", ALEPPO))
    b = doc("b", "2016-04-28", "Y", "Rocket shells killed 11 people in Aleppo.", ("Aleppo", ALEPPO))
    f1, f2 = figure(a, "10 people", low=10, high=10), figure(b, "11 people", low=11, high=11)
    f1.date = "2016-04-27"
    run(a, b)
    assert f1.group == f2.group


@pytest.mark.parametrize("sentence", [
    "Strikes have killed 127 people in Aleppo since the offensive began.",
    "Strikes killed 127 people in Aleppo over the past week.",
    "Strikes killed 127 people in Aleppo in August shelling.",
])
def test_crosscheck_running_total_is_not_one_strikes_toll(sentence):
    a = doc("a", "2016-08-13", "X", sentence, ("Aleppo", ALEPPO))
    b = doc("b", "2016-08-13", "Y", "A strike on Aleppo killed 14 people.", ("Aleppo", ALEPPO))
    f1, f2 = figure(a, "127 people", low=127, high=127), figure(b, "14 people", low=14, high=14)
    run(a, b)
    assert f1.group != f2.group


def test_crosscheck_different_targets_are_different_incidents():
    a = doc("a", "2016-06-12", "X", "A strike on a market in Idlib killed 12 people.", ("Idlib", IDLIB))
    b = doc("b", "2016-06-12", "Y", "A strike on a hospital in Idlib killed 13 people.", ("Idlib", IDLIB))
    f1, f2 = figure(a, "12 people", low=12, high=12), figure(b, "13 people", low=13, high=13)
    run(a, b)
    assert f1.group != f2.group


def _district(a, name, lat, lon):
    start = a.doc.text.index(name)
    a.layers["places"].append(PlaceMention(Span(a.doc.id, start, start + len(name), 0), name, name, lat, lon,
                                           "district", "SY", place_id=name.lower()))


def test_crosscheck_two_neighbourhoods_across_articles_are_two_incidents_but_city_and_quarter_one():
    a = doc("a", "2016-08-13", "X", "Shells wounded 12 people in Salaheddin.")
    b = doc("b", "2016-08-13", "Y", "Shells wounded 10 people in Sheikh Maqsoud.")
    c = doc("c", "2016-08-13", "Z", "Shells wounded 11 people in Aleppo.", ("Aleppo", ALEPPO))
    _district(a, "Salaheddin", 36.18, 37.13)
    _district(b, "Sheikh Maqsoud", 36.22, 37.15)
    f1, f2, f3 = (figure(a, "12 people", low=12, high=12), figure(b, "10 people", low=10, high=10),
                  figure(c, "11 people", low=11, high=11))
    run(a, b, c)
    assert f1.group != f2.group
    assert f3.group in (f1.group, f2.group)


def test_crosscheck_dateline_is_not_the_figures_place():
    """ "MOSCOW (Sputnik) —" says where a story was filed: the figures below are placed by the
    places their sentences name (Damascus, Aleppo), so they stay apart."""
    a = doc("a", "2017-04-16", "X", "MOSCOW (Sputnik) — 20 people were killed by shells in a Damascus suburb.",
            ("MOSCOW", (55.75, 37.62)))
    b = doc("b", "2017-04-16", "Y", "MOSCOW (Sputnik) — 30 people were killed by shells in a village near Aleppo.",
            ("MOSCOW", (55.75, 37.62)))
    for d, name, (lat, lon) in ((a, "Damascus", (33.51, 36.29)), (b, "Aleppo", ALEPPO)):
        start = d.doc.text.index(name)
        d.layers["places"].append(PlaceMention(Span(d.doc.id, start, start + len(name), 0), name, name, lat, lon,
                                               "city", "SY", place_id=name.lower()))
    f1, f2 = figure(a, "20 people", low=20, high=20), figure(b, "30 people", low=30, high=30)
    run(a, b)
    assert f1.group != f2.group


def test_crosscheck_a_number_of_is_no_scale_to_group_across_articles():
    a = doc("a", "2014-09-10", "X", "The blast in Idlib killed 47 fighters.", ("Idlib", IDLIB))
    b = doc("b", "2014-09-10", "Y", "The army killed a number of fighters in Idlib.", ("Idlib", IDLIB))
    f1 = figure(a, "47 fighters", low=47, high=47, who="fighters")
    f2 = figure(b, "a number of fighters", who="fighters", vague="a number of")
    run(a, b)
    assert f1.group != f2.group


def test_crosscheck_syndicated_copies_add_no_groups_and_no_disputes(shared):
    """Ten copies of each seed are ten sites running one story: the same groups and disputes."""
    import dataclasses

    from frontwatch.corpus import analyse_paths
    base = analyse_paths([str(shared / "seeds")])
    once = CorpusResult(list(base.documents), dict(base.analyses))
    crosscheck_stage(once)
    copies = CorpusResult()
    for r in range(10):
        for d in base.documents:
            copy = d if r == 0 else dataclasses.replace(d, id=f"{d.id}-r{r}", duplicate_of=d.id)
            copies.documents.append(copy)
            copies.analyses[copy.id] = Analysis(copy, base.analyses[d.id].layers)
    crosscheck_stage(copies)
    first, tenfold = once.extras["crosscheck"], copies.extras["crosscheck"]
    assert len(tenfold.groups) == len(first.groups)
    assert sorted(d.question for d in tenfold.disputes) == sorted(d.question for d in first.disputes)
    assert max(len(g.members) for g in tenfold.groups) == 10 * max(len(g.members) for g in first.groups)


# -- the shortcuts the stage takes give what the plain definitions give -------------------------

CAUSE_SENTENCES = [
    "Air strikes and shelling killed 12 people in the market.",
    "A car bomb exploded near the checkpoint after clashes with rebels.",
    "Shelling, then an airstrike: the hospital and a school were hit.",
    "Suicide bomber kills 9 at a wedding; fighter jets struck the camp.",
    "The barrel bombs fell on the bread line by the mosque.",
    "Chlorine gas attack reported, then fighting resumed.",
    "Nothing of that kind here: a meeting about a new bus line.",
    "",
]


def _naive_cause(sentence):
    from frontwatch.resolve.figure_groups import cause_patterns

    lowered = sentence.lower()
    found = [(m.start(), family) for family, pattern in cause_patterns() if (m := pattern.search(lowered))]
    return min(found)[1] if found else None


def _naive_targets(clause):
    from frontwatch.resolve.figure_groups import target_patterns

    return frozenset(name for name, pattern in target_patterns() if pattern.search(clause.lower()))


@pytest.fixture(scope="module")
def fakes_sentences(shared) -> list[str]:
    files = sorted((shared / "corpora/fa-kes/articles").glob("*.txt"))[:150]
    return [s for f in files for s in f.read_text("utf-8").split(". ")]


def test_cause_and_targets_are_the_first_family_and_every_target(fakes_sentences):
    from frontwatch.resolve.figure_groups import cause_of, targets_of

    sentences = CAUSE_SENTENCES + fakes_sentences
    assert [cause_of(s) for s in sentences] == [_naive_cause(s) for s in sentences]
    assert [targets_of(s) for s in sentences] == [_naive_targets(s) for s in sentences]
    assert len({cause_of(s) for s in sentences}) >= 5 and any(len(targets_of(s)) > 1 for s in sentences)


@pytest.mark.parametrize("seed", range(4))
def test_day_window_takes_every_figure_within_reach_nearest_first_when_crowded(seed):
    import random
    from datetime import date, timedelta

    from frontwatch.resolve.figure_groups import MAX_CANDIDATES, FigureInfo, _DayWindow

    rng = random.Random(seed)
    fig = Figure(Span("x", 0, 1, 0), "1", "killed", 1, 1)
    size = [50, 300, 900, 2000][seed]
    infos = [FigureInfo(f"d{rng.randint(0, size // 3)}", i, fig, "all", "incident",
                        date(2016, 1, 1) + timedelta(days=rng.randint(0, size // 20)), None, None, None,
                        None, "o") for i in range(size)]
    window = _DayWindow(infos, list(range(size)))
    for i in rng.sample(range(size), 25):
        for reach in (4, None):
            day = infos[i].day.toordinal()
            walked = window._walk(day, reach, infos[i].doc_id)
            assert sorted(window._nearest(day, reach, infos[i].doc_id)) == sorted(walked)
            assert len(walked) <= MAX_CANDIDATES


@pytest.fixture(scope="module")
def analysed(shared):
    from frontwatch.corpus import analyse_paths

    files = sorted((shared / "corpora/fa-kes/articles").glob("*.txt"))[:40]
    return analyse_paths([str(shared / "seeds")] + [str(f) for f in files])


def test_document_facts_are_the_plain_scans_of_the_layers(analysed):
    """Per-document lookups (places by sentence, actors by offset, claims by speaker) give what
    scanning every mention for every figure gives."""
    from frontwatch.resolve.crosscheck import DATELINE, _DocFacts

    checked = 0
    for doc in analysed.documents:
        a = analysed.analyses[doc.id]
        facts = _DocFacts(doc, a)
        for fig in a.get("figures") or []:
            places = [p for p in a.get("places") or [] if p.span.sentence == fig.span.sentence
                      and p.level != "country" and p.lat is not None and not DATELINE.match(doc.text, p.span.end)]
            nearest = min(places, key=lambda p: abs(p.span.start - fig.span.start), default=None)
            sides = frozenset(x.side for x in a.get("actors") or []
                              if fig.span.start <= x.span.start < fig.span.end and x.side)
            alignment = next((c.alignment for c in a.get("claims") or [] if fig.source and c.speaker == fig.source),
                             None)
            assert facts.sentence_place(fig) is nearest
            assert facts.named_sides(fig) == sides
            assert facts.claim_alignment(fig.source) == alignment
            checked += 1
    assert checked >= 50


def _grouping(result) -> list:
    return [(doc.id, f.text, f.group) for doc in result.documents for f in result.analyses[doc.id].get("figures") or []]


def test_figures_read_as_analyses_arrive_group_as_the_stage_reading_them_itself(analysed):
    """The per-document reading done while the documents are analysed (`corpus.digest`) is what
    the stage reads when it has none (a store's analyses): the same groups, figure for figure."""
    from frontwatch.corpus import digest

    before = _grouping(analysed)
    assert any(group for _, _, group in before)
    for a in analysed.analyses.values():     # the stage took the readings: now it reads itself
        assert "crosscheck" not in a.prepared
        for f in a.get("figures") or []:
            f.group = None
    crosscheck_stage(analysed)
    assert _grouping(analysed) == before
    for a in analysed.analyses.values():     # and once more from readings made beforehand
        digest(a)
        for f in a.get("figures") or []:
            f.group = None
    crosscheck_stage(analysed)
    assert _grouping(analysed) == before


@pytest.mark.parametrize("replaced", ["figures", "places"])
def test_a_reading_of_replaced_layers_is_read_again(replaced):
    """A corpus stage re-running a document's stages (pubdate, once it dated the document) makes
    new layers: the reading made before is stale and the stage reads the new layers."""
    from frontwatch.corpus import digest

    a = doc("a", "2024-11-30", "ABC", "Air strikes on Aleppo killed about 20 fighters, the monitor said.", ("Aleppo", ALEPPO))
    b = doc("b", "2024-12-01", "XYZ", "Air strikes on Aleppo killed 21 fighters on Saturday.", ("Aleppo", ALEPPO))
    figure(a, "about 20 fighters", low=20, high=20, who="fighters")
    figure(b, "21 fighters", low=21, high=21, who="fighters")
    digest(a), digest(b)
    assert a.prepared["crosscheck"].fresh(a)
    if replaced == "figures":   # the toll read again: now far from the other one
        a.layers["figures"] = []
        f = figure(a, "about 20 fighters", low=900, high=900, who="fighters")
    else:                       # the place read again: now another city
        a.layers["places"] = [PlaceMention(Span("a", 15, 21, 0), "Deir", "Deir", *DEIR, "city", "SY", place_id="deir")]
        f = a.layers["figures"][0]
    assert not a.prepared["crosscheck"].fresh(a)
    result = run(a, b)
    assert f.group != b.layers["figures"][0].group and len(groups_of(result)) == 2
