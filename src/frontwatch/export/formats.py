"""Write a corpus result as eval JSON, full JSON, JSON Lines or CSV (one file per layer)."""
from __future__ import annotations

import csv
import json
import os
from typing import IO

from ..corpus import CorpusResult
from . import indented
from .evaluation import evaluation_export

FORMATS = ("eval", "json", "jsonl", "csv")


def write_eval(result: CorpusResult, out: IO[str]) -> None:
    """The evaluation export, as `json.dump(..., ensure_ascii=False, indent=1)` writes it (`indented`)."""
    indented.dump(evaluation_export(result), out, indent=1)


def write_json(result: CorpusResult, out: IO[str]) -> None:
    data = evaluation_export(result)
    data["errors"] = [{"where": e.where, "reason": e.reason} for e in result.errors]
    indented.dump(data, out, indent=1, default=str)


def write_jsonl(result: CorpusResult, out: IO[str]) -> None:
    """One line per record, each tagged with its kind."""
    for kind, rows in evaluation_export(result).items():
        for row in rows:
            out.write(json.dumps({"kind": kind, **row}, ensure_ascii=False, default=str) + "\n")


def _flat(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(result: CorpusResult, path: str) -> list[str]:
    """A folder of CSV files, one per record kind; returns the files written."""
    os.makedirs(path, exist_ok=True)
    written = []
    for kind, rows in evaluation_export(result).items():
        target = os.path.join(path, f"{kind}.csv")
        fields = sorted({k for row in rows for k in row}) or ["doc"]
        with open(target, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            writer.writerows({k: _flat(v) for k, v in row.items()} for row in rows)
        written.append(target)
    return written
