"""Time `frontwatch extract` over a folder of articles: articles per second and peak memory.

    .venv/bin/python bench/bench_extract.py ../shared/corpora/fa-kes/articles

Runs what the `extract` command runs (read the inputs, every document stage, the corpus stages,
the evaluation export) in this process and prints the rate, the time each stage took and the
process's peak resident memory (imports and loaded data included), and the CPU time, which
other work on a shared machine does not inflate. `--json` prints the same
figures as one JSON object.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import resource
import sys
import time
from collections import defaultdict

from frontwatch import corpus
from frontwatch.corpus import CorpusResult, analyse_documents, read_documents
from frontwatch.export.evaluation import evaluation_export
from frontwatch.pipeline import Pipeline, default_pipeline


def timed(stage, spent: dict[str, float]):
    """The same stage (document or corpus), adding its running time to `spent[stage name]`."""

    def run(arg):
        t0 = time.perf_counter()
        try:
            return stage.func(arg)
        finally:
            spent[stage.name] += time.perf_counter() - t0
    return dataclasses.replace(stage, func=run)


def timed_pipeline(pipeline: Pipeline, spent: dict[str, float]) -> Pipeline:
    """The same stages, each adding its running time to `spent[stage name]`."""
    return Pipeline([timed(st, spent) for st in pipeline.stages])


def timed_corpus_stages(spent: dict[str, float]):
    """`collect_corpus_stages` whose stages add their running time to `spent[stage name]`."""
    collect = corpus.collect_corpus_stages
    return lambda: [timed(st, spent) for st in collect()]


def bench(paths: list[str]) -> dict:
    """Run the extract path once over `paths`; returns the measured figures."""
    spent: dict[str, float] = defaultdict(float)
    corpus_spent: dict[str, float] = defaultdict(float)
    cpu0, t0 = time.process_time(), time.perf_counter()
    pipeline = timed_pipeline(default_pipeline(), spent)
    t_setup = time.perf_counter()
    result = CorpusResult()
    docs = read_documents(paths, result)
    t_read = time.perf_counter()
    collect, corpus.collect_corpus_stages = corpus.collect_corpus_stages, timed_corpus_stages(corpus_spent)
    try:
        analyse_documents(docs, pipeline, result=result)
    finally:
        corpus.collect_corpus_stages = collect
    t_export = time.perf_counter()
    evaluation_export(result)
    t_end, cpu = time.perf_counter(), time.process_time() - cpu0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # kB on Linux
    return {"articles": len(docs), "errors": len(result.errors), "seconds": round(t_end - t0, 3),
            "articles_per_s": round(len(docs) / (t_end - t0), 1), "cpu_s": round(cpu, 3),
            "articles_per_cpu_s": round(len(docs) / cpu, 1),
            "analyse_articles_per_s": round(len(docs) / (t_end - t_read), 1),
            "setup_s": round(t_setup - t0, 3), "read_s": round(t_read - t_setup, 3),
            "stages_s": {name: round(s, 3) for name, s in spent.items()},
            "corpus_stages_s": {name: round(s, 3) for name, s in corpus_spent.items()},
            "export_s": round(t_end - t_export, 3),
            "peak_rss_mb": round(peak_mb, 1), "python": platform.python_version()}


def print_report(figures: dict) -> None:
    print(f"{figures['articles']} distinct articles in {figures['seconds']:.2f} s: "
          f"{figures['articles_per_s']:.1f} articles/s end to end "
          f"({figures['analyse_articles_per_s']:.1f}/s after reading), peak memory {figures['peak_rss_mb']:.0f} MB")
    print(f"  {figures['cpu_s']:.1f} CPU s: {figures['articles_per_cpu_s']:.1f} articles per CPU second "
          f"(the wall-clock rate falls when other work shares the cores)")
    print(f"  pipeline set-up {figures['setup_s']:.2f} s, reading {figures['read_s']:.2f} s")
    for name, seconds in sorted(figures["stages_s"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:<12} {seconds:7.3f} s  {1000 * seconds / max(figures['articles'], 1):6.2f} ms/article")
    print("  corpus stages (after every document):")
    for name, seconds in figures["corpus_stages_s"].items():
        print(f"  {name:<12} {seconds:7.3f} s  {1000 * seconds / max(figures['articles'], 1):6.2f} ms/article")
    print(f"  {'export':<12} {figures['export_s']:7.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="files or folders of articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = bench(args.paths)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_report(figures)
    return 0 if figures["articles"] else 1


if __name__ == "__main__":
    sys.exit(main())
