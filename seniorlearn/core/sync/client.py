"""The county's Learning Record Store over HTTP (httpx, TLS verified), in the few answers
the sync needs. No password, header or body ever goes into a message or a log line."""

from __future__ import annotations

import enum
import json
import logging
import ssl
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)

UNTRUSTED = "certificate not trusted"
CA_UNREADABLE = "county CA file unreadable"  # the answer's detail is this, ": ", the path
VERSION_HEADER = {"X-Experience-API-Version": "1.0.3"}


class Kind(enum.Enum):
    SENT = "sent"
    CONFLICT = "conflict"        # 409: some id is there already
    BAD = "bad"                  # 400: the LRS refused the content
    AUTH = "auth"                # 401/403: wrong user or password
    RETRY = "retry"              # 5xx, timeouts, resets, no network


@dataclass(frozen=True)
class Answer:
    kind: Kind
    status: int | None
    detail: str  # the LRS's words or the network error's, for a person and the log


class LrsClient:
    def __init__(self, endpoint: str, username: str, password: str, ca_file: str = "",
                 timeout_s: float = 20.0) -> None:
        base = endpoint.rstrip("/")
        self.statements_url = base if base.endswith("/statements") else base + "/statements"
        # With a county's private CA set, that CA is the one trusted. A CA file that is gone
        # or is no certificate sends nothing (falling back to the system's authorities would
        # hide the mistake until the county's certificate changes): every answer says so.
        verify: bool | ssl.SSLContext = True
        self._refused: Answer | None = None
        if ca_file:
            try:
                verify = ssl.create_default_context(cafile=ca_file)
            except (OSError, ssl.SSLError, ValueError) as exc:
                log.warning("lrs.ca_file %s cannot be used: %s", ca_file, exc)
                self._refused = Answer(Kind.RETRY, None, f"{CA_UNREADABLE}: {ca_file}")
        self._http = httpx.Client(auth=(username, password), verify=verify,
                                  timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10)),
                                  headers=VERSION_HEADER)

    def close(self) -> None:
        self._http.close()

    def post(self, statements: list[dict], encoded: list[bytes] | None = None) -> Answer:
        """POST a batch; ``encoded`` (each statement's JSON, already made) saves encoding
        them again."""
        pieces = encoded if encoded is not None else [
            json.dumps(s, ensure_ascii=False).encode() for s in statements]
        data = b"[" + b",".join(pieces) + b"]"
        if self._refused is not None:
            return self._refused
        try:
            response = self._http.post(self.statements_url, content=data,
                                       headers={"Content-Type": "application/json"})
        except httpx.HTTPError as exc:
            return Answer(Kind.RETRY, None, _network_words(exc))
        return _answer(response)

    def get(self, statement_id: str) -> dict | None:
        """What the LRS holds under ``statement_id``; None when it holds nothing. Network
        trouble raises httpx.HTTPError (the caller retries later)."""
        response = self._http.get(self.statements_url, params={"statementId": statement_id})
        if response.status_code == 404:
            return None
        response.raise_for_status()
        body = response.json()
        if isinstance(body, dict) and "statements" in body:  # Ralph: 200 and an empty list
            found = body["statements"]
            return found[0] if found else None
        return body if isinstance(body, dict) and body.get("id") == statement_id else None

    def probe(self) -> Answer:
        """A cheap look: can the LRS be reached, and does it take our user and password?"""
        if self._refused is not None:
            return self._refused
        try:
            response = self._http.get(self.statements_url, params={"limit": 1})
        except httpx.HTTPError as exc:
            return Answer(Kind.RETRY, None, _network_words(exc))
        return _answer(response)

    def every_statement(self) -> list[dict]:
        """Everything the LRS holds (following ``more``): for tests and the export check."""
        found: list[dict] = []
        url: str | None = self.statements_url
        params: dict | None = {"limit": 500}
        while url:
            response = self._http.get(url, params=params)
            response.raise_for_status()
            body = response.json()
            found += body.get("statements", [])
            more = body.get("more") or ""
            url = str(httpx.URL(self.statements_url).join(more)) if more else None
            params = None
        return found


def _answer(response: httpx.Response) -> Answer:
    status = response.status_code
    detail = response.text[:500]
    if status in (200, 204):
        return Answer(Kind.SENT, status, "")
    if status == 409:
        return Answer(Kind.CONFLICT, status, detail)
    if status in (401, 403):
        return Answer(Kind.AUTH, status, detail)
    if status in (400, 413, 422):
        return Answer(Kind.BAD, status, detail)
    return Answer(Kind.RETRY, status, detail)


def _network_words(exc: httpx.HTTPError) -> str:
    """The kind of failure, never the request (whose headers carry the password)."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return UNTRUSTED
    return f"{type(exc).__name__}: {cause or exc}"[:300]
