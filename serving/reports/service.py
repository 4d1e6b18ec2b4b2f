"""Computes the leadership report from the store (one pass over the period's tickets)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from pipeline.policy import Policy
from serving.complaints.models import Satisfaction
from serving.database.core import now
from serving.database.tables import ComplaintRow, DeadlineRow, ReviewRow
from serving.reports.models import Overrule, Rate, Summary

GRADES = [s.value for s in Satisfaction]


def _bounds(start: dt.date, end: dt.date, policy: Policy) -> tuple[dt.datetime, dt.datetime]:
    zone = policy.zone
    return (dt.datetime.combine(start, dt.time(), tzinfo=zone), dt.datetime.combine(end, dt.time(), tzinfo=zone))


def _rate(on_time: int, late: int) -> Rate:
    return Rate(on_time=on_time, late=late, rate=round(on_time / (on_time + late), 4) if on_time + late else None)


def grouped(lo: dt.datetime, hi: dt.datetime, at: dt.datetime) -> Select[Any]:
    """The complaints received in [lo, hi) counted per level, category, lead department and
    grade, with their resolve clocks' timeliness: a few hundred groups, however many
    complaints the period holds."""
    clock = (select(DeadlineRow.complaint_id, DeadlineRow.original_due_at, DeadlineRow.due_at,
                    DeadlineRow.extensions).where(DeadlineRow.kind == "resolve").subquery())
    resolved = ComplaintRow.resolved_at
    counts: list[Any] = []
    for due in (func.coalesce(clock.c.original_due_at, ComplaintRow.resolve_due),  # tickets stored before clocks
                func.coalesce(clock.c.due_at, ComplaintRow.resolve_due)):
        counted = or_(resolved.is_not(None), due < at)
        late = or_(resolved.is_(None), resolved > due)
        counts += [func.sum(case((and_(counted, ~late), 1), else_=0)), func.sum(case((and_(counted, late), 1),
                                                                                      else_=0))]
    return (select(ComplaintRow.level, ComplaintRow.category, ComplaintRow.lead_department, ComplaintRow.satisfaction,
                   func.count(), func.sum(case((clock.c.extensions > 0, 1), else_=0)), *counts)
            .outerjoin(clock, clock.c.complaint_id == ComplaintRow.id)
            .where(ComplaintRow.received_at >= lo, ComplaintRow.received_at < hi)
            .group_by(ComplaintRow.level, ComplaintRow.category, ComplaintRow.lead_department,
                      ComplaintRow.satisfaction))


def summary(*, session: Session, policy: Policy, start: dt.date, end: dt.date,
            at: dt.datetime | None = None) -> Summary:
    """Volumes, on-time rates, satisfaction and overrule rates for complaints received in [start, end).

    A complaint counts for timeliness once it is resolved or past its resolve deadline:
    on time when resolved by the deadline, late otherwise. "On time" judges by the original
    deadline (a reopening sets a new one); "on time after extension" by the one in force, so
    an agreed extension is visible instead of hiding a slip.
    """
    at = at or now()
    lo, hi = _bounds(start, end, policy)
    in_period = and_(ComplaintRow.received_at >= lo, ComplaintRow.received_at < hi)
    groups = session.execute(grouped(lo, hi, at))
    by_level: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_department: Counter[str] = Counter()
    timely: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0]) for name in ("level", "department", "level+", "department+")}
    extended = 0
    total = 0
    satisfaction: Counter[str] = Counter()
    for level, category, department, grade, n, n_extended, *numbers in groups:
        on_time, late_n, on_time_plus, late_plus = (int(x or 0) for x in numbers)
        total += n
        by_level[str(level)] += n
        by_category[category] += n
        by_department[department] += n
        extended += int(n_extended or 0)
        for key, value in (("level", str(level)), ("department", department)):
            for suffix, (good, bad) in (("", (on_time, late_n)), ("+", (on_time_plus, late_plus))):
                if good or bad:
                    timely[key + suffix][value][0] += good
                    timely[key + suffix][value][1] += bad
        if grade:
            satisfaction[grade] += n
    by_week = _satisfaction_by_week(session, policy, in_period)
    reviews = session.execute(select(ReviewRow.suggested_category, ReviewRow.action, func.count())
                              .where(ReviewRow.reviewed_at >= lo, ReviewRow.reviewed_at < hi)
                              .group_by(ReviewRow.suggested_category, ReviewRow.action))
    overrule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for category, action, n in reviews:
        overrule[category][0] += n
        overrule[category][1] += n if action == "correct" else 0
    return Summary(
        start=start, end=end, total=total,
        by_level={str(lv): by_level.get(str(lv), 0) for lv in (1, 2, 3)},
        by_category={c: by_category.get(c, 0) for c in policy.categories},
        by_department=dict(by_department.most_common()),
        on_time_by_level={k: _rate(*v) for k, v in sorted(timely["level"].items())},
        on_time_by_department={k: _rate(*v) for k, v in sorted(timely["department"].items())},
        on_time_after_extension_by_level={k: _rate(*v) for k, v in sorted(timely["level+"].items())},
        on_time_after_extension_by_department={k: _rate(*v) for k, v in sorted(timely["department+"].items())},
        extended=extended,
        satisfaction={g: satisfaction.get(g, 0) for g in GRADES},
        satisfaction_by_week={w: {g: c.get(g, 0) for g in GRADES} for w, c in sorted(by_week.items())},
        overrule_by_category={c: Overrule(reviews=n, corrections=k, rate=round(k / n, 4))
                              for c, (n, k) in sorted(overrule.items())},
    )


def _satisfaction_by_week(session: Session, policy: Policy, in_period: Any) -> dict[str, Counter[str]]:
    """Survey grades per ISO week (Beijing time) of the result (or, stored before results were
    dated, of the resolve deadline): grouped by PostgreSQL, counted here from SQLite."""
    by_week: dict[str, Counter[str]] = defaultdict(Counter)
    sent = func.coalesce(ComplaintRow.result_sent_at, ComplaintRow.resolve_due)
    surveyed = ComplaintRow.satisfaction.is_not(None)
    if session.get_bind().dialect.name == "postgresql":
        week = func.to_char(func.timezone(policy.timezone, sent), 'IYYY-"W"IW')
        for name, grade, n in session.execute(select(week, ComplaintRow.satisfaction, func.count())
                                              .where(in_period, surveyed).group_by(week, ComplaintRow.satisfaction)):
            by_week[name][grade] += n
        return by_week
    for grade, when in session.execute(select(ComplaintRow.satisfaction, sent).where(in_period, surveyed)):
        when = (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(policy.zone)
        year, week_no, _ = when.isocalendar()
        by_week[f"{year}-W{week_no:02d}"][grade] += 1
    return by_week


SECTIONS = {"period": "统计期间", "total": "投诉总量", "by_level": "按等级", "by_category": "按类别",
            "by_department": "按牵头部门", "satisfaction": "满意度", "extended": "延期工单",
            "on_time_by_level": "按等级及时率（原时限）", "on_time_by_department": "按部门及时率（原时限）",
            "on_time_after_extension_by_level": "按等级及时率（含延期）",
            "on_time_after_extension_by_department": "按部门及时率（含延期）",
            "satisfaction_by_week": "每周满意度", "overrule_by_category": "按类别改判率"}
MEASURES = {"start": "开始", "end": "结束", "complaints": "件数", "on_time": "按时", "late": "超时", "rate": "比率",
            "reviews": "复核数", "corrections": "改判数", "": ""}


def rows_of(report: Summary) -> list[list[str]]:
    """Every figure as [分类, 项目, 指标, 数值]: what the CSV and the workbook hold."""
    text = to_csv(report).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))[1:]


def to_xlsx(report: Summary) -> bytes:
    """The figures as an Excel workbook: one sheet, Chinese headers, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "投诉统计"
    sheet.append(["分类", "项目", "指标", "数值"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for section, key, measure, value in rows_of(report):
        number: Any = value
        with contextlib.suppress(ValueError):
            number = float(value) if "." in value else int(value)
        sheet.append([section, key, measure, number])
    for column, width in zip("ABCD", (26, 24, 10, 14), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(report: Summary) -> str:
    """One CSV of every figure, for Excel on Chinese Windows: a UTF-8 byte-order mark, Chinese
    headers and section names (分类, 项目, 指标, 数值); keys (levels, departments) as stored."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["分类", "项目", "指标", "数值"])
    rows: list[tuple[str, str, str, Any]] = [("period", "开始", "", report.start.isoformat()),
                                             ("period", "结束", "", report.end.isoformat()),
                                             ("total", "", "complaints", report.total)]
    for section in ("by_level", "by_category", "by_department", "satisfaction"):
        rows += [(section, k, "complaints", v) for k, v in getattr(report, section).items()]
    rows.append(("extended", "", "complaints", report.extended))
    for section in ("on_time_by_level", "on_time_by_department", "on_time_after_extension_by_level",
                    "on_time_after_extension_by_department"):
        for key, rate in getattr(report, section).items():
            rows += [(section, key, m, getattr(rate, m)) for m in ("on_time", "late", "rate")]
    for week, grades in report.satisfaction_by_week.items():
        rows += [("satisfaction_by_week", week, grade, n) for grade, n in grades.items()]
    for category, o in report.overrule_by_category.items():
        rows += [("overrule_by_category", category, m, getattr(o, m)) for m in ("reviews", "corrections", "rate")]
    writer.writerows((SECTIONS.get(section, section), key, MEASURES.get(measure, measure), value)
                     for section, key, measure, value in rows)
    return out.getvalue()
