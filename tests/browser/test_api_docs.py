"""The interactive API docs run from the portal's own files: the machines have no internet."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_the_schema_without_leaving_the_portal(page):
    outside, failed = [], []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(page.base_url) else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(page.base_url + "/api/docs/")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=20000)
    assert "API Cổng dịch vụ công" in title.inner_text()
    assert page.locator(".opblock-tag").count() > 3  # the apps' endpoint groups are listed
    assert outside == [] and failed == []
