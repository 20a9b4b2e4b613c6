"""Start the test identity provider: `python -m tests.oidc_provider.serve` from the repository.

Reads its users (OIDC_PROVIDER_USERS: {username: {"password", "employee_number", "expired"}})
and its registered clients (OIDC_PROVIDER_CLIENTS: [{"client_id", "client_secret",
"redirect_uris", "public"}]) from the environment, creates its tables, binds a free port on
127.0.0.1 and prints `READY <base url>` once it serves. It runs until it is terminated or
its stdin closes (the test run that started it ended)."""

from __future__ import annotations

import json
import os
import sys
import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _exit_with_parent() -> None:
    """Stop when the test run does, even one that was killed: its end of stdin closes."""
    sys.stdin.read()
    os._exit(0)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", run_syncdb=True, verbosity=0)
    for username, entry in settings.DIRECTORY.items():
        User.objects.create_user(username=username, password=str(entry["password"]))
    for client in json.loads(os.environ.get("OIDC_PROVIDER_CLIENTS", "[]")):
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client.get("client_secret") or "",
            client_type=(
                Application.CLIENT_PUBLIC
                if client.get("public")
                else Application.CLIENT_CONFIDENTIAL
            ),
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    print(f"READY http://127.0.0.1:{server.server_port}", flush=True)
    sys.stdout.close()  # nothing more: the fixture stops reading here
    server.serve_forever()


if __name__ == "__main__":
    main()
