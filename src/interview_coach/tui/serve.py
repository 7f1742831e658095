"""The chat in a browser. textual-serve starts one app process per browser tab and relays its
terminal over a websocket to xterm.js in the page. The page is ours (web/): textual-serve's own
links a web font service, and every address it gives is built from the bound host, so a page
from 0.0.0.0 would point the browser at 0.0.0.0. Ours loads only from the server the browser
asked, so it works offline and tells no one else that it was opened.

The server has no login. Bound to a loopback address it answers only to local names (so a
web page elsewhere cannot reach it by rebinding its own name to 127.0.0.1), and the websocket
that drives the app accepts only this server's own page (any site the user visits could
otherwise open it: browsers let pages open websockets to any host)."""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import socket
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server, to_int

WEB = Path(__file__).parent / "web"
# textual-serve's browser client (xterm.js and the protocol to the app process, so it must
# match the installed server) and the font it asks for, served from the installed package.
_VENDOR = Path(textual_serve.__file__).parent / "static"
VENDOR_FILES = {
    "textual.js": _VENDOR / "js" / "textual.js",
    "RobotoMono.ttf": _VENDOR / "fonts" / "RobotoMono-VariableFont_wght.ttf",
}
TITLE = "Interview Coach"
log = logging.getLogger("interview-coach.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServeError(Exception):
    """The server cannot start: the message says why and what to do, in one line."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a ServeError naming the problem and the fix."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) else str(exc)
        raise ServeError(
            f"cannot serve on host {host!r}: no such address ({reason});"
            " use an address of this computer, such as 127.0.0.1"
        ) from exc
    error: OSError | None = None
    for family, _type, _proto, _name, address in infos:
        try:
            return socket.create_server(address, family=family)
        except OSError as exc:
            error = exc
    assert error is not None  # getaddrinfo returns at least one address or raises
    where = f"{host} port {port}"
    if error.errno == errno.EADDRINUSE:
        raise ServeError(
            f"{where} is already in use; choose another with --port (or stop what uses it)"
        ) from error
    if error.errno == errno.EADDRNOTAVAIL:
        raise ServeError(
            f"cannot serve on {host!r}: it is not an address of this computer;"
            " use 127.0.0.1 (this computer only) or 0.0.0.0 (every network)"
        ) from error
    if error.errno == errno.EACCES:
        raise ServeError(
            f"not allowed to serve on {where} (ports below 1024 need root); use --port 8000"
        ) from error
    raise ServeError(f"cannot serve on {where}: {error.strerror or error}") from error


def is_loopback(sock: socket.socket) -> bool:
    """Whether only this computer can reach `sock` (it is bound to a loopback address)."""
    return ipaddress.ip_address(sock.getsockname()[0]).is_loopback


def url(sock: socket.socket, host: str) -> str:
    """The address to open for `sock`, which was bound for `host`."""
    port = sock.getsockname()[1]
    shown = host if host not in ("", "0.0.0.0", "::") else socket.gethostname()
    if ":" in shown:  # an IPv6 literal
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


class CoachServer(Server):
    """textual-serve's server with our page, our checks and our messages."""

    def __init__(self, command: str, sock: socket.socket, host: str, title: str = TITLE):
        bound_host, port = sock.getsockname()[:2]
        super().__init__(
            command,
            host=bound_host,
            port=port,
            title=title,
            statics_path=WEB / "static",
            templates_path=WEB / "templates",
        )
        self.sock = sock
        self.url = url(sock, host)
        self.local_only = is_loopback(sock)
        # The names a local browser may use for a loopback server: localhost, a loopback
        # address, or the name the user gave with --host.
        self.local_names = {"localhost", host.lower().strip("[]")}
        self.sessions: set[asyncio.Task[object]] = set()
        self.pages = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )

    def initialize_logging(self) -> None:
        # Problems only (an app that failed to start, a broken connection); no request log.
        logging.basicConfig(level=logging.WARNING, format="interview-coach serve: %(message)s")

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_session, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.get("/vendor/{name}", self.handle_vendor, name="vendor"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.local_only and not self._local_name(request.host):
            raise web.HTTPMisdirectedRequest(
                text="This Interview Coach answers only to localhost.\n"
            )
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="Only the Interview Coach page may open the app.\n")
        return await handler(request)

    def _local_name(self, host_header: str) -> bool:
        name = (urlsplit(f"//{host_header}").hostname or "").lower()
        if name in self.local_names:
            return True
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return False

    async def handle_index(self, request: web.Request) -> web.Response:
        # The websocket address is the one the browser used for the page (request.host), so
        # it is right behind any name or address and never names another host.
        scheme = "wss" if request.secure else "ws"
        page = self.pages.get_template("index.html").render(
            title=self.title,
            font_size=to_int(request.query.get("fontsize", "16"), 16),
            websocket_url=f"{scheme}://{request.host}/ws",
        )
        return web.Response(text=page, content_type="text/html")

    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        try:
            return await self.handle_websocket(request)
        finally:
            self.sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        # Stopping: end each open tab's session now (textual-serve then tells its app to quit
        # and waits for it) instead of waiting up to a minute for the browsers to hang up.
        for task in list(self.sessions):
            task.cancel()

    async def handle_vendor(self, request: web.Request) -> web.FileResponse:
        path = VENDOR_FILES.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    async def on_startup(self, app: web.Application) -> None:
        print(f"Interview Coach is at {self.url}  (ctrl+c stops it)", flush=True)

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        web.run_app(self._make_app(), sock=self.sock, print=None, handle_signals=True)
