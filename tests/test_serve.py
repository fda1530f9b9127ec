"""The dashboard server: its JSON API on a real store, read-only use, safety rules, the CLI guard."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

fastapi = pytest.importorskip("fastapi", reason="the web extra (fastapi) is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from frontwatch.cli import main  # noqa: E402
from frontwatch.serve.app import create_app  # noqa: E402
from frontwatch.serve.readonly import open_readonly  # noqa: E402
from frontwatch.serve.security import is_loopback  # noqa: E402
from frontwatch.ingest import InputError  # noqa: E402
from frontwatch.store.dialect import StoreError  # noqa: E402

from test_serve_support import HOSTILE_MARKUP, dash_db, hostile_id  # noqa: E402,F401


@pytest.fixture(scope="module")
def client(dash_db):
    with TestClient(create_app(dash_db)) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(dash_db):
    with open_readonly(dash_db) as store:
        return store.load_corpus()


def digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_summary_counts_the_store(client, corpus):
    summary = client.get("/api/summary").json()
    assert summary["documents"] == len(corpus.documents)
    assert summary["events"] == sum(len(corpus.analyses[d.id].get("events") or [])
                                    for d in corpus.documents if not d.duplicate_of)
    assert summary["dates"] == sorted(summary["dates"]) and summary["dates"]


def test_map_changes_with_the_date(client):
    dates = client.get("/api/summary").json()["dates"]
    before = client.get("/api/map", params={"at": "1900-01-01"}).json()
    last = client.get("/api/map", params={"at": dates[-1]}).json()
    evidence = lambda f: [e for c in f["properties"]["claims"] for e in c["sources"]] + f["properties"]["fighting"]  # noqa: E731
    # before any report only undated statements can place anything (the map rule keeps them at every date)
    assert all(e["date"] is None for f in before["features"] for e in evidence(f))
    assert last["type"] == "FeatureCollection" and len(last["features"]) > len(before["features"])
    for f in last["features"]:
        assert all(e["date"] is None or e["date"] <= dates[-1] for e in evidence(f))
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert -90 <= lat <= 90 and -180 <= lon <= 180


@pytest.mark.parametrize("params", [{"place": "aleppo"}, {"actor": "opposition"}])
def test_map_filters_keep_matching_places(client, params):
    at = client.get("/api/summary").json()["dates"][-1]
    every = client.get("/api/map", params={"at": at}).json()["features"]
    some = client.get("/api/map", params={"at": at, **params}).json()["features"]
    assert 0 < len(some) <= len(every)
    for f in some:
        p = f["properties"]
        if "place" in params:
            assert params["place"] in p["place"].casefold()
        else:
            assert any(params["actor"] in n.casefold() for c in p["claims"] for n in (c["side"], *c["actors"]))


@pytest.mark.parametrize("bad", ["yesterday", "2024-13", "1' OR 1=1 --"])
def test_bad_dates_are_refused(client, bad):
    assert client.get("/api/map", params={"at": bad}).status_code == 422
    assert client.get("/api/events", params={"from": bad}).status_code == 422


def test_events_are_in_date_order_and_traced_to_their_sentence(client, corpus):
    events = client.get("/api/events").json()
    dates = [e["date"] for e in events if e["date"]]
    assert events and dates == sorted(dates)
    for e in events:
        sentence = corpus.analyses[e["doc"]].get("sentences")[e["span"]["sentence"]]
        assert e["sentence"] == sentence.text
        assert sentence.start <= e["span"]["start"] < sentence.end


@pytest.mark.parametrize("params", [{"from": "2024-12-01"}, {"to": "2024-11-30"}, {"place": "aleppo"},
                                    {"actor": "army"}, {"source_kind": "monitor"}])
def test_filters_narrow_the_events(client, params):
    every = client.get("/api/events").json()
    some = client.get("/api/events", params=params).json()
    assert len(some) <= len(every)
    for e in some:
        if "from" in params:
            assert e["date"] >= params["from"]
        if "to" in params:
            assert e["date"][:10] <= params["to"]
        if "actor" in params:
            assert any(params["actor"] in a.casefold() for a in e["actors"])


def test_crosscheck_positions_point_at_their_sentences(client, corpus):
    check = client.get("/api/crosscheck").json()
    assert len(check["disputes"]) == min(300, len(corpus.extras["crosscheck"].disputes))
    texts = {d.id: d.text for d in corpus.documents}
    for dispute in check["disputes"]:
        assert dispute["independent"] == len(dispute["origins"]) >= 1
        for p in dispute["positions"]:
            if p["span"]:
                assert texts[p["doc"]][p["span"]["start"]:p["span"]["end"]] in texts[p["doc"]]
                assert p["sentence"] and p["sentence"] in texts[p["doc"]]


def test_article_annotations_cover_their_surface(client, corpus):
    doc = corpus.documents[0]
    article = client.get(f"/api/articles/{doc.id}").json()
    assert article["text"] == doc.text
    layers = {a["layer"] for a in article["annotations"]}
    assert {"places", "claims"} <= layers
    for a in article["annotations"]:
        assert 0 <= a["start"] < a["end"] <= len(doc.text)
    places = [a for a in article["annotations"] if a["layer"] == "places"]
    stored = corpus.analyses[doc.id].get("places")
    assert [doc.text[a["start"]:a["end"]] for a in places] == [p.text for p in stored]


def test_unknown_article_is_404(client):
    assert client.get("/api/articles/nope").status_code == 404


def test_search_finds_words_of_the_articles(client, corpus):
    word = re.search(r"[A-Z][a-z]{5,}", corpus.documents[0].text).group()
    hits = client.get("/api/search", params={"q": word}).json()
    assert hits and all(h["doc"] in {d.id for d in corpus.documents} for h in hits)
    assert client.get("/api/search", params={"q": "\"unbalanced"}).status_code == 200


def test_sources_profile_of_corpus_and_article(client, corpus):
    whole = client.get("/api/sources").json()
    assert whole["doc_id"] is None and whole["claims"] > 0
    assert abs(sum(whole["by_kind"].values()) - 1) < 1e-6
    one = client.get(f"/api/articles/{corpus.documents[0].id}").json()["sources"]
    assert one["doc_id"] == corpus.documents[0].id


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/summary", "/api/map", "/api/events", "/api/crosscheck", "/api/sources",
                  "/api/articles", "/api/articles/{doc_id}", "/api/search"):
        assert route in paths


def test_page_and_headers(client):
    page = client.get("/")
    assert page.status_code == 200 and 'id="map"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text   # nothing from a CDN


def test_hostile_article_comes_back_as_data_never_in_the_page(client, dash_db):
    doc_id = hostile_id(dash_db)
    article = client.get(f"/api/articles/{doc_id}")
    assert article.headers["content-type"].startswith("application/json")
    assert "<script>" in article.json()["text"]     # the text is kept as written ...
    page = client.get("/").text
    for markup in HOSTILE_MARKUP:                    # ... and never written into the HTML page
        assert markup not in page


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                                  "/static/vendor/../../app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd"])
def test_static_files_refuse_paths_outside_their_folder(client, path):
    response = client.get(path)
    assert response.status_code == 404 or "create_app" not in response.text
    assert "root:" not in response.text


def test_the_store_is_never_written(dash_db):
    before = digest(dash_db)
    with TestClient(create_app(dash_db)) as c:
        for url in ("/", "/api/summary", "/api/events", "/api/crosscheck", "/api/search?q=Aleppo"):
            c.get(url)
    assert digest(dash_db) == before
    with open_readonly(dash_db) as store, pytest.raises(StoreError, match="read-?only"):
        store.record_errors([InputError("x", "y")])


def test_token_is_required_when_set(dash_db):
    with TestClient(create_app(dash_db, token="s3cret")) as c:
        assert c.get("/api/summary").status_code == 401
        assert c.get("/static/app.js").status_code == 401
        assert c.get("/api/summary", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/api/summary", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/?token=s3cret").status_code == 200      # sets the cookie the page then uses
        assert c.get("/api/summary").status_code == 200


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_an_open_host_without_token(dash_db):
    result = CliRunner().invoke(main, ["serve", "--db", dash_db, "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output


def test_serve_names_a_missing_store(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 5 and "frontwatch run" in result.output
