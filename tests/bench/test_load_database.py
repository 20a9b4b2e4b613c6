"""`make bench-load` on a fresh machine: the load database is created when missing."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from bench.load.run import ensure_database

pytestmark = pytest.mark.postgres


def test_creates_the_missing_database_once() -> None:
    # given a database name the server does not know
    name = f"samen_load_test_{uuid.uuid4().hex[:12]}"
    url = make_conninfo(os.environ["DATABASE_URL"], dbname=name)
    admin = make_conninfo(os.environ["DATABASE_URL"], dbname="postgres")
    try:
        # when the bench ensures it twice
        first = ensure_database(url)
        second = ensure_database(url)
        # then the first call created it, the second found it, and it accepts connections
        assert (first, second) == (True, False)
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
