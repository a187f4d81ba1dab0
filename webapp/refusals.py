"""gunicorn's own answers, in the API's JSON error shape.

gunicorn reads the request line and headers before the app sees anything, and answers a request
it will not read (over its limits, or not HTTP) with an HTML page of its own: a client of the
JSON API got HTML for a 414. gunicorn has no setting for that page, so the server runs gunicorn's
worker classes with ``handle_error`` (gunicorn's documented hook for custom workers) answering
``{"error", "status"}`` instead, as the app answers its own errors. The refusal is logged
without the request line: it says what someone searched for.
"""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.http import errors

# gunicorn's limits, raised from its defaults (a request line of 4,094 bytes, header fields of
# 8,190): a referral list's 200 ids of up to 36 characters, with its search, fit in one line.
LIMIT_REQUEST_LINE = 8190  # bytes; the most gunicorn reads in a request line
LIMIT_REQUEST_FIELD_SIZE = 16_384  # bytes of one header field (name and value)
LIMIT_REQUEST_FIELDS = 100  # header fields (gunicorn's default)
LIMITS = {
    "limit_request_line": LIMIT_REQUEST_LINE,
    "limit_request_field_size": LIMIT_REQUEST_FIELD_SIZE,
    "limit_request_fields": LIMIT_REQUEST_FIELDS,
}
SERVER_FAULT = (500, "Internal Server Error", "Something went wrong on our side. Please try again later.")  # fmt: skip
# The first class that matches says the answer; anything else the parser refuses is a 400.
ANSWERS = (
    (errors.LimitRequestLine, 414, "URI Too Long",
     f"The request line is longer than {LIMIT_REQUEST_LINE:,} bytes: ask for fewer values at once."),
    (errors.LimitRequestHeaders, 431, "Request Header Fields Too Large",
     f"The request's headers are too large (at most {LIMIT_REQUEST_FIELDS} fields of "
     f"{LIMIT_REQUEST_FIELD_SIZE:,} bytes)."),
    ((errors.InvalidResponseHeader, errors.InvalidResponseHeaderName, errors.ConfigurationProblem),
     *SERVER_FAULT),
    (errors.ExpectationFailed, 417, "Expectation Failed", "Only 'Expect: 100-continue' is understood."),
    (errors.UnsupportedTransferCoding, 501, "Not Implemented", "That transfer coding is not supported."),
    (errors.ParseException, 400, "Bad Request", "The request is not valid HTTP."),
)  # fmt: skip


def answer(exc: BaseException) -> tuple[int, str, str]:
    """(status, reason, message) for an error gunicorn met outside the app."""
    for kind, status, reason, message in ANSWERS:
        if isinstance(exc, kind):
            return status, reason, message
    return SERVER_FAULT


def response(status: int, reason: str, message: str) -> bytes:
    body = json.dumps({"error": message, "status": status}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n")  # fmt: skip
    return head.encode("latin-1") + body


class JsonRefusals:
    """Mixed into a gunicorn worker class: its own error answers are the API's JSON."""

    def handle_error(self, req, client, addr, exc):
        status, reason, message = answer(exc)
        if status >= 500:
            self.log.error("error outside the app: %s", type(exc).__name__, exc_info=exc)
        else:
            self.log.warning("refused a request: %s %s", status, reason)
        try:
            util.write_nonblock(client, response(status, reason, message))
        except OSError:  # the client has gone: nothing to tell it
            self.log.debug("could not send the %s answer", status)


def worker_class(name: str) -> type:
    """gunicorn's worker class ``name`` (gevent, gthread, sync) answering in JSON."""
    from gunicorn.workers import SUPPORTED_WORKERS

    base = util.load_class(SUPPORTED_WORKERS[name])
    return type(f"Json{base.__name__}", (JsonRefusals, base), {})
