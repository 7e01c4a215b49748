"""Exports through the pages: a job is asked for, runs (eagerly here, in Celery when deployed), its page
shows the progress and then the download; only its owner reaches it; bad input is refused."""

# ruff: noqa: F811
import io

import pytest
from openpyxl import load_workbook

from reporting import stats
from reporting.exports import services
from reporting.exports.models import ExportJob, ExportStatus
from reporting.exports.params import ReportParams
from tests.onestop.conftest import world  # noqa: F401 (fixture)
from tests.reporting.test_dashboard import MARCH, MARCH_PERIOD, figures, login, text  # noqa: F401
from tests.services.conftest import _media, make_procedure  # noqa: F401 (fixtures of `world`)


def _export(client, fmt="xlsx", query=None, capture=None):
    query = query or {**MARCH, "theo": "thu-tuc"}
    url = "/bao-cao/xuat/?" + "&".join(f"{k}={v}" for k, v in query.items())
    if capture is None:
        return client.post(url, {"dinh_dang": fmt})
    with capture(execute=True):
        return client.post(url, {"dinh_dang": fmt})


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_an_export_runs_and_its_owner_downloads_it(
    client, figures, totp_device, django_capture_on_commit_callbacks, fmt
):
    leader = figures.world.sotp.leader
    login(client, leader, totp_device)
    response = _export(client, fmt, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = ExportJob.objects.get(owner=leader)
    assert response["Location"] == f"/bao-cao/xuat/{job.pk}/"
    assert (job.status, job.progress, job.error) == (ExportStatus.DONE, 100, "")
    assert job.parameters["by"] == "procedure" and job.parameters["start"] == "2026-03-01"
    page = client.get(response["Location"])
    assert "Tải về" in text(page) and "every 1s" not in page.content.decode()
    file = client.get(f"/bao-cao/xuat/{job.pk}/tai-ve/")
    assert file.status_code == 200
    data = b"".join(file.streaming_content)
    assert "private" in file["Cache-Control"] and "no-store" in file["Cache-Control"]
    assert f".{fmt}" in file["Content-Disposition"]
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data)).active
        report = stats.dossier_report(MARCH_PERIOD, agency=figures.world.sotp.agency, by="procedure")
        assert sheet.cell(row=9, column=2).value == report.rows[0].key
    else:
        assert data.startswith(b"%PDF")


def test_a_job_not_yet_run_shows_its_progress_and_polls(client, figures, totp_device):
    leader = figures.world.sotp.leader
    login(client, leader, totp_device)
    response = _export(client)  # no commit in the test's transaction: the task is not queued yet
    job = ExportJob.objects.get(owner=leader)
    assert job.status == ExportStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="/bao-cao/xuat/{job.pk}/tien-do/"' in page and 'hx-trigger="every 1s"' in page
    fragment = client.get(f"/bao-cao/xuat/{job.pk}/tien-do/")
    assert fragment.status_code == 200 and "Chờ tạo tệp" in text(fragment)
    early = client.get(f"/bao-cao/xuat/{job.pk}/tai-ve/")
    assert early.status_code == 302  # not ready: back to its page with a message
    assert services.run_export(job.pk) == "done"
    assert services.run_export(job.pk) == "skipped"  # a second delivery of the task changes nothing
    fragment = client.get(f"/bao-cao/xuat/{job.pk}/tien-do/")
    assert "every 1s" not in fragment.content.decode() and "Tải về" in text(fragment)


def test_another_users_job_and_a_missing_job_look_the_same(client, figures, totp_device):
    world = figures.world
    job = services.start_export(
        world.sotp.leader, ReportParams(MARCH_PERIOD, agency=world.sotp.agency), "xlsx"
    )
    services.run_export(job.pk)
    login(client, world.xa_a.leader, totp_device)
    for pk in (job.pk, job.pk + 1000):
        for suffix in ("", "tien-do/", "tai-ve/"):
            assert client.get(f"/bao-cao/xuat/{pk}/{suffix}").status_code == 404, (pk, suffix)


@pytest.mark.parametrize(
    ("query", "fmt", "status", "message"),
    [
        ({**MARCH}, "exe", 400, "Hãy chọn định dạng tệp"),
        (
            {"ky": "khoang", "nam": "2026", "tu": "05/03/2026", "den": "01/03/2026"},
            "xlsx",
            400,
            "Ngày kết thúc",
        ),
        ({**MARCH, "theo": "ho-ten"}, "xlsx", 400, "không có trong danh sách"),
    ],
)
def test_bad_export_parameters_are_refused(client, figures, totp_device, query, fmt, status, message):
    login(client, figures.world.sotp.leader, totp_device)
    response = _export(client, fmt, query=query)
    assert response.status_code == status and message in text(response)
    assert not ExportJob.objects.exists()


def test_an_export_of_another_agency_is_refused(client, figures, totp_device):
    world = figures.world
    login(client, world.xa_a.leader, totp_device)
    response = _export(client, query={**MARCH, "co_quan": world.sotp.agency.pk})
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_an_export_is_asked_for_with_post_only(client, figures, totp_device):
    login(client, figures.world.sotp.leader, totp_device)
    assert client.get("/bao-cao/xuat/").status_code == 405


def test_a_job_whose_stored_parameters_are_nonsense_fails_with_a_reason(figures):
    leader = figures.world.sotp.leader
    for parameters in (
        {"start": "2026-13-01", "end": "x"},
        {"start": "2026-03-01", "end": "2026-03-31", "agency": "1; DROP"},
        [],
    ):
        job = ExportJob.objects.create(owner=leader, format="xlsx", parameters=parameters)
        assert services.run_export(job.pk) == "failed"
        job.refresh_from_db()
        assert job.status == ExportStatus.FAILED and job.error and not job.file


def test_the_owner_who_lost_the_right_gets_a_failed_job(figures):
    world = figures.world
    job = services.start_export(
        world.sotp.leader, ReportParams(MARCH_PERIOD, agency=world.sotp.agency), "xlsx"
    )
    world.sotp.leader.groups.clear()
    world.sotp.leader.__dict__.pop("_role_names", None)
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        world.sotp.leader.__dict__.pop(cache, None)
    assert services.run_export(job.pk) == "failed"
    job.refresh_from_db()
    assert "không có quyền" in job.error


def test_a_missing_job_is_skipped_by_the_task(db):
    assert services.run_export(987654) == "skipped"


def test_at_most_a_few_open_jobs_per_user(figures):
    world = figures.world
    params = ReportParams(MARCH_PERIOD, agency=world.sotp.agency)
    for _ in range(services.MAX_OPEN_JOBS):
        services.start_export(world.sotp.leader, params, "xlsx")
    from egov.errors import DomainError

    with pytest.raises(DomainError, match="chưa xong"):
        services.start_export(world.sotp.leader, params, "xlsx")
