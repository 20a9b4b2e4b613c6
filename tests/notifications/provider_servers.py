"""Local servers that speak the push providers' protocols, on 127.0.0.1, for the push tests.

- `FcmServer` (HTTP/1.1): Google's OAuth2 token endpoint for a service account (checks the
  JWT-bearer grant's assertion against the key's public half) and the FCM HTTP v1
  `messages:send` API (checks the bearer it issued), answering with FCM's real error shapes.
- `ApnsServer` (HTTP/2 over TLS with ALPN `h2`, built on `h2`): `POST /3/device/<token>`,
  checks the ES256 provider token, answers with Apple's status codes, `apns-id` and reason
  JSON.

Each records every request it received; `answers[token]` queues the answers for one device
token (status, JSON body, extra headers); without one a request is delivered (200).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import secrets
import socket
import ssl
import threading
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import h2.config
import h2.connection
import h2.events
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"

Answer = tuple[int, dict[str, Any] | None, dict[str, str]]

# --- FCM's error bodies (https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode) --
_FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"


def _fcm_error(code: int, status: str, message: str, error_code: str) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": message,
            "status": status,
            "details": [{"@type": _FCM_ERROR, "errorCode": error_code}],
        }
    }


FCM_UNREGISTERED: Answer = (
    404,
    _fcm_error(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED"),
    {},
)
FCM_INVALID_TOKEN: Answer = (
    400,
    _fcm_error(
        400,
        "INVALID_ARGUMENT",
        "The registration token is not a valid FCM registration token",
        "INVALID_ARGUMENT",
    ),
    {},
)
FCM_BAD_MESSAGE: Answer = (
    400,
    {
        "error": {
            "code": 400,
            "message": "Invalid value at 'message.android.ttl' (type.googleapis.com/"
            "google.protobuf.Duration), Field 'ttl', Illegal duration format",
            "status": "INVALID_ARGUMENT",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [
                        {
                            "field": "message.android.ttl",
                            "description": "Illegal duration format",
                        }
                    ],
                }
            ],
        }
    },
    {},
)
FCM_SENDER_ID_MISMATCH: Answer = (
    403,
    _fcm_error(403, "PERMISSION_DENIED", "SenderId mismatch", "SENDER_ID_MISMATCH"),
    {},
)
FCM_UNAVAILABLE: Answer = (
    503,
    _fcm_error(503, "UNAVAILABLE", "The service is currently unavailable.", "UNAVAILABLE"),
    {},
)
FCM_QUOTA_EXCEEDED: Answer = (
    429,
    _fcm_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric", "QUOTA_EXCEEDED"),
    {"Retry-After": "90"},
)
FCM_UNAUTHENTICATED: Answer = (
    401,
    {
        "error": {
            "code": 401,
            "message": "Request had invalid authentication credentials.",
            "status": "UNAUTHENTICATED",
        }
    },
    {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
)

# --- APNs' answers (Apple: "Handling notification responses from APNs") -------------------
APNS_UNREGISTERED: Answer = (410, {"reason": "Unregistered", "timestamp": 1767225600000}, {})
APNS_BAD_DEVICE_TOKEN: Answer = (400, {"reason": "BadDeviceToken"}, {})
APNS_NOT_FOR_TOPIC: Answer = (400, {"reason": "DeviceTokenNotForTopic"}, {})
APNS_EXPIRED_PROVIDER_TOKEN: Answer = (403, {"reason": "ExpiredProviderToken"}, {})
APNS_TOO_MANY_REQUESTS: Answer = (429, {"reason": "TooManyRequests"}, {})
APNS_UNAVAILABLE: Answer = (503, {"reason": "ServiceUnavailable"}, {})


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class _Recorder:
    received: list[Received] = field(default_factory=list)
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer_for(self, token: str) -> Answer | None:
        with self.lock:
            queue = self.answers.get(token) or []
            return queue.pop(0) if queue else None


# --- FCM ----------------------------------------------------------------------------------


class FcmServer(_Recorder):
    """OAuth2 token endpoint + FCM HTTP v1, on 127.0.0.1 (HTTP/1.1)."""

    project = "samen-test"
    client_email = "push@samen-test.iam.gserviceaccount.com"

    def __init__(self) -> None:
        super().__init__()
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.grants: list[dict[str, Any]] = []  # the verified assertions' claims
        self.access_tokens: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path == "/token":
                    server._token(self, raw)
                elif self.path == f"/v1/projects/{server.project}/messages:send":
                    server._send(self, raw)
                else:
                    server._reply(self, 404, {"error": {"code": 404, "status": "NOT_FOUND"}})

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.token_uri = f"{self.url}/token"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FcmServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def write_key_file(self, path: Path) -> Path:
        """The service-account key file as Firebase hands it out, its token_uri this server."""
        pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        path.write_text(
            json.dumps(
                {
                    "type": "service_account",
                    "project_id": self.project,
                    "private_key_id": "local-key-1",
                    "private_key": pem,
                    "client_email": self.client_email,
                    "client_id": "100000000000000000001",
                    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                    "token_uri": self.token_uri,
                }
            )
        )
        return path

    @property
    def sends(self) -> list[Received]:
        return list(self.received)

    def _reply(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: dict[str, Any] | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(body or {}).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _token(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        form = urllib.parse.parse_qs(raw.decode())
        grant = form.get("grant_type", [""])[0]
        assertion = form.get("assertion", [""])[0]
        if grant != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            self._reply(handler, 400, {"error": "unsupported_grant_type"})
            return
        try:
            claims = jwt.decode(
                assertion,
                self.key.public_key(),
                algorithms=["RS256"],
                # google-auth addresses the grant to Google's token endpoint, wherever it sends it
                audience=GOOGLE_TOKEN_AUDIENCE,
                issuer=self.client_email,
            )
        except jwt.InvalidTokenError:
            self._reply(handler, 400, {"error": "invalid_grant", "error_description": "bad"})
            return
        token = f"ya29.local-{secrets.token_urlsafe(24)}"
        with self.lock:
            self.grants.append(claims)
            self.access_tokens.append(token)
        self._reply(
            handler, 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}
        )

    def _send(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        auth = handler.headers.get("Authorization", "")
        with self.lock:
            valid = auth.startswith("Bearer ") and auth[7:] in self.access_tokens
        if not valid:
            status, body, headers = FCM_UNAUTHENTICATED
            self._reply(handler, status, body, headers)
            return
        body_in = json.loads(raw)
        with self.lock:
            self.received.append(
                Received("POST", handler.path, dict(handler.headers.items()), body_in)
            )
        answer = self.answer_for(body_in["message"]["token"])
        if answer is None:
            self._reply(
                handler, 200, {"name": f"projects/{self.project}/messages/0:{uuid.uuid4().hex}"}
            )
        else:
            self._reply(handler, *answer)


# --- APNs ---------------------------------------------------------------------------------


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1/localhost, its own CA, and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "apns-local.crt", directory / "apns-local.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class ApnsServer(_Recorder):
    """APNs' provider API on 127.0.0.1: HTTP/2 over TLS (ALPN h2 only)."""

    key_id = "LOCALKEY01"
    team_id = "LOCALTEAM1"

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.signing_key = ec.generate_private_key(ec.SECP256R1())  # the team's .p8 key
        self.cert_file, key_file = self_signed_certificate(directory)
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(self.cert_file, key_file)
        self._tls.set_alpn_protocols(["h2"])
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.url = f"https://127.0.0.1:{self._listener.getsockname()[1]}"
        self.provider_tokens: list[dict[str, Any]] = []  # verified JWT headers + claims
        self.protocols: list[str | None] = []  # the ALPN protocol of each connection
        self.expired_tokens: set[str] = set()  # provider tokens to answer ExpiredProviderToken
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def start(self) -> ApnsServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def write_p8(self, path: Path) -> Path:
        path.write_bytes(
            self.signing_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return path

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                raw, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._connection, args=(raw,), daemon=True).start()

    def _connection(self, raw: socket.socket) -> None:
        try:
            sock = self._tls.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        self.protocols.append(sock.selected_alpn_protocol())
        conn = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        )
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        sock.settimeout(0.2)
        streams: dict[int, tuple[dict[str, str], bytearray]] = {}
        with sock:
            while not self._stopped.is_set():
                try:
                    data = sock.recv(65535)
                except TimeoutError:
                    continue
                except (ssl.SSLError, OSError):
                    return
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        streams[event.stream_id] = (dict(event.headers), bytearray())
                    elif isinstance(event, h2.events.DataReceived):
                        streams[event.stream_id][1].extend(event.data)
                        conn.acknowledge_received_data(
                            event.flow_controlled_length, event.stream_id
                        )
                    elif isinstance(event, h2.events.StreamEnded):
                        headers, body = streams.pop(event.stream_id)
                        self._respond(conn, event.stream_id, headers, bytes(body))
                    elif isinstance(event, h2.events.ConnectionTerminated):
                        sock.sendall(conn.data_to_send())
                        return
                out = conn.data_to_send()
                if out:
                    sock.sendall(out)

    def _check_provider_token(self, authorization: str) -> str | None:
        """None if the bearer is a valid provider token, else APNs' reason."""
        if not authorization.startswith("bearer "):
            return "MissingProviderToken"
        token = authorization[7:]
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(
                token,
                self.signing_key.public_key(),
                algorithms=["ES256"],
                options={"require": ["iss", "iat"]},
            )
        except jwt.InvalidTokenError:
            return "InvalidProviderToken"
        if header.get("kid") != self.key_id or claims.get("iss") != self.team_id:
            return "InvalidProviderToken"
        if token in self.expired_tokens:
            return "ExpiredProviderToken"
        with self.lock:
            self.provider_tokens.append({"header": header, "claims": claims})
        return None

    def _respond(
        self, conn: h2.connection.H2Connection, stream_id: int, headers: dict[str, str], raw: bytes
    ) -> None:
        path = headers.get(":path", "")
        device_token = path.removeprefix("/3/device/")
        answer: Answer | None
        problem = self._check_provider_token(headers.get("authorization", ""))
        if headers.get(":method") != "POST" or not path.startswith("/3/device/"):
            answer = (405 if headers.get(":method") != "POST" else 404, {"reason": "BadPath"}, {})
        elif problem is not None:
            answer = (403, {"reason": problem}, {})
        else:
            with self.lock:
                self.received.append(
                    Received("POST", path, headers, json.loads(raw) if raw else {})
                )
            answer = self.answer_for(device_token)
        apns_id = str(uuid.uuid4()).upper()
        if answer is None:
            conn.send_headers(
                stream_id, [(":status", "200"), ("apns-id", apns_id)], end_stream=True
            )
            return
        status, body, extra = answer
        data = json.dumps(body or {}).encode()
        conn.send_headers(
            stream_id,
            [
                (":status", str(status)),
                ("apns-id", apns_id),
                ("content-type", "application/json"),
                ("content-length", str(len(data))),
                *((k.lower(), v) for k, v in extra.items()),
            ],
        )
        conn.send_data(stream_id, data, end_stream=True)
