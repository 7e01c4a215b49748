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
    # every form counts: an empty plural form would show the Vietnamese msgid. Only Django's own English
    # strings (quoted by a test) may stay empty: Django's English catalog answers for them.
    empty = [
        e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"]) and not e["msgid"].isascii()
    ]
    assert not empty, f"no English for: {empty}"


def test_multi_line_texts_are_translated_whole():
    """translations.tsv writes a line break as \\n; the e-mail bodies arrive with their lines."""
    entries = {e["msgid"]: e["msgstr"][0] for e in read_po(PO)}
    body = next(text for source, text in entries.items() if source.startswith("Xin chào %(name)s,\n"))
    assert body.startswith("Hello %(name)s,\n\n") and "\n%(link)s\n" in body
