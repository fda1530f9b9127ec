"""`frontwatch sources`: each article's sources with kind and alignment, and the corpus's."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from ..exitcodes import ExitStatus
from ..sources import SourceProfile, corpus_profile, profiles
from .common import db_option
from .corpus_source import load_corpus


def _share_line(shares: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in shares.items()) or "-"


def _echo_profile(p: SourceProfile, heading: str) -> None:
    click.echo(f"{heading}  ({p.claims} claims, {len(p.sources)} sources)")
    for r in p.sources:
        aff = f"  [{r.affiliation}]" if r.affiliation and r.affiliation != r.name else ""
        docs = f"  in {r.documents} articles" if p.doc_id is None else ""
        click.echo(f"  {r.name:<45} {r.kind:<16} {(r.alignment or '-'):<18} {r.claims:>3} claims {r.share:>4.0%}"
                   f"{docs}{aff}")
    if p.sources:
        click.echo(f"  by kind: {_share_line(p.by_kind)}")
        click.echo(f"  by alignment: {_share_line(p.by_alignment)}")


@click.command("sources")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the profiles as JSON.")
@click.option("--corpus-only", is_flag=True, help="Only the corpus-wide profile.")
def command(paths: tuple[str, ...], db: str, as_json: bool, corpus_only: bool) -> None:
    """Who each article rests on: its sources by kind and alignment (PATHS, or the store)."""
    result = load_corpus(paths, db)
    if not result.documents:
        click.echo("no article to profile", err=True)
        sys.exit(ExitStatus.NO_INPUT)
    docs = [] if corpus_only else profiles(result)
    corpus = corpus_profile(result)
    if as_json:
        click.echo(json.dumps({"documents": [asdict(p) for p in docs], "corpus": asdict(corpus)}, indent=2))
        return
    for p in docs:
        _echo_profile(p, p.title or p.doc_id or "?")
        click.echo()
    _echo_profile(corpus, f"corpus ({len(result.documents)} articles)")
