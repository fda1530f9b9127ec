"""`frontwatch extract`: a stateless run over files, written to one output."""
from __future__ import annotations

import sys

import click

from ..corpus import CorpusResult, analyse_documents, read_documents
from ..engines import EngineError
from ..engines.batch import collector_relaxed
from ..exitcodes import ExitStatus
from ..export import formats
from ..ingest import FORMATS as INPUT_FORMATS, IngestOptions, parse_field_overrides
from .common import engine_from_options, engine_options, report_input_errors
from .progress import progress_bar


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(formats.FORMATS), default="eval", show_default=True,
              help="eval: shared/eval/SCHEMA.md; json/jsonl: every record; csv: a folder of CSV files.")
@click.option("-o", "--output", default="-", help="Output file (a folder for csv); '-' is stdout.")
@click.option("--format-in", "format_in", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Read every input as this format instead of telling it from each file's content.")
@click.option("--field", "fields", multiple=True, metavar="ROLE=NAME",
              help="JSON record field for a role (text, title, url, published/date, outlet, author, id), "
                   "tried before the usual names; repeatable, e.g. --field text=body.")
@engine_options
def command(paths: tuple[str, ...], fmt: str, output: str, format_in: str, fields: tuple[str, ...],
            engine_name: str, scheduler: str | None, jobs: int | None) -> None:
    """Extract events, places, claims, figures and control from PATHS (files or folders)."""
    engine = engine_from_options(engine_name, scheduler, jobs)
    with collector_relaxed():   # a run makes many small objects and few cycles (`corpus.resolve_corpus`)
        result = _extract(paths, _ingest_options(format_in, fields), engine)
        _write(result, fmt, output)
    report_input_errors(result.errors)
    sys.exit(ExitStatus.PARTIAL if result.errors else ExitStatus.OK)


def _extract(paths: tuple[str, ...], options: IngestOptions, engine) -> CorpusResult:
    """Read and analyse every input; exits with NO_INPUT when none is readable."""
    result = CorpusResult()
    docs = read_documents(paths, result, options, keep_raw=False)
    if not docs:
        report_input_errors(result.errors)
        click.echo("no readable article in the inputs", err=True)
        sys.exit(ExitStatus.NO_INPUT)
    with progress_bar(len(docs), "extracting") as advance:
        try:
            analyse_documents(docs, progress=lambda _doc: advance(), result=result, engine=engine)
        except EngineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(ExitStatus.ERROR)
    return result


def _ingest_options(format_in: str, fields: tuple[str, ...]) -> IngestOptions:
    try:
        return IngestOptions(format=format_in).with_fields(parse_field_overrides(fields))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--field") from exc


def _write(result, fmt: str, output: str) -> None:
    if fmt == "csv":
        formats.write_csv(result, "frontwatch-csv" if output == "-" else output)
        return
    writer = {"eval": formats.write_eval, "json": formats.write_json, "jsonl": formats.write_jsonl}[fmt]
    if output == "-":
        writer(result, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8") as f:
            writer(result, f)
