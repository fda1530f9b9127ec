"""Records to plain JSON-ready dicts and back, for the store and any JSON output.

Two encodings, for two situations:

- `to_dict` / `from_dict`: a record whose type the reader already knows (a row of the `figures`
  table is a `Figure`). Nested records (`Span`, `PlaceRef`, `list[Span]`) are rebuilt from the
  dataclass's own type hints, so a field added to a record in records.py round-trips with no
  change here.
- `dump_value` / `load_value`: values whose type the reader does not know (the products of
  corpus stages in `CorpusResult.extras`, plugin layers). Every dataclass is tagged with its
  class, tuples and non-string-keyed dicts are tagged too, so the value comes back as it was.
  Only classes from the frontwatch package are ever imported back.
"""
from __future__ import annotations

import dataclasses
import importlib
import logging
import types
import typing
from functools import lru_cache
from typing import Any, Callable

from . import records

log = logging.getLogger(__name__)

# The layer each record type is stored under; layers not listed here are kept generically.
LAYER_TYPES: dict[str, type] = {
    "sentences": records.Sentence,
    "times": records.TimeExpr,
    "places": records.PlaceMention,
    "actors": records.ActorMention,
    "claims": records.Claim,
    "figures": records.Figure,
    "control": records.ControlStatement,
    "events": records.Event,
}

RECORD_TAG = "__record__"
TUPLE_TAG = "__tuple__"
ITEMS_TAG = "__items__"
TRUSTED_PACKAGE = "frontwatch"


def to_dict(record: Any) -> dict:
    """A record as plain data (nested records become dicts, lists stay lists)."""
    out = {}
    for name, dump in _dump_plan(type(record)):
        value = getattr(record, name)
        out[name] = value if dump is None or value is None else dump(value)
    return out


def from_dict(cls: type, data: dict) -> Any:
    """Rebuild a record of type `cls`; keys it does not know are ignored, missing ones default."""
    kwargs = {}
    for name, load in _load_plan(cls):
        if name in data:
            value = data[name]
            kwargs[name] = value if load is None or value is None else load(value)
    return cls(**kwargs)


# Both directions are planned once per record type from its type hints: the store converts tens
# of thousands of records per run, and asking `typing` about every field each time is most of it.

SIMPLE = (str, int, float, bool, type(None))


@lru_cache(maxsize=None)
def _dump_plan(cls: type) -> tuple[tuple[str, Callable | None], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _dumper(hints.get(f.name, Any))) for f in dataclasses.fields(cls))


@lru_cache(maxsize=None)
def _load_plan(cls: type) -> tuple[tuple[str, Callable | None], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _loader(hints.get(f.name, Any))) for f in dataclasses.fields(cls))


def _options(hint: Any) -> list:
    """The types a hint allows, None left out."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(hint) if a is not type(None)]
    return [hint]


def _dumper(hint: Any) -> Callable | None:
    """How to turn a value of type `hint` into plain data; None when it already is."""
    options = _options(hint)
    if all(o in SIMPLE for o in options):
        return None
    if len(options) == 1 and typing.get_origin(options[0]) is list:
        item = _dumper((typing.get_args(options[0]) or (Any,))[0])
        return list if item is None else (lambda values: [None if v is None else item(v) for v in values])
    if len(options) == 1 and dataclasses.is_dataclass(options[0]):
        return to_dict
    return _plain


def _plain(value: Any) -> Any:
    """Plain data from a value whose type the hints do not pin down."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _loader(hint: Any) -> Callable | None:
    """How to rebuild a value of type `hint` from plain data; None when nothing needs rebuilding."""
    options = _options(hint)
    if len(options) != 1:
        return None
    (hint,) = options
    if typing.get_origin(hint) is list:
        item = _loader((typing.get_args(hint) or (Any,))[0])
        return None if item is None else (lambda values: [None if v is None else item(v) for v in values])
    if dataclasses.is_dataclass(hint):
        return lambda value: from_dict(hint, value)
    if hint is float:
        return _float
    return None


def _float(value: Any) -> Any:
    """JSON written by hand may say 36 for 36.0."""
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def dump_value(value: Any) -> Any:
    """Any value as JSON-ready data, tagging what JSON cannot say (record classes, tuples)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        fields = {f.name: dump_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {RECORD_TAG: f"{cls.__module__}:{cls.__qualname__}", **fields}
    if isinstance(value, tuple):
        return {TUPLE_TAG: [dump_value(v) for v in value]}
    if isinstance(value, (list, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [dump_value(v) for v in items]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and not ({RECORD_TAG, TUPLE_TAG, ITEMS_TAG} & value.keys()):
            return {k: dump_value(v) for k, v in value.items()}
        return {ITEMS_TAG: [[dump_value(k), dump_value(v)] for k, v in value.items()]}
    log.warning("storing a %s as its text: it has no JSON form", type(value).__name__)
    return str(value)


def load_value(data: Any) -> Any:
    """Undo `dump_value`."""
    if isinstance(data, list):
        return [load_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if RECORD_TAG in data:
        cls = _record_class(data[RECORD_TAG])
        fields = {k: load_value(v) for k, v in data.items() if k != RECORD_TAG}
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in fields.items() if k in known})
    if TUPLE_TAG in data:
        return tuple(load_value(v) for v in data[TUPLE_TAG])
    if ITEMS_TAG in data:
        return {_hashable(load_value(k)): load_value(v) for k, v in data[ITEMS_TAG]}
    return {k: load_value(v) for k, v in data.items()}


def _hashable(key: Any) -> Any:
    return tuple(key) if isinstance(key, list) else key


@lru_cache(maxsize=None)
def _record_class(tag: str) -> type:
    """The dataclass a tag names; only frontwatch's own modules are imported."""
    module_name, _, qualname = tag.partition(":")
    if module_name.split(".")[0] != TRUSTED_PACKAGE:
        raise ValueError(f"refusing to load a record of foreign type {tag!r}")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    if not dataclasses.is_dataclass(obj):
        raise ValueError(f"{tag!r} is not a record type")
    return obj
