"""Database-backed roster invariants (issue 8), so that even a bug in a service cannot break them.

- One assignment per officer per shift: already the unique constraint `assignment_unique`.
- No overfilled place: a PostgreSQL constraint trigger on `roster_assignment` refuses a row
  that makes the number of assignments of a shift in a skill exceed the shift's demand for
  that skill (`demand` JSON, missing skill = 0). It is DEFERRABLE INITIALLY DEFERRED: checked
  at commit, so a service may remove and add places in any order within one transaction
  (`_replace_roster`). It locks the shift row (FOR NO KEY UPDATE) before counting, so two
  transactions filling the last place concurrently are serialised and the second fails.
  It runs on INSERT and on an UPDATE that moves a row to another shift or skill; a swap
  (officer changes) is not re-checked, so lowering a shift's demand later blocks nothing.
  Violation: SQLSTATE 23514 (check_violation), which Django raises as IntegrityError.
- Roster audit events are never updated: a trigger refuses any UPDATE of
  `roster_rosterauditevent` other than the `actor` becoming NULL (ON DELETE SET NULL of an
  erased officer). Deletes stay possible: a period's deletion cascades, retention may purge.

SQLite (the embedded default) gets no triggers: the services' checks still apply there.
"""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION roster_assignment_no_overfill() RETURNS trigger AS $$
DECLARE
    skill_code text;
    needed integer;
    filled integer;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.shift_id = OLD.shift_id AND NEW.skill_id = OLD.skill_id THEN
        RETURN NULL;
    END IF;
    -- the row may have been deleted again before commit: nothing to check then
    IF NOT EXISTS (SELECT 1 FROM roster_assignment WHERE id = NEW.id) THEN
        RETURN NULL;
    END IF;
    SELECT s.code INTO skill_code FROM organisation_skill s WHERE s.id = NEW.skill_id;
    SELECT COALESCE((sh.demand ->> skill_code)::integer, 0) INTO needed
        FROM roster_shift sh WHERE sh.id = NEW.shift_id FOR NO KEY UPDATE;
    SELECT count(*) INTO filled FROM roster_assignment a
        WHERE a.shift_id = NEW.shift_id AND a.skill_id = NEW.skill_id;
    IF filled > needed THEN
        RAISE EXCEPTION 'shift % is overfilled in skill %: % assigned, demand %',
            NEW.shift_id, skill_code, filled, needed
            USING ERRCODE = 'check_violation', CONSTRAINT = 'assignment_no_overfill';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER assignment_no_overfill
    AFTER INSERT OR UPDATE OF shift_id, skill_id ON roster_assignment
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION roster_assignment_no_overfill();

CREATE OR REPLACE FUNCTION roster_audit_immutable() RETURNS trigger AS $$
BEGIN
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND NEW.period_id = OLD.period_id AND NEW.action = OLD.action
       AND NEW.from_phase = OLD.from_phase AND NEW.to_phase = OLD.to_phase
       AND NEW.payload::text = OLD.payload::text AND NEW.created_at = OLD.created_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'roster audit events are immutable'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roster_audit_immutable
    BEFORE UPDATE ON roster_rosterauditevent
    FOR EACH ROW EXECUTE FUNCTION roster_audit_immutable();
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS roster_audit_immutable ON roster_rosterauditevent;
DROP FUNCTION IF EXISTS roster_audit_immutable();
DROP TRIGGER IF EXISTS assignment_no_overfill ON roster_assignment;
DROP FUNCTION IF EXISTS roster_assignment_no_overfill();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # no parameters: the `%` of RAISE formats are literal, several statements allowed
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("roster", "0005_fair_award_claims_repair"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
