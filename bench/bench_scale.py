"""How frontwatch scales: 1x, 10x, 100x the FA-KES corpus, in this process and on Dask with 2 workers.

    .venv/bin/python bench/bench_scale.py ../shared/corpora/fa-kes/articles              # 1, 10, 100x
    .venv/bin/python bench/bench_scale.py ../shared/corpora/fa-kes/articles --scales 1,10
    .venv/bin/python bench/bench_scale.py ../shared/corpora/fa-kes/articles --scales 100 --engines local,dask

The corpus is replicated in memory (nothing is written to disk), lazily: the engine takes the
copies as it goes, so only the documents it has read exist (as in a real run reading files).
Copy r of an article gets the id `<id>-r<r>`. With `--texts copies` (the default) the copies keep the text, so the dedup stage links
them as syndicated copies (the timeline skips them; the cross-check still groups their figures,
one origin with their first copy's); with `--texts mixed`
copy r of article i is the first half of article i followed by the second half of article i+r,
a new text that no stage treats as a copy, so every corpus stage works on every article.

Each (scale, engine) runs in a fresh process, so peak memory is that run's own. For each it prints:
- articles/s of the per-document stages (engine set-up excluded: starting the cluster and loading
  the stages' data is reported apart), wall time and CPU time (user+sys, the workers' included)
  per article: the machine may be shared, and CPU time is what a load does not inflate;
- the corpus stages' CPU time per article at each scale, and its growth against 1x (1.0 = linear);
- peak memory: the resident size of the whole process tree (client + workers), sampled, and the
  client's own peak (what holding the corpus for the cross-document stages costs).
Engines: `local` (this process), `dask` (a LocalCluster of 2 workers), `pool` (the local engine
with 2 worker processes, `--jobs 2`). With several scales, `--estimate N` extrapolates time and
memory to N times the corpus from the two largest scales measured (memory linearly, each corpus
stage by the growth exponent it showed).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import resource
import subprocess
import sys
import threading
import time

ENGINES = ("local", "dask", "pool")


def replicate(docs: list, scale: int, texts: str = "copies"):
    """`scale` copies of `docs` with distinct ids (and, with texts="mixed", distinct texts), made
    one at a time as they are asked for; the originals come first, as they are."""
    yield from docs
    for r in range(1, scale):
        for i, doc in enumerate(docs):
            text = doc.text if texts == "copies" else _mixed(doc.text, docs[(i + r) % len(docs)].text)
            yield dataclasses.replace(doc, id=f"{doc.id}-r{r}", text=text, raw=None,
                                      file=f"r{r}-{doc.file}" if doc.file else None)


def _mixed(first: str, second: str) -> str:
    return first[:len(first) // 2].rstrip() + "\n\n" + second[len(second) // 2:].lstrip()


class PeakMemory:
    """The largest resident size of this process and all its descendants, sampled every 0.2 s."""

    def __init__(self):
        import psutil   # installed with dask.distributed
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, self._rss())

    def _rss(self) -> int:
        total = self.proc.memory_info().rss
        for child in self.proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except Exception:  # a worker that just exited
                continue
        return total

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def cpu_seconds() -> float:
    """User+sys CPU of this process and of its children that have ended (the dask workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(paths: list[str], scale: int, engine_name: str, texts: str, skip: frozenset = frozenset()) -> dict:
    """One measured run, in this process: read, replicate, analyse on the engine, corpus stages."""
    from frontwatch.corpus import CorpusResult, read_documents
    from frontwatch.pipeline import default_pipeline

    base = read_documents(paths, CorpusResult(), keep_raw=False)
    with PeakMemory() as memory:
        out = _measure(replicate(base, scale, texts), engine_name, default_pipeline, skip)
    out.update(scale=scale, engine=engine_name, texts=texts,
               peak_mb=round(memory.peak / 2**20), client_peak_mb=round(
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    out["cpu_ms_per_article"] = round(1000 * out.pop("cpu_s") / out["articles"], 2)
    return out


def _measure(docs, engine_name: str, factory, skip: frozenset = frozenset()) -> dict:
    """Analyse the (lazy) documents on the engine, keeping what a run keeps; then the corpus stages."""
    from frontwatch.corpus import CorpusResult
    from frontwatch.engines import DaskEngine, LocalEngine

    cpu0, t0 = cpu_seconds(), time.perf_counter()
    engine, client, cluster = {"local": lambda: (LocalEngine(), None, None),
                               "pool": lambda: (LocalEngine(jobs=2).__enter__(), None, None),
                               "dask": lambda: _dask(DaskEngine)}[engine_name]()
    _warm(engine, factory)
    t1 = time.perf_counter()
    result = CorpusResult()
    for analysis in engine.stream(docs, factory):
        result.documents.append(analysis.doc)
        result.analyses[analysis.doc.id] = analysis
    t2 = time.perf_counter()
    if engine_name == "pool":
        engine.__exit__(None, None, None)
    corpus = _corpus_stages(result, skip)
    if cluster is not None:
        client.close()
        cluster.close()
    n = len(result.documents)
    return {"articles": n, "setup_s": round(t1 - t0, 2), "analyse_s": round(t2 - t1, 2),
            "articles_per_s": round(n / (t2 - t1), 1), "corpus_s": corpus, "cpu_s": cpu_seconds() - cpu0}


def _dask(engine_cls):
    import logging
    import distributed

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    return engine_cls(client=client), client, cluster


def _warm(engine, factory) -> None:
    """Load every stage's data where the stages run (workers and this process), so that set-up is
    counted neither as throughput nor as corpus-stage time."""
    from frontwatch.records import Document

    probe = [Document(id=f"warm{i}", text="Rebels took the town of Maarat al-Numan on 3 May 2016, "
                                          "a monitor said, and 12 civilians were killed.") for i in range(4)]
    if getattr(engine, "jobs", 2) > 1:   # a worker pool or cluster: one probe per worker at least
        engine.batch_size, size = 1, engine.batch_size
        engine.analyse(probe, factory)
        engine.batch_size = size
    # here too: a corpus stage that re-runs document stages (pubdate) would otherwise load their data
    factory().run(probe[-1])


def _corpus_stages(result, skip: frozenset = frozenset()) -> dict[str, float]:
    """Each corpus stage's seconds, run in order as `resolve_corpus` runs them."""
    from frontwatch.resolve import collect_corpus_stages

    spent = {}
    for st in collect_corpus_stages():
        if st.name in skip:
            continue
        t0 = time.process_time()   # CPU, not wall: single-threaded here, and a shared machine's load
        st.func(result)            # would otherwise hide (or fake) the growth with corpus size
        spent[st.name] = round(time.process_time() - t0, 3)
    return spent


def _child(paths: list[str], scale: int, engine: str, texts: str, skip: str = "") -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), *paths, "--one", f"{scale}:{engine}", "--texts", texts,
           "--skip", skip]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"run {scale}x {engine} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(rows: list[dict]) -> None:
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, {_ram_gb():.0f} GB RAM, Python "
          f"{platform.python_version()}, load average now {os.getloadavg()[0]:.1f}")
    print(f"{'scale':>5} {'engine':<6} {'articles':>8} {'set-up s':>8} {'analyse s':>9} {'art/s':>7} "
          f"{'CPU ms/art':>10} {'corpus s':>8} {'corpus ms/art':>13} {'growth':>6} {'peak MB':>7} {'client MB':>9}")
    base = {r["engine"]: sum(r["corpus_s"].values()) / r["articles"] for r in rows if r["scale"] == min(
        x["scale"] for x in rows)}
    for r in rows:
        corpus = sum(r["corpus_s"].values())
        per = corpus / r["articles"]
        growth = per / base[r["engine"]] if base.get(r["engine"]) else float("nan")
        print(f"{r['scale']:>4}x {r['engine']:<6} {r['articles']:>8} {r['setup_s']:>8.1f} {r['analyse_s']:>9.1f} "
              f"{r['articles_per_s']:>7.1f} {r['cpu_ms_per_article']:>10.1f} {corpus:>8.2f} {1000 * per:>13.2f} "
              f"{growth:>6.2f} {r['peak_mb']:>7} {r['client_peak_mb']:>9}")
    print("corpus stages (s): " + "; ".join(
        f"{r['scale']}x {r['engine']}: " + ", ".join(f"{k} {v:.2f}" for k, v in r["corpus_s"].items())
        for r in rows))


def _ram_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def estimate(rows: list[dict], scale: int) -> list[dict]:
    """Per engine, time and memory at `scale` from its two largest measured scales.

    Analysis time and memory grow linearly (per-article rates of the larger run; memory from the
    slope between the two runs); each corpus stage grows as n^k with the exponent k it showed.
    """
    out = []
    for engine in dict.fromkeys(r["engine"] for r in rows):
        mine = sorted((r for r in rows if r["engine"] == engine), key=lambda r: r["articles"])
        if len(mine) < 2:
            continue
        small, big = mine[-2], mine[-1]
        n, ratio = big["articles"] * scale / big["scale"], scale / big["scale"]
        stages = {}
        for name, t in big["corpus_s"].items():
            t0 = max(small["corpus_s"].get(name, 0.0), 1e-3)
            k = math.log(max(t, 1e-3) / t0) / math.log(big["articles"] / small["articles"])
            stages[name] = (round(max(t, 1e-3) * ratio ** k, 1), round(k, 2))
        # a small run's peak can be set-up (a gazetteer index built once): no slope below zero
        slope = max(big["peak_mb"] - small["peak_mb"], 0) / (big["articles"] - small["articles"])
        out.append({"engine": engine, "scale": scale, "articles": int(n),
                    "analyse_s": round(n / big["articles_per_s"]), "corpus": stages,
                    "peak_mb": round(big["peak_mb"] + slope * (n - big["articles"])),
                    "kb_per_article": round(1024 * slope, 1)})
    return out


def print_estimate(estimates: list[dict]) -> None:
    for e in estimates:
        corpus = sum(t for t, _ in e["corpus"].values())
        print(f"estimate {e['scale']}x {e['engine']}: {e['articles']} articles, analyse ~{e['analyse_s'] / 60:.0f} min, "
              f"corpus stages ~{corpus / 60:.1f} min (" + ", ".join(
                  f"{k} {t:.0f} s, n^{x}" for k, (t, x) in e["corpus"].items()) +
              f"), peak ~{e['peak_mb'] / 1024:.1f} GB ({e['kb_per_article']} KB per article)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="the FA-KES articles folder (or any articles)")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the corpus")
    parser.add_argument("--engines", default="local,dask", help="comma-separated: local, dask, pool (local with 2 processes)")
    parser.add_argument("--skip", default="", metavar="STAGES",
                        help="comma-separated corpus stages not to run (e.g. crosscheck, whose figure grouping "
                             "grows with the square of the figures per block)")
    parser.add_argument("--texts", choices=("copies", "mixed"), default="copies",
                        help="replicas keep the text (copies) or mix two articles (mixed)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument("--estimate", type=int, default=None, metavar="N",
                        help="extrapolate time and memory to N times the corpus from the two largest scales")
    parser.add_argument("--one", help=argparse.SUPPRESS)   # SCALE:ENGINE, the child process's job
    args = parser.parse_args(argv)
    if args.one:
        scale, engine = args.one.split(":")
        print(json.dumps(run_one(args.paths, int(scale), engine, args.texts, frozenset(filter(None, args.skip.split(","))))))
        return 0
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        for engine in args.engines.split(","):
            rows.append(_child(args.paths, scale, engine, args.texts, args.skip))
            print(f"  done {scale}x {engine}: {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    print_table(rows)
    if args.estimate:
        print_estimate(estimate(rows, args.estimate))
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":   # dask's worker processes are spawned and import this file again
    sys.exit(main())
