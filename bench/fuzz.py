"""Fuzz the strict pipeline: thousands of generated texts, every stage, every record checked.

    .venv/bin/python bench/fuzz.py --cases 10000            # the documented run (issue 9)
    .venv/bin/python bench/fuzz.py --cases 500 --seed 7     # a quick one

Each case is a text from one of the generators of tests/test_properties.py (arbitrary unicode,
news-like sentences assembled from generated parts, real sentences from ../shared mutated),
normalised as ingest does, or raw for a share of the arbitrary ones. Every stage of the
default pipeline runs on it; a stage that raises is a crash, and a record that breaks the
contract of records.py (span, surface, sentence index, figure bounds, dates) is a violation.
The run goes on after a failure: each distinct failure (the stage, the exception and the line
that raised it) is kept with the shortest input that gave it, then shrunk by deleting pieces
while the same failure remains. Exit status 0 when no case failed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from frontwatch.normalise import normalise_text  # noqa: E402
from frontwatch.pipeline import Analysis, default_pipeline  # noqa: E402
from frontwatch.records import Document  # noqa: E402
from test_properties import (any_text, edits, invariant_problems, mutate, news_texts,  # noqa: E402
                             published_dates, real_sentences)


@dataclass
class Failure:
    """One distinct failure: where it was raised, how many cases gave it, the shortest input."""

    key: str
    message: str
    text: str
    published: str | None
    normalise: bool
    count: int = 0
    where: str = ""


@dataclass
class Tally:
    cases: int = 0
    by_generator: dict[str, int] = field(default_factory=dict)
    failures: dict[str, Failure] = field(default_factory=dict)


def run_case(pipeline, text: str, published: str | None, normalise: bool) -> tuple[str, str, str] | None:
    """None when every stage ran and every invariant held, else (key, message, where)."""
    if normalise:
        text = normalise_text(text)
    analysis = Analysis(Document(id="fuzz", text=text, published=published,
                                 published_basis="metadata" if published else None))
    for st_ in pipeline.stages:
        try:
            analysis.layers[st_.produces] = st_.func(analysis)
        except Exception as exc:  # the point of the fuzzer: record it and go on
            frame = _innermost_frontwatch_frame(exc)
            where = f"{frame.filename}:{frame.lineno} in {frame.name}: {frame.line}" if frame else "?"
            key = f"stage {st_.name}: {type(exc).__name__} at {frame.filename}:{frame.lineno}" if frame \
                else f"stage {st_.name}: {type(exc).__name__}"
            return key, f"{type(exc).__name__}: {exc}"[:300], where
    problems = invariant_problems(analysis)
    if problems:
        first = problems[0]
        kind = first.split(":", 1)[0].split("[")[0] + ":" + first.split(":", 1)[1].split()[0]
        return f"invariant {kind}", first[:300], f"{len(problems)} problem(s)"
    return None


def _innermost_frontwatch_frame(exc: BaseException):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "frontwatch" in f.filename]
    return frames[-1] if frames else None


def shrink(pipeline, failure: Failure, budget: int = 400) -> str:
    """Delete pieces of the input (halves, then smaller chunks, then characters) while the
    same failure stays: a short input names the cause better than a page of generated text."""
    text, tries, chunk = failure.text, 0, max(1, len(failure.text) // 2)
    while chunk >= 1 and tries < budget:
        i, changed = 0, False
        while i < len(text) and tries < budget:
            candidate = text[:i] + text[i + chunk:]
            tries += 1
            got = run_case(pipeline, candidate, failure.published, failure.normalise)
            if got is not None and got[0] == failure.key:
                text, changed = candidate, True
            else:
                i += chunk
        if not changed:
            chunk //= 2
    return text


def generators(real: list[str]) -> list[tuple[str, st.SearchStrategy]]:
    """(name, strategy of (text, published, normalise)) for each generator."""
    mutated = st.builds(lambda chosen, ops: mutate(" ".join(chosen), ops),
                        st.lists(st.sampled_from(real), min_size=1, max_size=4), edits)
    return [("unicode", st.tuples(any_text, published_dates, st.booleans())),
            ("news", st.tuples(news_texts, published_dates, st.just(True))),
            ("mutated", st.tuples(mutated, published_dates, st.just(True)))]


def fuzz(n_cases: int, seed_value: int, shared: Path, progress_every: int) -> Tally:
    pipeline = default_pipeline(strict=True)
    tally, started = Tally(), time.perf_counter()
    gens = generators(real_sentences(shared, limit=2000))

    for name, strategy in gens:
        _fuzz_one(pipeline, name, strategy, n_cases // len(gens) + (name == gens[0][0]) * (n_cases % len(gens)),
                  seed_value, tally, started, progress_every)
    for failure in tally.failures.values():
        failure.text = shrink(pipeline, failure)
    return tally


def _fuzz_one(pipeline, name: str, strategy, n: int, seed_value: int, tally: Tally, started: float,
              progress_every: int) -> None:
    """`n` cases of one generator (Hypothesis stops early only if it runs out of distinct inputs)."""

    @seed(seed_value)
    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(case):
        text, published, normalise = case
        tally.cases += 1
        tally.by_generator[name] = tally.by_generator.get(name, 0) + 1
        got = run_case(pipeline, text, published, normalise)
        if got is not None:
            _remember(tally, got, text, published, normalise)
        if progress_every and tally.cases % progress_every == 0:
            print(f"  {tally.cases} cases, {len(tally.failures)} distinct failure(s), "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    one()


def _remember(tally: Tally, got: tuple[str, str, str], text: str, published: str | None, normalise: bool) -> None:
    key, message, where = got
    seen = tally.failures.get(key)
    if seen is None or len(text) < len(seen.text):
        tally.failures[key] = Failure(key, message, text, published, normalise, seen.count if seen else 0, where)
    tally.failures[key].count += 1


def report(tally: Tally, elapsed: float) -> None:
    gens = ", ".join(f"{k} {v}" for k, v in sorted(tally.by_generator.items()))
    crashes = sum(f.count for f in tally.failures.values())
    print(f"cases tried: {tally.cases} ({gens}) in {elapsed:.0f} s")
    print(f"failing cases: {crashes}; distinct failures: {len(tally.failures)}")
    for i, f in enumerate(sorted(tally.failures.values(), key=lambda f: -f.count), 1):
        print(f"\n[{i}] {f.key} ({f.count} case(s))\n    {f.message}\n    raised at {f.where}")
        print(f"    minimal input ({'normalised' if f.normalise else 'raw'}, published={f.published!r}): "
              f"{f.text!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many generated texts (default 10000)")
    parser.add_argument("--seed", type=int, default=20261122, help="seed, so a run can be repeated")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                        help="the shared corpora (real sentences to mutate)")
    parser.add_argument("--progress", type=int, default=1000, help="print a progress line every N cases (0: none)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = fuzz(args.cases, args.seed, args.shared, args.progress)
    report(tally, time.perf_counter() - started)
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
