"""Who may call the dashboard, and what a page may load.

Bound to loopback, the server trusts its local user. On any other address it requires a token
on every request: `Authorization: Bearer TOKEN`, or `?token=TOKEN` once (the page then keeps it
in an HttpOnly cookie). Every answer carries a Content-Security-Policy that lets pages run only
the server's own scripts, a second wall behind showing article text as text.
"""
from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse

COOKIE = "frontwatch_token"


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def content_policy(tiles: str | None) -> str:
    """The page's CSP: own scripts only; images also from the tile server when one is set."""
    images = "'self' data:"
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "*"))   # Leaflet's subdomain slot: any subdomain
        images += f" {parts.scheme}://{parts.netloc}"
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


def _presented(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.query_params.get("token") or request.cookies.get(COOKIE)


class Guard(BaseHTTPMiddleware):
    """Token check (when a token is set) and security headers on every response."""

    def __init__(self, app, token: str | None, policy: str):
        super().__init__(app)
        self.token = token
        self.policy = policy

    async def dispatch(self, request: Request, call_next):
        given = _presented(request) if self.token else None
        if self.token and not (given and hmac.compare_digest(given.encode(), self.token.encode())):
            return PlainTextResponse("a token is required (Authorization: Bearer TOKEN or ?token=)", 401)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = self.policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if self.token and request.query_params.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response
