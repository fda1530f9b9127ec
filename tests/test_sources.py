"""The sources registry, the source profiles and `frontwatch sources`."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from frontwatch.cli import sources_cmd
from frontwatch.corpus import CorpusResult
from frontwatch.extract.attribution import find_claims
from frontwatch.extract.attribution.lexicon import read_rows, verbs
from frontwatch.extract.attribution.registry import lookup, registry
from frontwatch.extract.sentences import split_sentences
from frontwatch.extract.tokens import tokenize
from frontwatch.pipeline import Analysis
from frontwatch.records import Document
from frontwatch.sources import corpus_profile, document_profile

KINDS = {"government", "military", "armed_group", "monitor", "media", "analyst", "foreign_official",
         "civilian", "anonymous", "other"}
ALIGNMENTS = {"", "syrian_government", "opposition", "kurdish", "turkish", "russian", "iranian", "western",
              "independent"}


def test_registry_rows_are_well_formed():
    rows = read_rows("sources", "registry.csv")
    assert len(rows) >= 100
    for row in rows:
        assert row["name"] and row["kind"] in KINDS and row["alignment"] in ALIGNMENTS, row
        assert row["provenance"], row["name"]


@pytest.mark.parametrize("alias, name, kind, alignment", [
    ("SOHR", "Syrian Observatory for Human Rights", "monitor", "opposition"),
    ("sana", "Syrian Arab News Agency", "media", "syrian_government"),
    ("TASS", "TASS", "media", "russian"),
    ("White Helmets", "White Helmets", "other", "opposition"),
    ("Crisis Group", "International Crisis Group", "analyst", "independent"),
    ("Anadolu", "Anadolu Agency", "media", "turkish"),
    ("YPG", "People's Protection Units", "armed_group", "kurdish"),
])
def test_registry_facts(alias, name, kind, alignment):
    src = lookup(alias)
    assert (src.name, src.kind, src.alignment) == (name, kind, alignment)


def test_speech_verbs_have_meanings():
    assert verbs()["denied"].meaning == "denial" and verbs()["warned"].meaning == "warning"
    assert verbs()["told"].frame == "tell" and verbs()["quoted"].frame == "relay"
    assert {v.meaning for v in verbs().values()} >= {"neutral", "claim", "denial", "admission", "promise"}


def _analysis(text: str, doc_id: str) -> Analysis:
    doc = Document(id=doc_id, text=text, file=f"{doc_id}.txt", title=doc_id)
    sentences, tokens = split_sentences(text), tokenize(text)
    return Analysis(doc, {"sentences": sentences, "tokens": tokens, "figures": [],
                          "claims": find_claims(doc_id, text, tokens, sentences)})


TEXT_A = ("The Syrian Observatory for Human Rights said 30 fighters were killed near the airport. "
          "SANA said the army had repelled the attack. The Observatory added that clashes went on.")
TEXT_B = "Activists said the town was shelled again. The Syrian Observatory for Human Rights said nine died."


def test_document_profile_shares_by_source_kind_and_alignment():
    prof = document_profile(_analysis(TEXT_A, "a"))
    assert prof.claims == 3
    assert [(r.name, r.claims) for r in prof.sources] == [("Syrian Observatory for Human Rights", 2),
                                                          ("Syrian Arab News Agency", 1)]
    assert prof.by_kind == pytest.approx({"monitor": 2 / 3, "media": 1 / 3})
    assert prof.by_alignment == pytest.approx({"opposition": 2 / 3, "syrian_government": 1 / 3})
    assert sum(r.share for r in prof.sources) == pytest.approx(1.0)


def test_corpus_profile_counts_articles_per_source():
    a, b = _analysis(TEXT_A, "a"), _analysis(TEXT_B, "b")
    result = CorpusResult(documents=[a.doc, b.doc], analyses={"a": a, "b": b})
    prof = corpus_profile(result)
    sohr = next(r for r in prof.sources if r.name == "Syrian Observatory for Human Rights")
    assert (sohr.claims, sohr.documents) == (3, 2) and prof.claims == 5
    assert prof.by_kind["anonymous"] == pytest.approx(1 / 5)


def _seed_corpus(shared) -> CorpusResult:
    analyses = {p.stem: _analysis(p.read_text("utf-8"), p.stem) for p in sorted((shared / "seeds").glob("*.txt"))}
    return CorpusResult(documents=[a.doc for a in analyses.values()], analyses=analyses)


def test_sources_command_prints_each_article_with_kind_and_alignment(shared, monkeypatch):
    corpus = _seed_corpus(shared)
    monkeypatch.setattr(sources_cmd, "load_corpus", lambda paths, db: corpus)
    out = CliRunner().invoke(sources_cmd.command, [str(shared / "seeds")])
    assert out.exit_code == 0, out.output
    for doc in corpus.documents:
        assert doc.title in out.output
    assert "Syrian Observatory for Human Rights" in out.output and "monitor" in out.output
    assert "by alignment:" in out.output and "corpus (5 articles)" in out.output


def test_sources_command_json(shared, monkeypatch):
    corpus = _seed_corpus(shared)
    monkeypatch.setattr(sources_cmd, "load_corpus", lambda paths, db: corpus)
    out = CliRunner().invoke(sources_cmd.command, [str(shared / "seeds"), "--json"])
    data = json.loads(out.output)
    assert len(data["documents"]) == 5 and data["corpus"]["claims"] == sum(d["claims"] for d in data["documents"])
    kinds = {r["kind"] for d in data["documents"] for r in d["sources"]}
    assert kinds <= KINDS and {"monitor", "media", "analyst"} <= kinds


def test_sources_command_without_input_fails_cleanly(monkeypatch):
    monkeypatch.setattr(sources_cmd, "load_corpus", lambda paths, db: CorpusResult())
    out = CliRunner().invoke(sources_cmd.command, [])
    assert out.exit_code == 4
