"""Running the application: uvicorn with httptools and uvloop, and its own limits in the one shape.

:func:`serve` is what ``policykg serve`` runs. Requests the HTTP parser itself rejects never reach
the application, and uvicorn would answer them in plain text; :class:`Protocol` answers them in
the API's JSON error shape instead: a URL longer than :data:`MAX_URL_BYTES` gets ``414
uri-too-long`` (long queries go in a POST body), any other unparseable request ``400 bad-request``.
It also stops reading a URL at the limit rather than buffering it whole.
"""

from __future__ import annotations

import importlib.util

import uvicorn

from .errors import error_bytes
from .settings import Settings

MAX_URL_BYTES = 65_535  # httptools cannot split a longer URL into its parts

if importlib.util.find_spec("httptools") is not None:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Protocol(HttpToolsProtocol):
        """uvicorn's httptools protocol, with the server's own errors as JSON."""

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.url_too_long = False

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > MAX_URL_BYTES:
                self.url_too_long = True
                raise ValueError("URL too long")

        def send_400_response(self, msg: str) -> None:
            if getattr(self, "url_too_long", False):
                status, code = 414, "uri-too-long"
                message = (
                    f"the URL is over {MAX_URL_BYTES} bytes; "
                    "send a long query in the body of a POST"
                )
                reason = b"URI Too Long"
            else:
                status, code, message = 400, "bad-request", f"not a valid HTTP request: {msg}"
                reason = b"Bad Request"
            body = error_bytes(status, code, message)
            head = [b"HTTP/1.1 %d %s\r\n" % (status, reason)]
            for name, value in self.server_state.default_headers:
                head.append(name + b": " + value + b"\r\n")
            head.append(b"content-type: application/json\r\n")
            head.append(b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body))
            self.transport.write(b"".join(head) + body)
            self.transport.close()

    HTTP: type | str = Protocol
else:  # pragma: no cover - uvicorn[standard] brings httptools
    HTTP = "auto"


def serve(app, settings: Settings) -> None:
    """Serve ``app`` with uvicorn as ``settings`` say (blocks until stopped)."""
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        http=HTTP,
        access_log=settings.log_level in ("trace", "debug", "info"),
    )
