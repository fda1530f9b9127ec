"""How the cross-check grows with the corpus: 1x, 10x, 100x one run's analyses.

    .venv/bin/python bench/bench_crosscheck_scale.py ../shared/corpora/fa-kes/articles 1,10,100

The articles are analysed once; each scale then replicates their documents and analyses r times
as syndicated copies (copy r of an article is `<id>-r<r>`, `duplicate_of` its first copy, as the
dedup stage would link them) and times the crosscheck corpus stage alone, in CPU seconds. Flat
milliseconds per article mean the stage grows linearly: no step compares every pair of figures.
"""
from __future__ import annotations

import argparse
import dataclasses
import resource
import time

from frontwatch.corpus import CorpusResult, analyse_paths
from frontwatch.pipeline import Analysis
from frontwatch.resolve.crosscheck import crosscheck_stage


def replicated(base: CorpusResult, scale: int) -> CorpusResult:
    """`scale` copies of every document, sharing the first copy's layers."""
    result = CorpusResult()
    for r in range(scale):
        for doc in base.documents:
            copy = doc if r == 0 else dataclasses.replace(doc, id=f"{doc.id}-r{r}",
                                                          duplicate_of=doc.duplicate_of or doc.id)
            result.documents.append(copy)
            result.analyses[copy.id] = Analysis(copy, base.analyses[doc.id].layers)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the articles (a folder or a dump)")
    parser.add_argument("scales", nargs="?", default="1,10,100", help="comma-separated multiples")
    args = parser.parse_args()
    base = analyse_paths([args.path])
    print(f"{len(base.documents)} documents analysed", flush=True)
    for scale in (int(s) for s in args.scales.split(",")):
        result = replicated(base, scale)
        started = time.process_time()
        crosscheck_stage(result)
        spent = time.process_time() - started
        check = result.extras["crosscheck"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"{scale:>4}x {len(result.documents):>6} articles: crosscheck {spent:7.2f} CPU s, "
              f"{1000 * spent / len(result.documents):.2f} ms/article, {len(check.groups)} groups, "
              f"{len(check.disputes)} disputes, peak RSS {peak} MB", flush=True)


if __name__ == "__main__":
    main()
