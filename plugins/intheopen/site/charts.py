"""Static SVG bar charts, each with the same data as a table: no JavaScript, nothing fetched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
_BAR, _GAP, _LEFT, _TOP, _HEIGHT, _LEGEND = 30, 16, 44, 16, 180, 24
_CHAR = 9  # the width of a character of the labels (16px), roughly


@dataclass(frozen=True)
class Chart:
    """Counts by category (the bars) and series (the stacked parts of each bar)."""

    id: str
    title: str
    description: str
    categories: list[str]
    series: list[tuple[str, list[int]]]
    category_heading: str
    palette: str = "series"  # the CSS class of the nth series is ito-PALETTE-n

    def view(self) -> dict[str, Any]:
        """What the progress template shows: the SVG, and a table of the same numbers."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "svg": self.svg(),
            "table": {
                "head": [self.category_heading, *(name for name, _ in self.series), "Total"],
                "rows": [
                    [
                        category,
                        *(str(values[i]) for _, values in self.series),
                        str(sum(values[i] for _, values in self.series)),
                    ]
                    for i, category in enumerate(self.categories)
                ],
            },
        }

    def svg(self) -> str:
        totals = [sum(values[i] for _, values in self.series) for i in range(len(self.categories))]
        top = max([*totals, 1])
        longest = max((len(name) for name, _ in self.series), default=0)
        lines = [_lines(category) for category in self.categories]
        widest = max((len(line) for both in lines for line in both), default=0)
        column = max(_BAR + _GAP, _CHAR * widest + 8)  # labels side by side, never overlapping
        width = max(_LEFT + len(self.categories) * column + _GAP, _LEFT + 24 + _CHAR * longest, 240)
        legend_rows = len(self.series)
        height = _TOP + _HEIGHT + 56 + legend_rows * _LEGEND
        svg = etree.Element(
            f"{{{SVG}}}svg",
            nsmap={None: SVG},
            role="img",
            width=str(width),  # drawn at this size, smaller only on a narrower screen
            viewBox=f"0 0 {width} {height}",
            attrib={
                "aria-labelledby": f"{self.id}-title {self.id}-desc",
                "class": "ito-chart__svg",
            },
        )
        etree.SubElement(svg, f"{{{SVG}}}title", id=f"{self.id}-title").text = self.title
        etree.SubElement(svg, f"{{{SVG}}}desc", id=f"{self.id}-desc").text = self.description
        base = _TOP + _HEIGHT
        for step in (0, top):
            y = base - _HEIGHT * step / top
            etree.SubElement(
                svg,
                f"{{{SVG}}}line",
                x1=str(_LEFT - 4),
                x2=str(width),
                y1=f"{y:g}",
                y2=f"{y:g}",
                attrib={"class": "ito-chart__axis"},
            )
            label = etree.SubElement(
                svg,
                f"{{{SVG}}}text",
                x=str(_LEFT - 8),
                y=f"{y + 4:g}",
                attrib={"class": "ito-chart__label", "text-anchor": "end"},
            )
            label.text = str(step)
        for i, category in enumerate(self.categories):
            x = _LEFT + _GAP + i * column + (column - _BAR - _GAP) / 2
            y = float(base)
            for number, (name, values) in enumerate(self.series, start=1):
                if values[i]:
                    height_of = _HEIGHT * values[i] / top
                    y -= height_of
                    bar = etree.SubElement(
                        svg,
                        f"{{{SVG}}}rect",
                        x=str(x),
                        y=f"{y:g}",
                        width=str(_BAR),
                        height=f"{height_of:g}",
                        attrib={"class": f"ito-{self.palette}-{number}"},
                    )
                    etree.SubElement(
                        bar, f"{{{SVG}}}title"
                    ).text = f"{category}, {name}: {values[i]}"
            text = etree.SubElement(
                svg,
                f"{{{SVG}}}text",
                x=f"{x + _BAR / 2:g}",
                y=str(base + 18),
                attrib={"class": "ito-chart__label", "text-anchor": "middle"},
            )
            for number, line in enumerate(lines[i]):
                part = etree.SubElement(text, f"{{{SVG}}}tspan", x=f"{x + _BAR / 2:g}")
                part.set("dy", "0" if number == 0 else "18")
                part.text = line
        for number, (name, _) in enumerate(self.series, start=1):
            y = base + 60 + (number - 1) * _LEGEND
            etree.SubElement(
                svg,
                f"{{{SVG}}}rect",
                x=str(_LEFT),
                y=str(y - 11),
                width="14",
                height="14",
                attrib={"class": f"ito-{self.palette}-{number}"},
            )
            key = etree.SubElement(
                svg,
                f"{{{SVG}}}text",
                x=str(_LEFT + 20),
                y=str(y),
                attrib={"class": "ito-chart__label"},
            )
            key.text = name
        return str(etree.tostring(svg, encoding="unicode"))


def _lines(label: str) -> tuple[str, ...]:
    """A bar's label in at most two lines ('2026 Q1' as '2026' over 'Q1'), so that bars can
    stand close enough for a phone's screen."""
    first, _, rest = label.partition(" ")
    return (first, rest) if rest else (first,)
