"""The citizens' home page: every tile leads somewhere real (the lookup tile is its form)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_tiles_lead_to_real_pages_and_the_lookup_tile_is_a_form(client):
    html = client.get("/").content.decode()
    grid = html[html.index('<div class="grid">') :]
    links = re.findall(r'<a class="tile"[^>]*href="([^"]+)"', grid)
    assert links == [reverse("services:catalogue"), reverse("services:drafts"), reverse("signing:verify")]
    for url in links:
        assert client.get(url).status_code in {200, 302}  # the drafts page asks a visitor to log in
    lookup = re.search(r'<div class="tile" id="tra-cuu">(.*?)</div>\s*<a', grid, re.S).group(1)
    assert "Sắp có" not in lookup
    form = re.search(r'<form[^>]*action="([^"]+)"[^>]*method="get"', lookup)
    assert form and form.group(1) == reverse("lookup:lookup") and 'name="ma"' in lookup
    assert client.get(reverse("lookup:lookup"), {"ma": "H25.20-260302-0001"}).status_code == 302
