"""Every translatable text of the product has a Dutch translation (scripts/check_messages.py),
and a stored message renders in the reader's language (common.i18n)."""

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from common.i18n import Day, Joined, msg, msg_from_json, render

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import check_messages

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext is not installed",
)


@needs_gettext
def test_every_product_text_has_a_dutch_translation_none_fuzzy() -> None:
    assert check_messages.problems() == []


def test_the_catalogue_parser_sees_untranslated_fuzzy_and_missing_entries() -> None:
    entries = check_messages.parse(
        'msgid ""\nmsgstr "Content-Type: text/plain\\n"\n\n'
        'msgid "Done"\nmsgstr "Klaar"\n\n'
        'msgid "Open"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Closed"\nmsgstr "Dicht"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mei"\n\n'
        'msgid "one day"\nmsgid_plural "%(n)d days"\nmsgstr[0] "een dag"\nmsgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Oud"\n'
    )
    assert {e.key: e.translated for e in entries} == {
        (None, "Done"): True,
        (None, "Open"): False,
        (None, "Closed"): False,
        ("month", "May"): True,
        (None, "one day"): False,
    }


def test_a_stored_message_renders_in_each_readers_language() -> None:
    # given: a message with a nested message, a lazy label, a day and a list, stored as JSON
    stored = msg(
        gettext_noop("%(ref)s: %(state)s"),
        ref=msg(gettext_noop("Request #%(id)s"), id=7),
        state=gettext_lazy("Approved"),
    ).to_json()
    day = msg(gettext_noop("Back from: %(date)s."), date=Day(dt.date(2026, 3, 29), "DATE_FORMAT"))
    # when / then: each reader reads his language, whatever is active
    with translation.override("en"):
        assert render(stored, "nl") == "Aanvraag #7: Goedgekeurd"
        assert render(day.to_json(), "nl") == "Weer aan het werk vanaf: 29 maart 2026."
    with translation.override("nl"):
        assert render(stored, "en") == "Request #7: Approved"
        assert render(day.to_json(), "en") == "Back from: March 29, 2026."
        assert render(stored) == "Aanvraag #7: Goedgekeurd"
    assert msg_from_json(stored).to_json() == stored


def test_joined_texts_and_plain_texts_render_as_they_are() -> None:
    joined = Joined((msg(gettext_noop("Open shift claimed")), "x"), "; ").to_json()
    assert _nl("Open shift claimed") != "Open shift claimed"
    assert render(joined, "nl") == _nl("Open shift claimed") + "; x"
    assert render(joined, "en") == "Open shift claimed; x"
    assert render("already written", "en") == "already written"
    assert render(None, "nl") == ""


def _nl(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)
