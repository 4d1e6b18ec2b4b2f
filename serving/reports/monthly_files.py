"""The monthly report as files: a printable HTML page (Jinja2, SVG charts), a PDF
(ReportLab: its tables and its own charts, Chinese in the Adobe-GB1 font every PDF viewer
has, so no font file is needed) and an XLSX workbook (openpyxl) with one sheet per table.

All three are drawn from the same tables (``tables(report)``), so the numbers agree with
one another and with the JSON API.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from serving import labels
from serving.performance.models import Figures
from serving.reports.models import Rate
from serving.reports.monthly import MonthlyReport
from serving.reports.service import rows_of

KINDS = ("respond", "plan", "department_assist", "resolve", "survey")
MEASURE_NAMES = {"satisfaction": "满意率"}


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name too (≤ 31 characters)
    header: list[str]
    rows: list[list[Any]]


def _rate(rate: Rate | None) -> float | None:
    return rate.rate if rate is not None else None


def _n(rate: Rate | None) -> int:
    return rate.on_time + rate.late if rate is not None else 0


def _timeliness(rows: list[Figures], names: dict[str, str], name: str) -> Table:
    header = ["部门/人员", "受理件数"]
    for kind in KINDS:
        header += [labels.label(labels.DEADLINE, kind) + "及时率", "n"]
    header += ["含延期处理及时率", "超期", "响应中位(小时)", "办结中位(小时)"]
    body = []
    for f in rows:
        line: list[Any] = [names.get(f.key, f.key), f.handled]
        for kind in KINDS:
            line += [_rate(f.on_time.get(kind)), _n(f.on_time.get(kind))]
        line += [_rate(f.on_time_after_extension.get("resolve")), f.breaches, f.median_hours_to_respond,
                 f.median_hours_to_resolve]
        body.append(line)
    return Table(name, header, body)


def _satisfaction(rows: list[Figures], names: dict[str, str], grades: list[str], name: str) -> Table:
    return Table(name, ["部门/人员", "回访数", "满意率", *grades],
                 [[names.get(f.key, f.key), f.surveyed, f.satisfaction_rate,
                   *(f.satisfaction.get(g, 0) for g in grades)] for f in rows])


def _quality(rows: list[Figures], names: dict[str, str], name: str) -> Table:
    return Table(name, ["部门/人员", "重新处理", "重复投诉", "处理后升级", "改判", "办结三级投诉", "非常满意",
                        "改进建议", "建议被采纳"],
                 [[names.get(f.key, f.key), f.reopened, f.repeats, f.escalations, f.corrections, f.complex_resolved,
                   f.praised, f.suggestions, f.suggestions_adopted] for f in rows])


def tables(report: MonthlyReport) -> list[Table]:
    """Every table of the report, in reading order."""
    grades = list(report.summary.satisfaction)
    out = [Table("总体", ["分类", "项目", "指标", "数值"], [list(r) for r in rows_of(report.summary)])]
    out.append(_timeliness(report.departments, {}, "及时率"))
    out.append(_satisfaction(report.departments, {}, grades, "满意度"))
    out.append(_quality(report.departments, {}, "质量与正向激励"))
    out.append(Table("长期不达标", ["部门", "指标", "目标", "本月", "n", "连续月数", "长期不达标"], [
        [b.key, measure_name(b.measure), b.target, b.value, b.n, b.months_below, "是" if b.long else "否"]
        for b in report.targets.below]))
    s = report.supervision
    out.append(Table("监督举报", ["项目", "数值"], [
        ["收到", s.received], ["已办结", s.concluded], ["查实", s.substantiated], ["逾期办结", s.concluded_late],
        ["逾期未办结", s.open_overdue], *([f"类别：{k}", v] for k, v in s.by_category.items())]))
    if report.people is not None:
        out.append(_timeliness(report.people, report.names, "人员及时率"))
        out.append(_satisfaction(report.people, report.names, grades, "人员满意度"))
        out.append(_quality(report.people, report.names, "人员正向激励"))
    return out


def measure_name(measure: str) -> str:
    if measure.startswith("on_time."):
        return labels.label(labels.DEADLINE, measure.removeprefix("on_time.")) + "及时率"
    return MEASURE_NAMES.get(measure, measure)


RATE_COLUMNS = ("目标", "本月")  # the 长期不达标 table's rates; elsewhere a rate's header ends in 率


def _cell(value: Any, header: str) -> str:
    """A cell as printed: rates in per cent, hours with one decimal, none as a dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        rate = header.endswith("率") or header in RATE_COLUMNS
        return f"{100 * value:.1f}%" if rate else f"{value:.1f}"
    return str(value)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str


def charts(report: MonthlyReport) -> list[tuple[str, list[Bar], float | None, bool]]:
    """(title, bars, target line, values are rates) of each chart."""
    resolve_target = report.policy_targets.get("on_time.resolve")
    satisfaction_target = report.policy_targets.get("satisfaction")
    s = report.summary
    return [
        ("按等级的投诉量", [Bar(f"{lv}级", n, str(n)) for lv, n in s.by_level.items()], None, False),
        ("各部门处理及时率（原时限）",
         [Bar(f.key, r.rate, f"{100 * r.rate:.1f}%（n={_n(r)}）") for f in report.departments
          if (r := f.on_time.get("resolve")) is not None and r.rate is not None], resolve_target, True),
        ("各部门满意率", [Bar(f.key, f.satisfaction_rate, f"{100 * f.satisfaction_rate:.1f}%（n={f.surveyed}）")
                          for f in report.departments if f.satisfaction_rate is not None], satisfaction_target, True),
        ("满意度分布", [Bar(g, n, str(n)) for g, n in s.satisfaction.items()], None, False),
    ]


def _svg(title: str, bars: list[Bar], target: float | None, rates: bool) -> str:
    """A horizontal bar chart as SVG; the text is text, so the reader's browser draws the Chinese."""
    width, label_w, bar_h, gap = 640, 150, 22, 8
    top = max((b.value for b in bars), default=0) or 1
    scale = 1.0 if rates else top
    height = len(bars) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{_esc(title)}" viewBox="0 0 {width} {height}">']
    usable = width - label_w - 150
    for i, bar in enumerate(bars):
        y = gap + i * (bar_h + gap)
        w = max(usable * bar.value / scale, 1)
        parts.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" font-size="13">{_esc(bar.label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6ea5"/>'
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12">{_esc(bar.note)}</text>')
    if target is not None:
        x = label_w + usable * target
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#b22" stroke-dasharray="4 3"/>'
                     f'<text x="{x + 3:.1f}" y="{height - 2}" font-size="11" fill="#b22">'
                     f'目标 {100 * target:.0f}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_env = Environment(loader=PackageLoader("serving.reports", "templates"), autoescape=select_autoescape(["html"]))


def to_html(report: MonthlyReport) -> str:
    from markupsafe import Markup

    drawn = [(title, Markup(_svg(title, bars, target, rates))) for title, bars, target, rates in charts(report)
             if bars]
    return _env.get_template("monthly.html").render(report=report, tables=tables(report), charts=drawn, cell=_cell)


def to_xlsx(report: MonthlyReport) -> bytes:
    """One sheet per table, Chinese headers, numbers as numbers (rates as fractions, shown as %)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables(report):
        sheet = book.create_sheet(table.name[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_number(v) for v in row])
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 14
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: Any) -> Any:
    """The overview's CSV cells are text: numbers go back to numbers."""
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def to_pdf(report: MonthlyReport) -> bytes:
    """The printable report: A4, a title, the charts and every table."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, Line, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName=font, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    story: list[Any] = [Paragraph(f"投诉处理监督月报 {report.month}", title),
                        Paragraph(f"统计期间 {report.start} 至 {report.end}（不含）；"
                                  f"投诉总量 {report.summary.total} 件；"
                                  f"政策版本 {report.policy_version}；"
                                  f"生成于 {report.generated_at:%Y-%m-%d %H:%M}（北京时间）。"
                                  "每个数字均可由 GET /v1/reports/monthly?month=" + report.month + " 复核。", body)]
    page_w = landscape(A4)[0] - 30 * mm
    for chart_title, bars, target, rates in charts(report):
        if not bars:
            continue
        story.append(Paragraph(chart_title, heading))
        drawing = Drawing(page_w, 24 * len(bars) + 20)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 120, 10, page_w - 220, 24 * len(bars)
        chart.data = [[b.value for b in reversed(bars)]]
        chart.categoryAxis.categoryNames = [b.label for b in reversed(bars)]
        chart.categoryAxis.labels.fontName = font
        chart.valueAxis.labels.fontName = font
        chart.valueAxis.valueMin = 0
        chart.valueAxis.valueMax = 1 if rates else max(b.value for b in bars) or 1
        chart.bars[0].fillColor = colors.HexColor("#3b6ea5")
        drawing.add(chart)
        for i, bar in enumerate(reversed(bars)):
            x = chart.x + chart.width * bar.value / chart.valueAxis.valueMax + 4
            drawing.add(String(x, chart.y + 24 * i + 8, bar.note, fontName=font, fontSize=8))
        if target is not None:
            x = chart.x + chart.width * target
            drawing.add(Line(x, chart.y, x, chart.y + chart.height, strokeColor=colors.red, strokeDashArray=[3, 2]))
        story.append(drawing)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9)
    for table in tables(report):
        story.append(Paragraph(table.name, heading))
        if not table.rows:
            story.append(Paragraph("本月无。", body))
            continue
        data = [[Paragraph(h, cell_style) for h in table.header]]
        data += [[Paragraph(_cell(v, h), cell_style) for v, h in zip(row, table.header, strict=True)]
                 for row in table.rows]
        grid = PdfTable(data, repeatRows=1, colWidths=[page_w / len(table.header)] * len(table.header))
        grid.setStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5"))])
        story.append(grid)
        story.append(Spacer(1, 4 * mm))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm,
                      bottomMargin=12 * mm, title=f"投诉处理监督月报 {report.month}", author="tousu").build(story)
    return out.getvalue()


def write(report: MonthlyReport, out_dir: Path) -> list[Path]:
    """Writes tousu-monthly-YYYY-MM.{json,html,pdf,xlsx} under ``out_dir``; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"tousu-monthly-{report.month}"
    files = {".json": report.model_dump_json(indent=2).encode(), ".html": to_html(report).encode(),
             ".pdf": to_pdf(report), ".xlsx": to_xlsx(report)}
    paths = []
    for suffix, content in files.items():
        path = stem.with_suffix(suffix)
        partial = path.with_suffix(suffix + ".partial")
        partial.write_bytes(content)
        partial.replace(path)  # a reader never sees half a file
        paths.append(path)
    return paths
