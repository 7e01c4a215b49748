"""The staff menu: entries per permission, and the count of waiting work loaded into the menu."""

import re

import pytest
from django.urls import reverse

from egov.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_menu_and_desk_load_the_waiting_count_for_the_inbox(staff_client):
    client = staff_client(Role.CLERK)
    html = client.get(reverse("staff-home")).content.decode()
    menu = re.search(r'<nav class="main-nav staff-nav".*?</nav>', html, re.S).group(0)
    inbox = re.search(rf'<a href="{reverse("documents:inbox")}"[^>]*>(.*?)</a>', menu, re.S).group(1)
    assert "Văn bản chờ xử lý" in inbox
    assert f'hx-get="{reverse("documents:badge")}"' in inbox
    assert html.count(f'hx-get="{reverse("documents:badge")}"') == 2  # the menu and the desk tile
    fragment = client.get(reverse("documents:badge")).content.decode()
    assert re.fullmatch(r'<span class="badge">0</span>', fragment)


def test_entries_without_a_count_have_no_fragment(staff_client):
    client = staff_client(Role.SPECIALIST)
    html = client.get(reverse("staff-home")).content.decode()
    unit_link = re.search(rf'<a href="{reverse("directory:unit-list")}"[^>]*>(.*?)</a>', html, re.S)
    assert unit_link and "hx-get" not in unit_link.group(1)


def test_citizens_get_no_staff_menu(client, make_user):
    client.force_login(make_user(Role.CITIZEN))
    assert client.get(reverse("staff-home")).status_code in {302, 403}
