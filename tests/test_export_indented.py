"""The indented JSON writer writes what json.dump(ensure_ascii=False, indent=n) writes."""
from __future__ import annotations

import io
import json
import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontwatch.export import indented

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                    st.floats(allow_nan=True, allow_infinity=True))
keys = st.one_of(st.text(), st.integers(), st.booleans(), st.none(),
                 st.floats(allow_nan=False, allow_infinity=True))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                       st.tuples(inner, inner),
                                                       st.dictionaries(keys, inner, max_size=5)),
                      max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values, st.integers(min_value=0, max_value=4))
def test_same_text_as_json_dump(value, indent):
    expected = json.dumps(value, ensure_ascii=False, indent=indent)
    assert indented.dumps(value, indent=indent) == expected


@pytest.mark.parametrize("value", [
    {"a": [], "b": {}, "c": [{"d": [1, 2.5, None, True]}, "é\n\"x\"\u2028"]},
    [float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 10**30],
    {1: "one", True: "t", None: "n", 2.5: "f", "s": {"nested": {"deeper": []}}},
])
def test_hand_written_values(value):
    assert indented.dumps(value, indent=1) == json.dumps(value, ensure_ascii=False, indent=1)


def test_default_is_called_for_other_objects_as_json_does():
    value = {"day": date(2016, 5, 1), "rows": [date(2017, 1, 2), {"x": {1, 2} and 3}]}
    assert indented.dumps(value, default=str) == json.dumps(value, ensure_ascii=False, indent=1, default=str)
    with pytest.raises(TypeError):
        indented.dumps({"day": date(2016, 5, 1)})


def test_bad_key_is_refused_as_json_refuses_it():
    with pytest.raises(TypeError):
        indented.dumps({(1, 2): 3})


def test_large_output_is_written_in_pieces_and_whole():
    rows = [{"doc": f"d{i}", "values": [i, i / 3, None], "place": {"name": "x" * (i % 7), "lat": math.pi}}
            for i in range(6000)]
    out = io.StringIO()
    indented.dump({"rows": rows}, out, indent=1)
    assert out.getvalue() == json.dumps({"rows": rows}, ensure_ascii=False, indent=1)


def test_eval_export_of_real_articles_is_json_dump_text(shared):
    from frontwatch.corpus import analyse_paths
    from frontwatch.export.evaluation import evaluation_export
    from frontwatch.export.formats import write_eval

    files = sorted((shared / "corpora/fa-kes/articles").glob("*.txt"))[:12]
    result = analyse_paths([str(f) for f in files] + [str(shared / "seeds")])
    out = io.StringIO()
    write_eval(result, out)
    assert out.getvalue() == json.dumps(evaluation_export(result), ensure_ascii=False, indent=1)
    assert json.loads(out.getvalue())["figures"]
