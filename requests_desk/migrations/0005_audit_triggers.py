"""The desk's audit rows are immutable in the database too (issue #16, finding 10), like the
roster's audit events (roster 0006) and the API audit records (common 0003).

- `requests_desk_requestevent`: a trigger refuses any UPDATE other than the `actor` becoming
  NULL (ON DELETE SET NULL of an erased officer) with every other column unchanged.
- `requests_desk_privacyreadlog`: its reader is ON DELETE CASCADE (the row goes with the
  officer), so no UPDATE is ever allowed.
Deletes stay possible, as for the roster's trail: a request's deletion at the end of its
retention cascades to its events and read logs.

SQLite (the embedded default) gets no triggers: the models' `save()` guards still apply there.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION requests_desk_event_immutable() RETURNS trigger AS $$
BEGIN
    -- the only change allowed: the actor erased (ON DELETE SET NULL)
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (NEW.request_id, NEW.action, NEW.from_state, NEW.to_state, NEW.comment,
            NEW.created_at)
           = (OLD.request_id, OLD.action, OLD.from_state, OLD.to_state, OLD.comment,
              OLD.created_at) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'request events are immutable'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER requests_desk_event_immutable BEFORE UPDATE ON requests_desk_requestevent
    FOR EACH ROW EXECUTE FUNCTION requests_desk_event_immutable();

CREATE OR REPLACE FUNCTION requests_desk_read_log_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'privacy read logs are immutable'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER requests_desk_read_log_immutable BEFORE UPDATE ON requests_desk_privacyreadlog
    FOR EACH ROW EXECUTE FUNCTION requests_desk_read_log_immutable();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS requests_desk_read_log_immutable ON requests_desk_privacyreadlog;
DROP FUNCTION IF EXISTS requests_desk_read_log_immutable();
DROP TRIGGER IF EXISTS requests_desk_event_immutable ON requests_desk_requestevent;
DROP FUNCTION IF EXISTS requests_desk_event_immutable();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("requests_desk", "0004_move_notifications_out"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
