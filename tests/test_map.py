import json

import pytest
from click.testing import CliRunner

from frontwatch.cli import main
from frontwatch.controlmap import control_at, day_end, place_control, to_geojson
from frontwatch.records import PlaceRef
from frontwatch.resolve.timeline import PlaceTimeline, TimelineEntry

PLACE = PlaceRef("Saraqib", 35.86, 36.80, "Saraqib", "town", "test:saraqib")


def line(*entries) -> PlaceTimeline:
    """A timeline from (date, side, change, doc[, denied_by]) tuples."""
    items = [TimelineEntry(e[0], e[1], f"{e[1]} actor", e[2], e[3], denied_by=e[4] if len(e) > 4 else None)
             for e in entries]
    return PlaceTimeline(PLACE.place_id, PLACE, sorted(items, key=lambda e: e.date))


def test_map_newer_reports_supersede_older_ones():
    c = place_control(line(("2016-12-20", "government", "captured", "a"),
                           ("2024-11-30", "opposition", "captured", "b")), "2024-12-02")
    assert (c.holder, c.status) == ("opposition", "held")
    before = place_control(line(("2016-12-20", "government", "captured", "a"),
                                ("2024-11-30", "opposition", "captured", "b")), "2020-01-01")
    assert before.holder == "government"


def test_map_rival_reports_of_one_week_are_a_dispute():
    c = place_control(line(("2024-12-01", "sdf", "captured", "a"), ("2024-12-02", "opposition", "captured", "b")),
                      "2024-12-02")
    assert c.status == "disputed" and {c.holder, *c.disputed_with} == {"sdf", "opposition"}
    assert c.confidence < 0.5


def test_map_a_lone_rival_claim_does_not_overturn_many_reports():
    c = place_control(line(*[(f"2024-12-0{i}", "opposition", "captured", f"d{i}") for i in range(1, 5)],
                           ("2024-12-02", "sdf", "holds", "d2")), "2024-12-05")
    assert (c.holder, c.status) == ("opposition", "held")
    assert [s.side for s in c.sides] == ["opposition", "sdf"]   # the conflicting claim is still listed
    assert c.confidence > 0.6


def test_map_a_later_loss_removes_the_holder():
    c = place_control(line(("2024-11-01", "government", "holds", "a"), ("2024-11-03", "government", "withdrew", "b")),
                      "2024-11-05")
    assert c.holder is None and c.status == "unknown" and c.losses


def test_map_denied_claims_count_half():
    denied = place_control(line(("2024-12-01", "opposition", "captured", "a", "Syrian Arab Army")), "2024-12-02")
    plain = place_control(line(("2024-12-01", "opposition", "captured", "a")), "2024-12-02")
    assert denied.holder == "opposition" and denied.confidence < plain.confidence


@pytest.mark.parametrize("date,expected", [("2024", "2024-12-31"), ("2024-02", "2024-02-31"), ("2024-02-03", "2024-02-03")])
def test_map_partial_dates_cover_their_period(date, expected):
    assert day_end(date) == expected


def test_map_geojson_shape():
    controls = control_at({PLACE.place_id: line(("2024-12-01", "opposition", "captured", "a"))}, "2024-12-02")
    geo = to_geojson(controls, "2024-12-02")
    assert geo["type"] == "FeatureCollection"
    (feature,) = geo["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.80, 35.86]}
    props = feature["properties"]
    assert props["holder"] == "opposition" and props["claims"][0]["sources"][0]["doc"] == "a"
    json.dumps(geo)


def test_map_cli_over_the_seeds(shared, tmp_path):
    """The issue's acceptance: on 2 Dec 2024 the opposition holds Aleppo, Idlib, Maarat al-Numan
    and Tal Rifaat, and Aleppo airport is disputed between the opposition and the SDF."""
    out = tmp_path / "control.geojson"
    run = CliRunner().invoke(main, ["map", str(shared / "seeds"), "--at", "2024-12-02", "-o", str(out)])
    assert run.exit_code == 0, run.output
    props = {f["properties"]["place"]: f["properties"] for f in json.loads(out.read_text("utf-8"))["features"]}

    def find(*names):
        hits = [p for name, p in props.items() if any(n in name.lower() for n in names)]
        assert hits, (names, sorted(props))
        return hits[0]

    for names in [("aleppo",), ("idlib",), ("ma'arrat", "maarrat", "maarat", "numan"), ("rif",)]:
        place = find(*names) if names != ("aleppo",) else props.get("Aleppo") or find("aleppo")
        assert place["holder"] == "opposition", place
        assert place["claims"][0]["sources"], place
    airport = find("airport")
    assert airport["status"] == "disputed" and {airport["holder"], *airport["disputed_with"]} == {"opposition", "sdf"}


def test_map_cli_rejects_a_bad_date():
    run = CliRunner().invoke(main, ["map", "--at", "yesterday"])
    assert run.exit_code == 2
