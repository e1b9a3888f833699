"""Small inline SVG bar charts, drawn in Python: no JavaScript, same input, same bytes.

Each chart is an accessible image: `role="img"` labelled by its `<title>` and `<desc>`, and
the description spells out every number the bars show. A chart whose bars link somewhere
(the archive's years, a year's months) is no image but a graphic holding links, each
named by its bar ("2023: 4 articles"). Colours come from the stylesheet
(`.chart-bar`, `.chart-label`), so a chart follows the light or dark scheme.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")


def _num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: stable across runs."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def describe(bars: Sequence[tuple[str, int]], noun: str = "article") -> str:
    """`2023: 5 articles; 2024: 1 article.` — the numbers behind the bars, in words."""
    if not bars:
        return f"No {noun}s."
    return "; ".join(f"{label}: {_plural(count, noun)}" for label, count in bars) + "."


def bar_chart(bars: Sequence[tuple[str, int]], *, title: str, chart_id: str,
              compact: bool = False, noun: str = "article",
              links: Sequence[str | None] | None = None) -> Markup:
    """A bar per (label, count). `compact` draws a small sparkline without text. `links`
    (one per bar, None for none) makes bars links to the page of their year or month."""
    n = max(1, len(bars))
    peak = max((count for _, count in bars), default=0) or 1
    if compact:
        slot, bar, plot, top, bottom = 14.0, 10.0, 28.0, 2.0, 14.0
    else:
        slot = min(64.0, max(16.0, 640.0 / n))
        bar, plot, top, bottom = slot * 0.7, 120.0, 18.0, 22.0
    width, height = slot * n, top + plot + bottom
    every = 1 if slot >= 36 else -(-36 // int(slot))  # label every nth bar
    role = (f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
            if links else f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"')
    parts = [
        f'<svg class="chart{" chart-compact" if compact else ""}" {role} '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(bars, noun))}</desc>',
        f'<line class="chart-axis" x1="0" y1="{_num(top + plot)}" x2="{_num(width)}" '
        f'y2="{_num(top + plot)}"/>',
    ]
    for i, (label, count) in enumerate(bars):
        h = plot * count / peak
        x = i * slot + (slot - bar) / 2
        y = top + plot - h
        bar_rect = (f'<rect class="chart-bar" x="{_num(x)}" y="{_num(y)}" '
                    f'width="{_num(bar)}" height="{_num(h)}"/>')
        link = links[i] if links and i < len(links) else None
        if link:  # the bar and the column above and below it, named in words
            parts.append(f'<a href="{escape(link)}" aria-label="'
                         f'{escape(f"{label}: {_plural(count, noun)}")}">'
                         f'<rect class="chart-hit" x="{_num(i * slot)}" y="0" '
                         f'width="{_num(slot)}" height="{_num(height)}"/>{bar_rect}</a>')
        else:
            parts.append(bar_rect)
        if compact:  # only the first and the last year, under the ends
            if i in (0, n - 1) and (i == 0 or n > 1):
                x_text, anchor = (0.0, "start") if i == 0 else (width, "end")
                parts.append(f'<text class="chart-label" x="{_num(x_text)}" '
                             f'y="{_num(height - 2)}" text-anchor="{anchor}">'
                             f'{escape(label)}</text>')
            continue
        middle = _num(i * slot + slot / 2)
        if count:
            parts.append(f'<text class="chart-value" x="{middle}" y="{_num(y - 5)}" '
                         f'text-anchor="middle">{count}</text>')
        if i % every == 0:
            parts.append(f'<text class="chart-label" x="{middle}" y="{_num(height - 6)}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def years_span(counts: dict[int, int], at_least: int = 1) -> list[tuple[str, int]]:
    """Every year from the first to the last (and `at_least` years up to the last), with 0
    for the years without articles."""
    if not counts:
        return []
    last = max(counts)
    first = min(min(counts), last - at_least + 1)
    return [(str(y), counts.get(y, 0)) for y in range(first, last + 1)]


def months_of(counts: dict[int, int]) -> list[tuple[str, int]]:
    """January to December, with 0 for the months without articles."""
    return [(MONTH_ABBR[m - 1], counts.get(m, 0)) for m in range(1, 13)]
