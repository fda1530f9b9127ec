"""`frontwatch report`: one self-contained HTML file, with article text kept inert."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from frontwatch.cli import main
from frontwatch.report.dashboard_report import inline_script, script_json
from frontwatch.serve.readonly import open_readonly

from test_serve_support import HOSTILE_MARKUP, dash_db  # noqa: F401


@pytest.fixture(scope="module")
def report(dash_db, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["report", "--db", dash_db, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def embedded(page: str, element_id: str):
    tree = lxml_html.fromstring(page)
    return json.loads(tree.get_element_by_id(element_id).text)


def test_report_is_self_contained(report):
    tree = lxml_html.fromstring(report)
    assert not tree.xpath("//script[@src]") and not tree.xpath("//link[@rel='stylesheet']")
    assert not tree.xpath("//img[@src] | //iframe")
    assert "L.map" in report and "vis.Timeline" in report or "Timeline" in report   # libraries inline


def test_report_holds_map_timeline_and_crosscheck(report, dash_db):
    data = embedded(report, "fw-data")
    with open_readonly(dash_db) as store:
        corpus = store.load_corpus()
    assert data["maps"] and data["summary"]["dates"] == sorted(data["maps"])
    assert len(data["crosscheck"]["disputes"]) == min(300, len(corpus.extras["crosscheck"].disputes))
    assert data["events"] and data["countries"]["type"] == "Topology"
    for key, evidence in data["evidence"].items():      # every sentence the report points to is in it
        doc_id, index = key.rsplit(":", 1)
        sentence = corpus.analyses[doc_id].get("sentences")[int(index)]
        assert evidence["text"] == sentence.text and evidence["offset"] == sentence.start


def test_hostile_text_stays_data(report, dash_db):
    data = embedded(report, "fw-data")
    assert any(m in e["text"] for e in data["evidence"].values() for m in HOSTILE_MARKUP)   # in the file ...
    for markup in ("<script>window", "<img src=x", "<a href=\"javascript:", "<b onmouseover"):
        assert markup not in report                                          # ... but only as escaped JSON
    tree = lxml_html.fromstring(report)
    assert not tree.xpath("//a[starts-with(@href, 'javascript:')]")
    handlers = [a for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    assert handlers == []


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "<!-- x", "a & b", "\u2028"])
def test_script_json_cannot_close_its_element(value):
    text = str(script_json({"v": value}))
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"v": value}


def test_inline_script_breaks_up_closing_tags(tmp_path):
    js = tmp_path / "x.js"
    js.write_text('var s = "</script>"; var t = "</SCRIPT >";')
    assert "</script" not in str(inline_script(js)).lower()


def test_report_needs_a_store(tmp_path):
    result = CliRunner().invoke(main, ["report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 5
