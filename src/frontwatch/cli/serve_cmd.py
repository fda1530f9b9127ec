"""`frontwatch serve`: the dashboard over the store, read-only, on 127.0.0.1 by default."""
from __future__ import annotations

import sys

import click

from ..exitcodes import ExitStatus
from .common import db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="FRONTWATCH_TOKEN", default=None,
              help="Require this token on every request (Authorization: Bearer, or ?token= once); "
                   "also $FRONTWATCH_TOKEN.")
@click.option("--tiles", default=None, metavar="URL",
              help="Online map tiles (e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png); "
                   "off by default: the offline basemap needs no network.")
def command(db: str, host: str, port: int, token: str | None, tiles: str | None) -> None:
    """Serve the dashboard: control map, timeline, cross-check, sources, reader, search, JSON API."""
    from ..serve.security import is_loopback
    from ..store import StoreError

    if not is_loopback(host) and not token:
        click.echo(f"error: refusing to listen on {host} without --token (anyone could read the store)", err=True)
        sys.exit(ExitStatus.USAGE)
    try:
        import uvicorn
        from ..serve.app import create_app
    except ImportError as exc:
        click.echo(f"error: the dashboard needs the web extra: pip install 'frontwatch[web]' ({exc})", err=True)
        sys.exit(ExitStatus.ERROR)
    try:
        app = create_app(db, token=token, tiles=tiles)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(ExitStatus.STORE_ERROR)
    click.echo(f"frontwatch dashboard on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops it", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
