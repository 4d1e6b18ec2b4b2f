"""The monthly supervision report: a month with known outcomes, its figures by hand, the
same numbers in the JSON, the workbook and the PDF, the CLI and the worker's e-mail."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import time_machine
from sqlalchemy import select

from serving.database.tables import NotificationRow
from tests.process.test_clock_walk import call_at, local

MONTH = {"month": "2026-11"}


@pytest.fixture
def month_of_work(process_client, directory, service_key):
    """Two complaints of one complainant in November 2026 and one supervision report.

    The first (broadband lag: 业务使用问题, led by 技术部门) is resolved a day late, surveyed 非常满意, and suggests
    an improvement that the leadership group adopts. The second repeats the first (the same
    phone); it is reopened after its resolution and then raised to level 3 (an escalation
    caused), then resolved again."""
    client, agent, leader = process_client, directory["agent"]["headers"], directory["leader"]["headers"]
    user = {"name": "张三", "contact": "13812345678"}

    def at(when: str, method: str, path: str, **kwargs):
        return call_at(client, when, method, path, **kwargs)

    first = at("2026-11-02 09:00", "post", "/v1/complaints", headers=service_key,
               json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline", "user": user})["id"]
    at("2026-11-02 09:05", "post", f"/v1/complaints/{first}/review", headers=agent,
       json={"category": "业务使用问题", "level": 2, "reason": "确认"})
    at("2026-11-03 10:00", "post", f"/v1/complaints/{first}/deadlines/plan/met", headers=agent, json={})
    at("2026-11-10 09:00", "post", f"/v1/complaints/{first}/transitions", headers=agent, json={"to": "in_progress"})
    at("2026-11-10 10:00", "post", f"/v1/complaints/{first}/transitions", headers=agent, json={"to": "resolved"})
    at("2026-11-10 11:00", "post", f"/v1/complaints/{first}/transitions", headers=agent,
       json={"to": "result_sent", "note": "已修复"})
    at("2026-11-11 15:00", "post", f"/v1/complaints/{first}/satisfaction", headers=agent,
       json={"grade": "非常满意", "method": "phone"})
    at("2026-11-12 09:00", "post", f"/v1/complaints/{first}/improvement", headers=agent,
       json={"suggestion": "夜间高峰扩容前先短信告知用户"})
    at("2026-11-13 09:00", "post", f"/v1/complaints/{first}/improvement/adopted", headers=leader)

    second = at("2026-11-16 09:00", "post", "/v1/complaints", headers=service_key,
                json={"text": "宽带晚上又卡了，还是没解决", "channel": "hotline", "user": user})["id"]
    at("2026-11-16 09:05", "post", f"/v1/complaints/{second}/review", headers=agent,
       json={"category": "业务使用问题", "level": 2, "reason": "确认"})
    at("2026-11-17 10:00", "post", f"/v1/complaints/{second}/transitions", headers=agent, json={"to": "in_progress"})
    at("2026-11-17 11:00", "post", f"/v1/complaints/{second}/transitions", headers=agent, json={"to": "resolved"})
    at("2026-11-18 09:00", "post", f"/v1/complaints/{second}/transitions", headers=agent, json={"to": "in_progress"})
    at("2026-11-18 09:10", "post", f"/v1/complaints/{second}/review", headers=agent,
       json={"category": "业务使用问题", "level": 3, "reason": "用户称业务中断，要投诉到工信部"})
    at("2026-11-19 09:00", "post", f"/v1/complaints/{second}/transitions", headers=agent, json={"to": "resolved"})

    reference = at("2026-11-20 09:00", "post", "/v1/supervision", headers=service_key,
                   json={"category": "推诿", "text": "客服说这不归他们管，让我找别的部门", "anonymous": True})
    return {"first": first, "second": second, "reference": reference}


def _monthly(client, headers, path="/v1/reports/monthly"):
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        return client.get(path, params=MONTH, headers=headers)


def test_the_months_figures_match_the_hand_computed_ones(process_client, directory, month_of_work, auth_for):
    report = _monthly(process_client, directory["leader"]["headers"]).json()
    assert report["month"] == "2026-11" and report["summary"]["total"] == 2
    assert report["summary"]["by_level"] == {"1": 0, "2": 1, "3": 1}
    departments = {r["key"]: r for r in report["departments"]}
    tech, group = departments["技术部门"], departments["投诉处理领导小组"]  # level 3 is led by the group
    assert tech["handled"] == 1 and group["handled"] == 1
    assert group["repeats"] == 1 and tech["repeats"] == 0  # the second: the same phone complained on 2 Nov
    assert group["reopened"] == 1 and group["corrections"] == 1
    assert tech["escalations"] == 1 and group["escalations"] == 0  # raised after 技术部门 had handled it
    assert group["complex_resolved"] == 1  # the level-3 complaint resolved on 19 Nov
    assert (tech["praised"], tech["suggestions"], tech["suggestions_adopted"]) == (1, 1, 1)
    assert tech["satisfaction_rate"] == 1.0 and tech["surveyed"] == 1
    assert tech["on_time"]["resolve"] == {"on_time": 0, "late": 1, "rate": 0.0}  # resolved a day late
    supervision = report["supervision"]
    assert (supervision["received"], supervision["concluded"], supervision["open_overdue"]) == (1, 0, 0)
    assert supervision["by_category"] == {"推诿": 1}
    # people: the leadership group sees them, by name; an analyst sees departments only
    people = {r["key"]: r for r in report["people"]}
    agent_id = directory["agent"]["id"]
    assert report["names"][agent_id] == "李客服" if agent_id in people else report["people"] == []
    analyst = _monthly(process_client, auth_for(process_client, "analyst")).json()
    assert analyst["people"] is None and analyst["departments"] == report["departments"]


def test_the_workbook_and_the_pdf_hold_the_numbers_of_the_json(process_client, directory, month_of_work):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    leader = directory["leader"]["headers"]
    report = _monthly(process_client, leader).json()
    tech = {r["key"]: r for r in report["departments"]}["技术部门"]
    answer = _monthly(process_client, leader, "/v1/reports/monthly.xlsx")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(answer.content))
    sheets = {"总体", "及时率", "满意度", "质量与正向激励", "长期不达标", "监督举报", "人员及时率"}
    assert sheets <= set(book.sheetnames)
    timeliness = book["及时率"]
    header = [c.value for c in timeliness[1]]
    row = next(r for r in timeliness.iter_rows(min_row=2, values_only=True) if r[0] == "技术部门")
    assert row[header.index("受理件数")] == tech["handled"]
    assert row[header.index("处理时限及时率")] == tech["on_time"]["resolve"]["rate"]
    assert row[header.index("超期")] == tech["breaches"]
    quality = book["质量与正向激励"]
    q_header = [c.value for c in quality[1]]
    q_row = next(r for r in quality.iter_rows(min_row=2, values_only=True) if r[0] == "技术部门")
    assert [q_row[q_header.index(h)] for h in ("重复投诉", "处理后升级", "非常满意", "建议被采纳")] == [0, 1, 1, 1]
    overview = {(r[0], r[1] or ""): r[3] for r in book["总体"].iter_rows(min_row=2, values_only=True)}
    assert overview[("投诉总量", "")] == report["summary"]["total"]
    supervision = {r[0]: r[1] for r in book["监督举报"].iter_rows(min_row=2, values_only=True)}
    assert supervision["收到"] == 1

    pdf = _monthly(process_client, leader, "/v1/reports/monthly.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert "投诉处理监督月报 2026-11" in text and "及时率" in text and "监督举报" in text and "技术部门" in text
    html = _monthly(process_client, leader, "/v1/reports/monthly.html")
    assert html.status_code == 200 and "<svg" in html.text and "技术部门" in html.text
    assert "生成于 2026-12-02 09:00（北京时间）" in html.text and "UTC" not in html.text  # Beijing time, as every page


def test_a_month_is_checked(process_client, directory):
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        answer = process_client.get("/v1/reports/monthly", params={"month": "2026-13"},
                                    headers=directory["leader"]["headers"])
    assert answer.status_code == 422


def test_the_cli_writes_the_four_files(process_client, process_settings, month_of_work, tmp_path):
    env = {"TOUSU_DATABASE_URL": process_settings.resolved_database_url, "TOUSU_DATA_DIR": str(tmp_path / "var"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "tousu.cli", "report", "monthly", "--month", "2026-11",
                           "--out", str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"tousu-monthly-2026-11.{s}" for s in ("html", "json", "pdf", "xlsx")]
    bad = subprocess.run([sys.executable, "-m", "tousu.cli", "report", "monthly", "--month", "11/2026",
                          "--out", str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "invalid_period" in bad.stderr


def test_the_worker_sends_the_report_once_on_the_first_working_day(process_client, process_settings, directory,
                                                                   month_of_work, tmp_path):
    from serving.worker import Worker

    settings = process_settings.model_copy(update={"data_dir": tmp_path})
    worker = Worker.create(settings, sessions=process_client.app.state.runtime.sessions)
    second = Worker.create(settings, sessions=process_client.app.state.runtime.sessions)

    def sent() -> list[NotificationRow]:
        with process_client.app.state.runtime.sessions() as session:
            return list(session.scalars(select(NotificationRow).where(NotificationRow.event == "monthly_report")))

    with time_machine.travel(local("2026-11-30 20:00"), tick=False):
        worker.tick(local("2026-11-30 20:00"))
    assert not (tmp_path / "reports" / "2026-11").exists()
    for when in ("2026-12-01 09:00", "2026-12-01 09:01"):  # 1 Dec 2026 is a Tuesday: the first working day
        with time_machine.travel(local(when), tick=False):
            worker.tick(local(when))
            second.tick(local(when))
    rows = sent()  # October had nothing to report: November's report only
    assert {r.person_id for r in rows} == {directory["leader"]["id"]}  # the leadership group
    assert sorted(r.channel for r in rows) == ["email", "inapp"]  # once on each of its channels
    assert "2026-11" in rows[0].subject and "/web/monthly.pdf?month=2026-11" in rows[0].body
    assert sorted(p.suffix for p in (tmp_path / "reports" / "2026-11").iterdir()) == [".html", ".json", ".pdf",
                                                                                      ".xlsx"]


def test_the_leadership_group_opens_the_reports_link_with_its_own_keys(process_client, directory, month_of_work):
    """The e-mail's links are for members of the group, who work complaints with agent keys."""
    client = process_client

    def sign_in(who: str) -> None:
        client.cookies.clear()
        key = directory[who]["headers"]["Authorization"].removeprefix("Bearer ")
        assert client.post("/web/login", data={"key": key}, follow_redirects=False).status_code == 303

    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        sign_in("leader")
        assert 'href="/web/leadership"' in client.get("/web/queue").text
        assert client.get("/web/leadership").status_code == 200
        pdf = client.get("/web/monthly.pdf", params=MONTH)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        sign_in("agent")  # a member of customer service: not the group's pages
        assert client.get("/web/monthly.pdf", params=MONTH).status_code == 403
        assert 'href="/web/leadership"' not in client.get("/web/queue").text


def test_a_cell_prints_rates_in_per_cent_and_hours_as_hours():
    from serving.reports.monthly_files import _cell

    assert _cell(0.5, "处理时限及时率") == "50.0%" and _cell(0.85, "目标") == "85.0%"
    assert _cell(0.5, "响应中位(小时)") == "0.5" and _cell(193.0, "办结中位(小时)") == "193.0"
    assert _cell(None, "满意率") == "—" and _cell(3, "受理件数") == "3"
