"""The citizens' home page: every tile leads somewhere real or says plainly that it is not open yet."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_tiles_lead_to_real_pages_and_the_lookup_says_it_is_not_open_yet(client):
    html = client.get("/").content.decode()
    grid = html[html.index('<div class="grid">') :]
    links = re.findall(r'<a class="tile"[^>]*href="([^"]+)"', grid)
    assert links == [reverse("services:catalogue"), reverse("services:drafts"), reverse("signing:verify")]
    for url in links:
        assert client.get(url).status_code in {200, 302}  # the drafts page asks a visitor to log in
    lookup = re.search(r'<div class="tile" id="tra-cuu">(.*?)</div>', grid, re.S).group(1)
    assert "Sắp có" in lookup and "href" not in lookup
