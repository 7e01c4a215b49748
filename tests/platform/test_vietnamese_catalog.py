"""Django's and Django REST framework's own strings read in Vietnamese: locale/vi/LC_MESSAGES/django.po
(and djangojs.po for the admin's scripts) fill the gaps that Django's vi catalogs leave (msgids Django 6.x
added or reworded) and that DRF's vi catalog leaves (most of its msgids: the API's 400 reasons), and
LOCALE_PATHS puts them ahead of the libraries' own.

These tests read the compiled .mo files; pytest does not compile them (`make test` does, through
`make bootstrap`)."""

import gettext
import re
from functools import cache
from pathlib import Path

import django
import pytest
import rest_framework
from django import forms
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import fields
from django.utils import translation

from egov.accounts.roles import Role
from tests.platform.po import read_mo, read_po

DJANGO_DIR = Path(django.__file__).parent
DRF_DIR = Path(rest_framework.__file__).parent
# (library, catalog, gettext domain); an entry of our django.po names them as "# Django catalog: conf"
CATALOGS = [
    ("Django", "conf", "django"),
    ("Django", "contrib/admin", "django"),
    ("Django", "contrib/auth", "django"),
    ("Django", "contrib/contenttypes", "django"),
    ("Django", "contrib/admin", "djangojs"),
    ("DRF", "rest_framework", "django"),
]
DOMAINS = sorted({domain for _, _, domain in CATALOGS})


def locale_dir(library, catalog):
    """Django's catalogs sit in django/<catalog>/locale, DRF's one in rest_framework/locale."""
    return DJANGO_DIR / catalog / "locale" if library == "Django" else DRF_DIR / "locale"


def our_po(domain):
    return Path(settings.BASE_DIR) / f"locale/vi/LC_MESSAGES/{domain}.po"


COMPILE = "run `.venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules`"
# Written the same way in Vietnamese.
SAME_AS_ENGLISH = {", ", "…", "%(truncated_text)s…", "IPv4", "IPv6"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*(?::[^{}]*)?\}")  # {code_point:X} too


def key(entry):
    """The entry's key in a gettext.GNUTranslations catalog."""
    msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
    return (msgid, 0) if "msgid_plural" in entry else msgid


def load_mo(path):
    with path.open("rb") as f:
        return gettext.GNUTranslations(f)._catalog


@cache
def gaps(library, catalog, domain):
    """{key: entry} for the msgids of the library's catalog (its en catalog lists them) that its compiled
    vi catalog does not translate. DRF ships its catalogs compiled only: its msgids come from the en .mo."""
    locale = locale_dir(library, catalog)
    translated = load_mo(locale / f"vi/LC_MESSAGES/{domain}.mo")
    english = locale / f"en/LC_MESSAGES/{domain}.po"
    entries = read_po(english) if english.exists() else read_mo(english.with_suffix(".mo"))
    assert entries, english
    return {key(entry): entry for entry in entries if key(entry) not in translated}


@pytest.fixture(scope="module", autouse=True)
def our_catalogs():
    """{domain: our compiled catalog's {key: translation}}; fails (not skips) when one is missing or stale."""
    catalogs = {}
    for domain in DOMAINS:
        po, mo = our_po(domain), our_po(domain).with_suffix(".mo")
        if not mo.exists():
            pytest.fail(f"{mo.relative_to(settings.BASE_DIR)} is not compiled: {COMPILE}")
        compiled = load_mo(mo)
        compiled.pop("", None)
        written = {key(entry): entry["msgstr"][0] for entry in read_po(po)}
        if compiled != written:
            pytest.fail(f"{mo.relative_to(settings.BASE_DIR)} is out of date with its .po: {COMPILE}")
        catalogs[domain] = compiled
    return catalogs


# --- What a user sees --------------------------------------------------------------------------------
class LogEntryForm(forms.ModelForm):
    class Meta:
        model = LogEntry
        fields = ["action_flag"]  # a model field with choices and no default: a select with a blank choice


def test_the_empty_choice_of_a_select_is_vietnamese():
    with translation.override("vi"):
        html = str(LogEntryForm()["action_flag"])
        assert str(fields.BLANK_CHOICE_LABEL) == "- Chọn một mục -"
    assert '<option value="" selected>- Chọn một mục -</option>' in html


def test_the_password_length_error_is_vietnamese():
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        MinimumLengthValidator(8).validate("ngan")
    assert error.value.messages == ["Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự."]


@pytest.mark.parametrize("count", [1, 2])
def test_the_admins_please_correct_errors_is_vietnamese(count):
    with translation.override("vi"):
        text = translation.ngettext(
            "Please correct the error below.", "Please correct the errors below.", count
        )
    assert text == "Vui lòng sửa lỗi dưới đây."


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [
        ("hai", PageNotAnInteger, "Số trang không phải là số nguyên"),
        (0, EmptyPage, "Số trang nhỏ hơn 1"),
        (9, EmptyPage, "Trang này không có kết quả nào"),
    ],
)
def test_pagination_errors_are_vietnamese(number, error, message):
    with translation.override("vi"), pytest.raises(error) as raised:
        Paginator(range(10), 5).page(number)
    with translation.override("vi"):
        assert str(raised.value) == message


def test_the_admin_chrome_is_vietnamese(staff_client):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Chuyển đến nội dung chính" in html
    assert "Đổi giao diện (giao diện hiện tại: tự động)" in html
    assert "Skip to main content" not in html
    assert "Toggle theme" not in html


def test_the_admin_calendar_speaks_vietnamese(staff_client):
    client = staff_client(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True)
    script = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # the catalogue is JSON: non-ASCII letters come as \uXXXX escapes
    script = re.sub(r"\\u([0-9a-fA-F]{4})", lambda escape: chr(int(escape.group(1), 16)), script)
    assert '"Chủ nhật"' in script and '"Hôm nay (%(date)s)"' in script


def test_an_api_400_gives_drfs_reasons_in_vietnamese(staff_client):
    client = staff_client(Role.SPECIALIST)
    query = {"start": "2026-12-01", "end": "2026-12-31", "by": "xyz", "unit": "999999"}
    response = client.get("/api/v1/bao-cao/ho-so/", query, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert errors["by"] == ["Giá trị “xyz” không có trong danh sách."]
    assert "Trường này chỉ được có tối đa 5 ký tự." in errors["unit"]
    assert "not a valid choice" not in response.content.decode()
    assert "no more than" not in response.content.decode()


# --- The catalog as a whole ---------------------------------------------------------------------------
def shown_in_vietnamese(entry, library, catalog, domain):
    """What Django's translation machinery gives for the entry in Vietnamese: the `django` domain as
    pages and the API use it, `djangojs` as the admin's JavaScriptCatalog loads it (its package plus
    LOCALE_PATHS)."""
    if domain == "django":
        trans = translation.trans_real.translation("vi")
    else:
        trans = translation.trans_real.DjangoTranslation(
            "vi", domain=domain, localedirs=[str(locale_dir(library, catalog))]
        )
    english = entry["msgid"]
    if "msgid_plural" in entry:
        args = (english, entry["msgid_plural"], 1)
        return trans.npgettext(entry["msgctxt"], *args) if "msgctxt" in entry else trans.ngettext(*args)
    return trans.pgettext(entry["msgctxt"], english) if "msgctxt" in entry else trans.gettext(english)


@pytest.mark.parametrize(("library", "catalog", "domain"), CATALOGS)
def test_every_gap_in_the_librarys_vi_catalog_is_filled(library, catalog, domain, our_catalogs):
    missing = sorted(map(str, gaps(library, catalog, domain).keys() - our_catalogs[domain].keys()))
    assert not missing, (
        f"{library}'s {catalog} vi catalog leaves these untranslated and {domain}.po lacks them "
        f"(regenerate the list as its header says): {missing}"
    )


@pytest.mark.parametrize(("library", "catalog", "domain"), CATALOGS)
def test_filled_gaps_read_as_vietnamese(library, catalog, domain, our_catalogs):
    for k, entry in gaps(library, catalog, domain).items():
        english, ours = entry["msgid"], our_catalogs[domain].get(k, "")
        assert ours.strip(), k
        assert ours != english or english in SAME_AS_ENGLISH, f"untranslated: {english!r}"
        assert sorted(PLACEHOLDER.findall(ours)) == sorted(PLACEHOLDER.findall(english)), k
        # and Django's translation machinery picks ours over the libraries' own catalogs
        assert shown_in_vietnamese(entry, library, catalog, domain) == ours, k


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_fills_a_gap(domain, our_catalogs):
    all_gaps = set().union(*(gaps(*catalog).keys() for catalog in CATALOGS if catalog[2] == domain))
    extra = sorted(map(str, our_catalogs[domain].keys() - all_gaps))
    assert not extra, f"the libraries' vi catalogs translate these now; drop them from {domain}.po: {extra}"


NAMED = re.compile(r"(Django|DRF) catalog: (.+)")


def test_every_entry_names_the_catalogs_whose_gap_it_fills():
    """django.po's entries say where each comes from ("# Django catalog: contrib/admin, contrib/auth",
    "# DRF catalog: rest_framework"): exactly the catalogs that leave it untranslated."""
    wrong = []
    for entry in read_po(our_po("django")):
        named = {
            (match[1], catalog.strip())
            for line in entry["comments"]
            if (match := NAMED.fullmatch(line))
            for catalog in match[2].split(",")
        }
        filled = {
            (library, catalog)
            for library, catalog, domain in CATALOGS
            if domain == "django" and key(entry) in gaps(library, catalog, domain)
        }
        if named != filled:
            wrong.append((entry["msgid"], sorted(named), sorted(filled)))
    assert not wrong, wrong


@pytest.mark.parametrize("domain", DOMAINS)
def test_our_catalog_has_no_fuzzy_or_empty_entries(domain):
    entries = read_po(our_po(domain))
    assert entries
    assert not [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"])]
    header = our_po(domain).read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert "AGPL-3.0-or-later" in header
