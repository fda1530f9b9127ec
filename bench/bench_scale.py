"""How frontwatch scales: 1x, 10x, 100x the FA-KES corpus, in this process and on Dask with 2 workers.

    .venv/bin/python bench/bench_scale.py ../shared/corpora/fa-kes/articles              # 1, 10, 100x
    .venv/bin/python bench/bench_scale.py ../shared/corpora/fa-kes/articles --scales 1,10

The corpus is replicated in memory (nothing is written to disk): copy r of an article gets the id
`<id>-r<r>`. With `--texts copies` (the default) the copies keep the text, so the dedup stage links
them and the later corpus stages skip them, as they do syndicated copies; with `--texts mixed`
copy r of article i is the first half of article i followed by the second half of article i+r,
a new text that no stage treats as a copy, so every corpus stage works on every article.

Each (scale, engine) runs in a fresh process, so peak memory is that run's own. For each it prints:
- articles/s of the per-document stages (engine set-up excluded: starting the cluster and loading
  the stages' data is reported apart), wall time and CPU time (user+sys, the workers' included)
  per article: the machine may be shared, and CPU time is what a load does not inflate;
- the corpus stages' CPU time per article at each scale, and its growth against 1x (1.0 = linear);
- peak memory: the resident size of the whole process tree (client + workers), sampled.
100x (79,200 articles) needs about 79,200 x 25-35 ms = 35-45 CPU-minutes per engine, and the
local engine holds every article's spaCy Doc until the end (~0.45 MB each, measured at 1x and
2x: ~35 GB at 100x): run 100x with `--engines dask`, or on a machine that has the memory.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time

ENGINES = ("local", "dask")


def replicate(docs: list, scale: int, texts: str = "copies") -> list:
    """`scale` copies of `docs` with distinct ids (and, with texts="mixed", distinct texts)."""
    out = list(docs)
    for r in range(1, scale):
        for i, doc in enumerate(docs):
            text = doc.text if texts == "copies" else _mixed(doc.text, docs[(i + r) % len(docs)].text)
            out.append(dataclasses.replace(doc, id=f"{doc.id}-r{r}", text=text, raw=None,
                                           file=f"r{r}-{doc.file}" if doc.file else None))
    return out


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


def run_one(paths: list[str], scale: int, engine_name: str, texts: str) -> dict:
    """One measured run, in this process: read, replicate, analyse on the engine, corpus stages."""
    from frontwatch.corpus import CorpusResult, read_documents
    from frontwatch.pipeline import default_pipeline

    docs = replicate(read_documents(paths, CorpusResult()), scale, texts)
    with PeakMemory() as memory:
        out = _measure(docs, engine_name, default_pipeline)
    out.update(articles=len(docs), scale=scale, engine=engine_name, texts=texts,
               peak_mb=round(memory.peak / 2**20), client_peak_mb=round(
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    out["cpu_ms_per_article"] = round(1000 * out.pop("cpu_s") / len(docs), 2)
    return out


def _measure(docs: list, engine_name: str, factory) -> dict:
    from frontwatch.corpus import CorpusResult
    from frontwatch.engines import DaskEngine, LocalEngine

    cpu0, t0 = cpu_seconds(), time.perf_counter()
    engine, client, cluster = (LocalEngine(), None, None) if engine_name == "local" else _dask(DaskEngine)
    _warm(engine, factory)
    t1 = time.perf_counter()
    analyses = engine.analyse(docs, factory)
    t2 = time.perf_counter()
    result = CorpusResult(documents=docs, analyses={a.doc.id: a for a in analyses})
    corpus = _corpus_stages(result)
    if cluster is not None:
        client.close()
        cluster.close()
    return {"setup_s": round(t1 - t0, 2), "analyse_s": round(t2 - t1, 2),
            "articles_per_s": round(len(docs) / (t2 - t1), 1), "corpus_s": corpus,
            "cpu_s": cpu_seconds() - cpu0}


def _dask(engine_cls):
    import logging
    import distributed

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    return engine_cls(client=client), client, cluster


def _warm(engine, factory) -> None:
    """Load every stage's data where the stages run, so that set-up is not counted as throughput."""
    from frontwatch.records import Document

    probe = [Document(id=f"warm{i}", text="Rebels took the town of Maarat al-Numan on 3 May 2016, "
                                          "a monitor said, and 12 civilians were killed.") for i in range(4)]
    if hasattr(engine, "batch_size"):
        engine.batch_size, size = 1, engine.batch_size
        engine.analyse(probe, factory)
        engine.batch_size = size
    else:
        engine.analyse(probe[:1], factory)


def _corpus_stages(result) -> dict[str, float]:
    """Each corpus stage's seconds, run in order as `resolve_corpus` runs them."""
    from frontwatch.resolve import collect_corpus_stages

    spent = {}
    for st in collect_corpus_stages():
        t0 = time.process_time()   # CPU, not wall: single-threaded here, and a shared machine's load
        st.func(result)            # would otherwise hide (or fake) the growth with corpus size
        spent[st.name] = round(time.process_time() - t0, 3)
    return spent


def _child(paths: list[str], scale: int, engine: str, texts: str) -> dict:
    cmd = [sys.executable, os.path.abspath(__file__), *paths, "--one", f"{scale}:{engine}", "--texts", texts]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"run {scale}x {engine} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(rows: list[dict]) -> None:
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average now {os.getloadavg()[0]:.1f}")
    print(f"{'scale':>5} {'engine':<6} {'articles':>8} {'set-up s':>8} {'analyse s':>9} {'art/s':>7} "
          f"{'CPU ms/art':>10} {'corpus s':>8} {'corpus ms/art':>13} {'growth':>6} {'peak MB':>7}")
    base = {r["engine"]: sum(r["corpus_s"].values()) / r["articles"] for r in rows if r["scale"] == min(
        x["scale"] for x in rows)}
    for r in rows:
        corpus = sum(r["corpus_s"].values())
        per = corpus / r["articles"]
        growth = per / base[r["engine"]] if base.get(r["engine"]) else float("nan")
        print(f"{r['scale']:>4}x {r['engine']:<6} {r['articles']:>8} {r['setup_s']:>8.1f} {r['analyse_s']:>9.1f} "
              f"{r['articles_per_s']:>7.1f} {r['cpu_ms_per_article']:>10.1f} {corpus:>8.2f} {1000 * per:>13.2f} "
              f"{growth:>6.2f} {r['peak_mb']:>7}")
    print("corpus stages (s): " + "; ".join(
        f"{r['scale']}x {r['engine']}: " + ", ".join(f"{k} {v:.2f}" for k, v in r["corpus_s"].items())
        for r in rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="the FA-KES articles folder (or any articles)")
    parser.add_argument("--scales", default="1,10,100", help="comma-separated multiples of the corpus")
    parser.add_argument("--engines", default="local,dask", help="comma-separated: local, dask")
    parser.add_argument("--texts", choices=("copies", "mixed"), default="copies",
                        help="replicas keep the text (copies) or mix two articles (mixed)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument("--one", help=argparse.SUPPRESS)   # SCALE:ENGINE, the child process's job
    args = parser.parse_args(argv)
    if args.one:
        scale, engine = args.one.split(":")
        print(json.dumps(run_one(args.paths, int(scale), engine, args.texts)))
        return 0
    rows = []
    for scale in (int(s) for s in args.scales.split(",")):
        for engine in args.engines.split(","):
            rows.append(_child(args.paths, scale, engine, args.texts))
            print(f"  done {scale}x {engine}: {json.dumps(rows[-1])}", file=sys.stderr, flush=True)
    print_table(rows)
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":   # dask's worker processes are spawned and import this file again
    sys.exit(main())
