"""The leadership summary's figures as the store computes them, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from serving.database.tables import ComplaintRow


def test_survey_grades_are_counted_by_the_beijing_week_of_the_result(client, auth):
    def received(text: str) -> str:
        body = {"text": text, "channel": "hotline", "received_at": "2026-10-20T10:00:00+08:00"}
        answer = client.post("/v1/complaints", headers=auth["intake"], json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]

    sunday_night, monday_early = received("宽带晚上经常断网"), received("话费多扣了二十元")
    received("营业厅排队太久")  # not surveyed: not counted by week
    utc = dt.UTC
    with client.app.state.runtime.sessions() as session:
        # 2026-11-01 is a Sunday: 23:00 in Beijing is ISO week 44, 01:30 on Monday week 45
        for cid, sent, grade in ((sunday_night, dt.datetime(2026, 11, 1, 15, 0, tzinfo=utc), "满意"),
                                 (monday_early, dt.datetime(2026, 11, 1, 17, 30, tzinfo=utc), "非常满意")):
            session.execute(update(ComplaintRow).where(ComplaintRow.id == cid)
                            .values(result_sent_at=sent, satisfaction=grade, version=ComplaintRow.version + 1))
        session.commit()
    report = client.get("/v1/reports/summary", params={"start": "2026-10-01", "end": "2026-11-01"},
                        headers=auth["analyst"]).json()
    weeks = {week: {g: n for g, n in grades.items() if n} for week, grades in report["satisfaction_by_week"].items()}
    assert weeks == {"2026-W44": {"满意": 1}, "2026-W45": {"非常满意": 1}}
    assert report["total"] == 3 and report["satisfaction"]["满意"] == 1
