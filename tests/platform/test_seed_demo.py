"""seed_demo: refuses production, and keeps the demo's notifications off the console."""

import io

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command

from egov.accounts import demo


def test_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_mail_is_not_sent_and_accounts_are_printed(settings, monkeypatch):
    settings.DEBUG = True
    real_seed = demo.seed

    def seed_that_mails(stdout):
        real_seed(stdout)
        mail.send_mail("Thông báo thử", "nội dung", None, ["lanhdao@example.vn"])

    monkeypatch.setattr(apps, "get_app_configs", lambda: [apps.get_app_config("accounts")])
    monkeypatch.setattr(demo, "seed", seed_that_mails)
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert mail.outbox == []
    assert "Demo@2026" in out.getvalue() and "lanhdao" in out.getvalue()
    mail.send_mail("Sau khi nạp", "nội dung", None, ["lanhdao@example.vn"])
    assert len(mail.outbox) == 1  # the test's own mailer is back once seeding is over
