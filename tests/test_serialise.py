"""Records survive the trip to plain data and JSON and back, for every record type."""
from __future__ import annotations

import dataclasses
import inspect
import json
import types
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontwatch import records
from frontwatch.records import Figure, PlaceRef, Span
from frontwatch.serialise import LAYER_TYPES, dump_value, from_dict, load_value, to_dict

RECORD_TYPES = [cls for _, cls in inspect.getmembers(records, inspect.isclass)
                if dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__]
INT64 = 2 ** 63 - 1


def strategy_for(hint, small_ints: bool = False) -> st.SearchStrategy:
    """Values of a type hint; nested records are built field by field (every field, not only required)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*[strategy_for(a, small_ints) for a in typing.get_args(hint)])
    if origin is list:
        return st.lists(strategy_for(typing.get_args(hint)[0], small_ints), max_size=3)
    if dataclasses.is_dataclass(hint):
        return records_of(hint, small_ints)
    simple = {type(None): st.none(), str: st.text(max_size=12), bool: st.booleans(),
              int: st.integers(-INT64, INT64) if small_ints else st.integers(),
              float: st.floats(allow_nan=False, allow_infinity=False)}
    return simple.get(hint, st.none())


def records_of(cls: type, small_ints: bool = False) -> st.SearchStrategy:
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: strategy_for(hints[f.name], small_ints) for f in dataclasses.fields(cls)})


def test_serialise_every_record_type_is_covered():
    assert set(LAYER_TYPES.values()) <= set(RECORD_TYPES)
    assert {records.Span, records.PlaceRef, records.Document} <= set(RECORD_TYPES)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_serialise_round_trip_through_json(cls, data):
    record = data.draw(records_of(cls))
    plain = json.loads(json.dumps(to_dict(record)))
    assert from_dict(cls, plain) == record


ANY_RECORD = st.one_of(*[records_of(cls) for cls in RECORD_TYPES])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=ANY_RECORD, second=ANY_RECORD)
def test_serialise_tagged_round_trip(first, second):
    """Values of unknown shape (corpus extras): records in dicts, lists, tuples, tuple keys."""
    value = {"one": first, ("a", 1): [second], "t": (1, "x"), "none": None}
    assert load_value(json.loads(json.dumps(dump_value(value)))) == value


@pytest.mark.parametrize("extra, missing", [({"unknown_field": 3}, None), ({}, "group")])
def test_serialise_tolerates_other_versions_of_a_record(extra, missing):
    figure = Figure(Span("d", 3, 10, 0), "12 people", "killed", 12, 12, group="g1")
    data = {**to_dict(figure), **extra}
    data.pop(missing, None)
    back = from_dict(Figure, data)
    assert back.span == figure.span and back.low == 12
    assert back.group == (None if missing else "g1")


@pytest.mark.parametrize("nested", [
    {"place": {"name": "Somewhere", "lat": 1, "lon": 2}},          # an int where a float is declared
])
def test_serialise_rebuilds_nested_records(nested):
    event = from_dict(records.Event, {"span": {"doc_id": "d", "start": 0, "end": 4}, "type": "clash", **nested})
    assert isinstance(event.place, PlaceRef) and isinstance(event.span, Span)
    assert event.place.lat == 1.0 and isinstance(event.place.lat, float)


@pytest.mark.parametrize("tag", ["os:system", "builtins:dict", "frontwatch.records:to_dict"])
def test_serialise_refuses_foreign_or_non_record_types(tag):
    with pytest.raises(ValueError):
        load_value({"__record__": tag})
