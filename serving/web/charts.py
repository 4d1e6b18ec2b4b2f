"""Small inline SVG charts (bars, stacked bars): no JavaScript, nothing to download."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#2f6fdf", "#5aa469", "#e0a800", "#e8743b", "#c0392b", "#8e44ad", "#16a085", "#7f8c8d")


def bars(items: Sequence[tuple[str, float]], *, title: str, unit: str = "", fmt: str = "{:g}",
         width: int = 420, row: int = 22, top: float | None = None, links: Sequence[str] | None = None) -> str:
    """A horizontal bar chart of (label, value); ``top`` fixes the scale (100 for percentages);
    ``links``, one per bar, make each bar open the list behind it."""
    top = top or max((v for _, v in items), default=0) or 1
    label_w, height = 120, 28 + row * max(len(items), 1)
    # a chart whose bars are links is a group of links, not an image (axe: nested-interactive)
    role = "group" if links else "img"
    parts = [f'<svg class="chart" role="{role}" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    span = width - label_w - 60
    for i, (label, value) in enumerate(items):
        y = 28 + i * row
        w = span * (value / top)
        bar = (f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(str(label))}</text>'
               f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{PALETTE[0]}"/>'
               f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{escape(fmt.format(value))}{unit}</text>')
        if links:
            bar = f'<a href="{escape(links[i])}" class="drill">{bar}</a>'
        parts.append(bar)
    if not items:
        parts.append('<text x="0" y="44">无数据</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked(columns: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], *, title: str,
            width: int = 520, height: int = 220) -> str:
    """Vertical stacked bars: one column per label, one colour per series, with a legend."""
    top = max((sum(v) for _, v in columns), default=0) or 1
    chart_h, base = height - 70, height - 40
    col_w = (width - 40) / max(len(columns), 1)
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>',
             f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    for i, (label, values) in enumerate(columns):
        x, y = 30 + i * col_w, float(base)
        for j, value in enumerate(values):
            h = chart_h * value / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w * 0.7:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(series[j])}: {value:g}</title></rect>')
        parts.append(f'<text x="{x:.1f}" y="{base + 14}" font-size="10">{escape(label)}</text>')
    for j, name in enumerate(series):
        parts.append(f'<rect x="{30 + j * 90}" y="{height - 16}" width="10" height="10" fill="{PALETTE[j]}"/>'
                     f'<text x="{44 + j * 90}" y="{height - 7}" font-size="11">{escape(name)}</text>')
    if not columns:
        parts.append('<text x="30" y="60">无数据</text>')
    parts.append("</svg>")
    return "".join(parts)
