"""Check that every translatable text of the product has a Dutch translation.

Extracts the message ids the way `manage.py makemessages` does (xgettext with Django's
keywords over the apps' Python files; the templates through Django's `templatize`) and
compares them with the Dutch catalogues (`locale/nl` and every app's own `locale/nl`, which
Django merges at run time). Fails when a message id is missing, untranslated or fuzzy, and
when a catalogue holds an untranslated or fuzzy entry of its own.

    .venv/bin/python scripts/check_messages.py        # lists the problems, exit 1 if any
    .venv/bin/python scripts/check_messages.py --add  # also appends the missing ids to
                                                      # locale/nl/.../django.po, untranslated

Needs GNU gettext's xgettext and msgfmt (as `makemessages`/`compilemessages` do).
Also checks with `msgfmt --check-format` that each translation keeps its placeholders.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "common",
    "config",
    "organisation",
    "notifications",
    "requests_desk",
    "roster",
    "approvals",
    "console",
    "demo",
)
MAIN_CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
KEYWORDS = (
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
)


def _sources() -> Iterator[Path]:
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _templates() -> Iterator[Path]:
    for app in APPS:
        yield from sorted((ROOT / app).rglob("templates/**/*.html"))


def catalogues() -> list[Path]:
    """The Dutch catalogues Django merges: the project's and each app's own."""
    found = [MAIN_CATALOGUE]
    for app in APPS:
        po = ROOT / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        if po.exists():
            found.append(po)
    return found


def extract(out: Path) -> None:
    """Write the product's message ids to the template catalogue `out`."""
    import django
    from django.utils.translation import templatize

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "check-messages-only")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        files = [str(p.relative_to(ROOT)) for p in _sources()]
        for template in _templates():
            target = Path(tmp) / (str(template.relative_to(ROOT)).replace("/", "__") + ".py")
            source = template.read_text(encoding="utf-8")
            target.write_text(templatize(source, origin=str(template)))
            files.append(str(target))
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(files) + "\n")
        subprocess.run(  # noqa: S603 - fixed arguments, our own file names
            [  # noqa: S607 - gettext's tools are found on PATH, as makemessages finds them
                "xgettext",
                "--language=Python",
                "--from-code=UTF-8",
                "--no-location",
                "--no-wrap",
                *KEYWORDS,
                f"--files-from={listing}",
                f"--output={out}",
            ],
            cwd=ROOT,
            check=True,
        )


@dataclass
class Entry:
    """One catalogue entry: context, id (and plural id), translations, fuzzy flag."""

    ctxt: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.ctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))  # a C-style quoted string, as Python reads it


def parse(text: str) -> list[Entry]:
    """The entries of a .po/.pot text (the header entry, msgid "", left out)."""
    entries: list[Entry] = []
    current = Entry()
    field_name: str | None = None

    def flush() -> None:
        nonlocal current, field_name
        if current.msgid and not current.obsolete:
            entries.append(current)
        current, field_name = Entry(), None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#,"):
            current.fuzzy = current.fuzzy or "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _unquote(line)
            if field_name == "msgctxt":
                current.ctxt = (current.ctxt or "") + value
            elif field_name == "msgid":
                current.msgid += value
            elif field_name == "msgid_plural":
                current.plural = (current.plural or "") + value
            elif field_name is not None:
                current.msgstr[-1] += value
            continue
        name, _, value = line.partition(" ")
        if name in ("msgctxt", "msgid") and field_name not in (None, "msgctxt"):
            flush()  # a new entry without a blank line before it
        field_name = name
        if name == "msgctxt":
            current.ctxt = _unquote(value)
        elif name == "msgid":
            current.msgid = _unquote(value)
        elif name == "msgid_plural":
            current.plural = _unquote(value)
        elif name.startswith("msgstr"):
            current.msgstr.append(_unquote(value))
    flush()
    return entries


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _po_entry(entry: Entry) -> str:
    lines = []
    if "%(" in entry.msgid or "%s" in entry.msgid or "%d" in entry.msgid:
        lines.append("#, python-format")
    if entry.ctxt is not None:
        lines.append(f"msgctxt {_quoted(entry.ctxt)}")
    lines.append(f"msgid {_quoted(entry.msgid)}")
    if entry.plural is not None:
        lines += [f"msgid_plural {_quoted(entry.plural)}", 'msgstr[0] ""', 'msgstr[1] ""']
    else:
        lines.append('msgstr ""')
    return "\n".join(lines) + "\n"


def problems(add: bool = False) -> list[str]:
    """Every message id without a Dutch translation, and every catalogue entry that is
    untranslated or fuzzy; with `add`, missing ids are appended to the main catalogue."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "product.pot"
        extract(pot)
        wanted = parse(pot.read_text(encoding="utf-8"))
    known: dict[tuple[str | None, str], Entry] = {}
    for po in catalogues():
        for entry in parse(po.read_text(encoding="utf-8")):
            if not entry.translated:
                state = "fuzzy" if entry.fuzzy else "untranslated"
                found.append(f"{po.relative_to(ROOT)}: {state}: {entry.msgid!r}")
            known.setdefault(entry.key, entry)
        checked = subprocess.run(  # noqa: S603 - fixed arguments, our own file
            ["msgfmt", "--check-format", "-o", os.devnull, str(po)],  # noqa: S607
            capture_output=True,
            text=True,
        )
        if checked.returncode != 0:
            found.append(f"{po.relative_to(ROOT)}: {checked.stderr.strip()}")
    missing = [e for e in wanted if e.key not in known]
    found += [f"no Dutch translation: {e.msgid!r}" for e in missing]
    if add and missing:
        with MAIN_CATALOGUE.open("a", encoding="utf-8") as fh:
            for entry in missing:
                fh.write("\n" + _po_entry(entry))
    return found


def main() -> int:
    found = problems(add="--add" in sys.argv[1:])
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
