"""The English catalog translates every string of the interface (Vietnamese is the source language):
after `makemessages -l en`, bin/translate-po fills it from locale/en/translations.tsv."""

from pathlib import Path

from django.conf import settings

from tests.platform.po import read_po

PO = Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"


def test_every_string_has_english_and_no_guess_is_left():
    entries = read_po(PO)
    assert len(entries) > 500
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"makemessages guessed these; add them to translations.tsv: {fuzzy}"
    # a plural left empty falls back to its English msgid_plural, which is right for English
    empty = [e["msgid"] for e in entries if "msgid_plural" not in e and not e["msgstr"][0].strip()]
    assert not empty, f"no English for: {empty}"
