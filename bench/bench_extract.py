"""Time `frontwatch extract` over a folder of articles: articles per second and peak memory.

    .venv/bin/python bench/bench_extract.py ../shared/corpora/fa-kes/articles

Runs what the `extract` command runs (read the inputs, every document stage on the default
engine, i.e. one forked worker per core for a large input, the corpus stages, the evaluation
export) and prints the rate, the peak resident memory (imports and loaded data included) and the
CPU time of this process and its workers, which other work on a shared machine does not inflate.
A second run, every article in this one process, gives the CPU time of each stage (`--no-stages`
skips it). `--json` prints the same figures as one JSON object.
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
from frontwatch.engines import LocalEngine
from frontwatch.export.evaluation import evaluation_export
from frontwatch.pipeline import Pipeline, default_pipeline


def timed(stage, spent: dict[str, float]):
    """The same stage (document or corpus), adding its CPU time to `spent[stage name]`."""

    def run(arg):
        t0 = time.process_time()
        try:
            return stage.func(arg)
        finally:
            spent[stage.name] += time.process_time() - t0
    return dataclasses.replace(stage, func=run)


def timed_pipeline(pipeline: Pipeline, spent: dict[str, float]) -> Pipeline:
    """The same stages, each adding its CPU time to `spent[stage name]`."""
    return Pipeline([timed(st, spent) for st in pipeline.stages])


def timed_corpus_stages(spent: dict[str, float]):
    """`collect_corpus_stages` whose stages add their CPU time to `spent[stage name]`."""
    collect = corpus.collect_corpus_stages
    return lambda: [timed(st, spent) for st in collect()]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def bench(paths: list[str], jobs: int | None = None) -> dict:
    """Run the extract path once over `paths` as the command does; returns the measured figures."""
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    pipeline = default_pipeline()
    t_setup = time.perf_counter()
    result = CorpusResult()
    docs = read_documents(paths, result)
    t_read = time.perf_counter()
    engine = LocalEngine(jobs=jobs)
    analyse_documents(docs, pipeline, result=result, engine=engine)
    t_export = time.perf_counter()
    evaluation_export(result)
    t_end, cpu = time.perf_counter(), cpu_seconds() - cpu0
    return {"articles": len(docs), "errors": len(result.errors), "seconds": round(t_end - t0, 3),
            "articles_per_s": round(len(docs) / (t_end - t0), 1), "cpu_s": round(cpu, 3),
            "articles_per_cpu_s": round(len(docs) / cpu, 1),
            "analyse_articles_per_s": round(len(docs) / (t_end - t_read), 1),
            "workers": engine.workers_for(len(docs)),
            "setup_s": round(t_setup - t0, 3), "read_s": round(t_read - t_setup, 3),
            "export_s": round(t_end - t_export, 3),
            "peak_rss_mb": round(_peak_mb(resource.RUSAGE_SELF), 1),
            "worker_peak_rss_mb": round(_peak_mb(resource.RUSAGE_CHILDREN), 1),
            "python": platform.python_version()}


def stage_profile(paths: list[str]) -> dict:
    """CPU time of each document stage and corpus stage, every article in this one process."""
    spent: dict[str, float] = defaultdict(float)
    corpus_spent: dict[str, float] = defaultdict(float)
    pipeline = timed_pipeline(default_pipeline(), spent)
    result = CorpusResult()
    docs = read_documents(paths, result)
    collect, corpus.collect_corpus_stages = corpus.collect_corpus_stages, timed_corpus_stages(corpus_spent)
    try:
        analyse_documents(docs, pipeline, result=result, engine=LocalEngine(jobs=1))
    finally:
        corpus.collect_corpus_stages = collect
    return {"stages_cpu_s": {name: round(s, 3) for name, s in spent.items()},
            "corpus_stages_cpu_s": {name: round(s, 3) for name, s in corpus_spent.items()}}


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024   # kB on Linux


def print_report(figures: dict) -> None:
    print(f"{figures['articles']} distinct articles in {figures['seconds']:.2f} s: "
          f"{figures['articles_per_s']:.1f} articles/s end to end "
          f"({figures['analyse_articles_per_s']:.1f}/s after reading), {figures['workers']} worker process(es)")
    print(f"  peak memory {figures['peak_rss_mb']:.0f} MB (largest worker {figures['worker_peak_rss_mb']:.0f} MB, "
          f"sharing the parent's pages)")
    print(f"  {figures['cpu_s']:.1f} CPU s with the workers': {figures['articles_per_cpu_s']:.1f} articles per CPU "
          f"second (the wall-clock rate falls when other work shares the cores)")
    print(f"  pipeline set-up {figures['setup_s']:.2f} s, reading {figures['read_s']:.2f} s, "
          f"export {figures['export_s']:.2f} s")
    if "stages_cpu_s" not in figures:
        return
    n = max(figures["articles"], 1)
    print("  CPU per document stage (every article in one process):")
    for name, seconds in sorted(figures["stages_cpu_s"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:<12} {seconds:7.3f} s  {1000 * seconds / n:6.2f} ms/article")
    print("  corpus stages (after every document, in the calling process):")
    for name, seconds in figures["corpus_stages_cpu_s"].items():
        print(f"  {name:<12} {seconds:7.3f} s  {1000 * seconds / n:6.2f} ms/article")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="files or folders of articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes, as `extract --jobs` (default: what extract does by default)")
    parser.add_argument("--no-stages", action="store_true", help="skip the one-process run timing each stage")
    args = parser.parse_args(argv)
    figures = bench(args.paths, args.jobs)
    if not args.no_stages:
        figures.update(stage_profile(args.paths))
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print_report(figures)
    return 0 if figures["articles"] else 1


if __name__ == "__main__":
    sys.exit(main())
