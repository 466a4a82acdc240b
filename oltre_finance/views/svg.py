"""The drawing board the charts are made on: SVG markup, axes with round ticks, a legend that wraps.

A chart is a few kilobytes of text, drawn in a millisecond, sharp on a phone
and on a projector, and printed as vectors by Typst. Sizes are in the
viewBox's units: a chart is drawn :data:`WIDE` units wide for a laptop or a
projector and :data:`NARROW` for a phone, so that shown at the page's width
its text keeps about the page's own size. Every text is escaped here.

The chart itself is hidden from screen readers (``aria-hidden``): the page
around it carries its text alternative, which says what it shows in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Literal

from oltre_finance.money import format_number

__all__ = ["NARROW", "WIDE", "Board", "Key", "euro_tick", "nice_ticks"]

WIDE = 900
NARROW = 360
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
GRID = "#d9d9d9"
INK = "#222222"
MUTED = "#555555"

Swatch = Literal["box", "line", "dash", "dots", "dotted"]


def euro_tick(value: float) -> str:
    """An axis label: whole euro, the Italian way (``1.200 €``)."""
    return f"{format_number(Decimal(repr(value)), decimals=0)} €"  # format_number rounds, half up


def nice_ticks(low: float, high: float, *, most: int = 6) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) that cover ``low``–``high`` with at most ``most`` + 1.

    The labels show whole euro, so every step is a whole number (1, 2, 5, 10, 20, 25, 50…): a span under
    one euro is drawn as one euro, and two ticks never read the same.

    >>> nice_ticks(0, 1234)
    [0.0, 250.0, 500.0, 750.0, 1000.0, 1250.0]
    >>> nice_ticks(-300, 900, most=4)
    [-500.0, 0.0, 500.0, 1000.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)) or most < 2:
        raise ValueError("the axis needs finite bounds and room for two steps")
    high = max(high, low + 1)
    raw = (high - low) / most
    power = max(1.0, 10.0 ** math.floor(math.log10(raw)))
    while True:
        for step in (m * power for m in (1, 2, 2.5, 5) if m * power >= raw and (m * power).is_integer()):
            first = math.floor(low / step + 1e-9)
            count = math.ceil(high / step - 1e-9) - first
            if count <= most:
                return [(first + k) * step for k in range(count + 1)]
        power *= 10


@dataclass(frozen=True, kw_only=True)
class Key:
    """One entry of a legend: how its swatch is drawn, its colour and its words."""

    label: str
    colour: str
    swatch: Swatch = "box"
    opacity: float = 1.0


class Board:
    """One chart: title, legend, plot area with its axes, then marks in data coordinates.

    Build it with its title, set up :meth:`axes` with the ranges it shows, draw with :meth:`bars`,
    :meth:`line`, :meth:`area`…, and take :meth:`svg`. A chart with no axes draws in the viewBox's units.
    """

    def __init__(self, *, narrow: bool, height: float, title: str) -> None:
        self.narrow = narrow
        self.width = NARROW if narrow else WIDE
        self.height = height
        self.font = 11.0 if narrow else 13.0
        self.small = self.font - 1
        self.parts: list[str] = []
        title_lines = title.split("\n")
        for k, line in enumerate(title_lines):
            self.text(8, self.font * 1.3 + k * self.font * 1.25, line, size=self.font + 2, weight="bold")
        #: Where the title ends: the legend or the plot starts here.
        self.under_title = self.font * 1.9 + self.font * 1.25 * (len(title_lines) - 1)

    def axes(
        self,
        *,
        keys: Sequence[Key] = (),
        x: tuple[float, float],
        y: tuple[float, float],
        x_ticks: Sequence[tuple[float, str]] = (),
        y_ticks: int = 6,
        y2: tuple[float, float] | None = None,
        y_title: str = "",
        y2_title: str = "",
        x_title: str = "",
        tick_format: Callable[[float], str] = euro_tick,
    ) -> None:
        """The plot area: the legend (above it, or under it on a phone), the grid, the ticks and their labels."""
        narrow = self.narrow
        height = self.height
        self._format = tick_format
        lines = max((label.count("\n") + 1 for _, label in x_ticks), default=1)

        top = self.under_title + self.small * 0.8  # room for the top tick's label
        # Narrow: the legend goes under the chart, where it can take the whole width.
        legend_rows = self._legend_rows(keys)
        legend_height = len(legend_rows) * self.small * 1.7
        if not narrow and legend_rows:
            self._legend(legend_rows, top + 2)
            top += legend_height + 4
        if y_title or y2_title:
            top += self.small * 1.6
        self.y_values = nice_ticks(*y, most=4 if narrow else y_ticks)
        self.y2_values = nice_ticks(*y2, most=4 if narrow else y_ticks) if y2 else []
        left = 10 + max((self.text_width(self._format(v), self.small) for v in self.y_values), default=0)
        right = 14 + max((self.text_width(self._format(v), self.small) for v in self.y2_values), default=0)
        bottom = lines * self.small * 1.25 + 10 + (self.small * 1.4 if x_title else 0)
        if narrow and legend_rows:
            bottom += legend_height + 6
        self.left, self.right = left, self.width - right
        self.top, self.bottom = top, height - bottom
        self.x_range = x
        self.y_range = (self.y_values[0], self.y_values[-1])
        self.y2_range = (self.y2_values[0], self.y2_values[-1]) if self.y2_values else None

        for value in self.y_values:
            py = self.py(value)
            self.line_px(self.left, py, self.right, py, colour=GRID, width=1)
            self.text(self.left - 6, py + self.small * 0.35, self._format(value), size=self.small, anchor="end")
        if self.y2_range:
            for value in self.y2_values:
                py = self.py(value, second=True)
                self.text(self.right + 6, py + self.small * 0.35, self._format(value), size=self.small)
        if y_title:
            self.text(self.left - 6, self.top - self.small * 0.9, y_title, size=self.small, fill=MUTED)
        if y2_title:
            self.text(self.right + 6, self.top - self.small * 0.9, y2_title, size=self.small, anchor="end",
                      fill=MUTED)  # fmt: skip
        for value, label in x_ticks:
            px = self.px(value)
            for k, part in enumerate(label.split("\n")):
                self.text(px, self.bottom + self.small * (1.3 + 1.2 * k), part, size=self.small, anchor="middle")
        if x_title:
            self.text(self.right, self.bottom + self.small * (1.5 + 1.2 * lines), x_title, size=self.small,
                      anchor="end", fill=MUTED)  # fmt: skip
        if narrow and legend_rows:
            self._legend(legend_rows, height - legend_height - 2)

    # -- coordinates ------------------------------------------------------------

    def px(self, value: float) -> float:
        low, high = self.x_range
        return self.left + (value - low) / ((high - low) or 1) * (self.right - self.left)

    def py(self, value: float, *, second: bool = False) -> float:
        low, high = self.y2_range if second and self.y2_range else self.y_range
        return self.bottom - (value - low) / ((high - low) or 1) * (self.bottom - self.top)

    # -- marks in data coordinates ----------------------------------------------

    def bars(
        self,
        centres: Sequence[float],
        tops: Sequence[float],
        *,
        width: float,
        colours: str | Sequence[str],
        bases: Sequence[float] | None = None,
    ) -> None:
        """Vertical bars ``width`` data units wide, from ``bases`` (default 0) to ``tops``."""
        half = abs(self.px(width) - self.px(0)) / 2
        for k, (centre, top) in enumerate(zip(centres, tops, strict=True)):
            base = bases[k] if bases is not None else 0.0
            y1, y2 = sorted((self.py(base), self.py(base + top if bases is not None else top)))
            colour = colours if isinstance(colours, str) else colours[k]
            self.rect_px(self.px(centre) - half, y1, 2 * half, y2 - y1, fill=colour)

    def line(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        colour: str,
        width: float = 2,
        dash: str = "",
        markers: float = 0,
        second: bool = False,
    ) -> None:
        points = [(self.px(x), self.py(y, second=second)) for x, y in zip(xs, ys, strict=True)]
        self.parts.append(
            f'<polyline points="{_points(points)}" fill="none" stroke="{colour}" stroke-width="{width}"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + ' stroke-linejoin="round"/>'
        )
        for x, y in points if markers else ():
            self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{markers}" fill="{colour}"/>')

    def area(
        self, xs: Sequence[float], low: Sequence[float], high: Sequence[float], *, colour: str, opacity: float = 1.0
    ) -> None:
        """The band between ``low`` and ``high``."""
        upper = [(self.px(x), self.py(y)) for x, y in zip(xs, high, strict=True)]
        lower = [(self.px(x), self.py(y)) for x, y in zip(xs, low, strict=True)][::-1]
        self.parts.append(
            f'<polygon points="{_points(upper + lower)}" fill="{colour}"'
            + (f' fill-opacity="{opacity}"' if opacity < 1 else "")
            + "/>"
        )

    def hline(self, y: float, *, colour: str, width: float = 1, dash: str = "") -> None:
        py = self.py(y)
        self.line_px(self.left, py, self.right, py, colour=colour, width=width, dash=dash)

    def vline(self, x: float, *, colour: str, width: float = 1, dash: str = "") -> None:
        px = self.px(x)
        self.line_px(px, self.top, px, self.bottom, colour=colour, width=width, dash=dash)

    # -- marks in the viewBox's units ---------------------------------------------

    def rect_px(self, x: float, y: float, width: float, height: float, *, fill: str, opacity: float = 1.0) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{max(height, 0):.1f}" fill="{fill}"'
            + (f' fill-opacity="{opacity}"' if opacity < 1 else "")
            + "/>"
        )

    def line_px(
        self, x1: float, y1: float, x2: float, y2: float, *, colour: str, width: float = 1, dash: str = ""
    ) -> None:
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{width}"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: float,
        anchor: str = "start",
        weight: str = "normal",
        fill: str = INK,
    ) -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"'
            + (f' font-weight="{weight}"' if weight != "normal" else "")
            + f">{escape(words)}</text>"
        )

    def svg(self) -> str:
        """The chart's markup: it scales to the width of the page, keeping its proportions."""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height:.0f}" '
            f'width="100%" font-family="{FONT}" aria-hidden="true" class="of-svg">' + "".join(self.parts) + "</svg>"
        )

    # -- legend ----------------------------------------------------------------

    @staticmethod
    def text_width(words: str, size: float) -> float:
        """How wide ``words`` are drawn at ``size``, for laying out labels."""
        # DejaVu Sans averages about 0.6 em a character; a little generous, so that labels never overlap.
        return len(words) * size * 0.6

    def _legend_rows(self, keys: Sequence[Key]) -> list[list[Key]]:
        rows: list[list[Key]] = []
        used = float(self.width)
        for key in keys:
            width = 28 + self.text_width(key.label, self.small)
            if rows and used + width <= self.width - 16:
                rows[-1].append(key)
                used += width
            else:
                rows.append([key])
                used = 8 + width
        return rows

    def _legend(self, rows: list[list[Key]], top: float) -> None:
        for r, row in enumerate(rows):
            y = top + r * self.small * 1.7 + self.small
            x = 8.0
            for key in row:
                self._swatch(key, x, y - self.small * 0.4)
                self.text(x + 22, y, key.label, size=self.small)
                x += 28 + self.text_width(key.label, self.small)

    def _swatch(self, key: Key, x: float, y: float) -> None:
        if key.swatch == "box":
            self.rect_px(x, y - 5, 16, 10, fill=key.colour, opacity=key.opacity)
            return
        dash = {"dash": "6 3", "dotted": "2 3"}.get(key.swatch, "")
        self.line_px(x, y, x + 16, y, colour=key.colour, width=2, dash=dash)
        if key.swatch == "dots":
            self.parts.append(f'<circle cx="{x + 8:.1f}" cy="{y:.1f}" r="3" fill="{key.colour}"/>')


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
