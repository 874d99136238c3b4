"""Charts for the reports: one Altair theme and a helper per chart type, rendered offline to SVG.

Why inline SVG (vl-convert) rather than Vega-Embed: it needs no JavaScript, works from file://,
prints crisply, and WeasyPrint draws the same SVG in the PDF. The theme uses one font, greys
plus one accent colour, and shapes/dashes so that a black-and-white print still tells the series
apart. Chart helpers take Polars frames that are ALREADY published (passed through
`reports.privacy.protect` where they show persons or duos): a suppressed count arrives as null and
is drawn as a "<10" label, never as a bar.

Titles are not drawn in the chart: the report's figure caption carries them (translated,
searchable, styled like the rest of the page).
"""

from __future__ import annotations

import math
import re
from typing import Sequence

import altair as alt
import polars as pl

from reports.i18n import check_lang, code_label, t
from samen.contracts import phases

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
ACCENT = "#0b5c8a"  # dark blue: stands out in colour, prints as a dark grey
INK = "#1a1a1a"
GREYS = ("#3d3d3d", "#7a7a7a", "#a8a8a8", "#d0d0d0")
CATEGORY = (ACCENT, *GREYS)  # first series in accent, the rest in clearly different greys
SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3])
PHASES = phases()  # from the coordinator contract
WIDTH, HEIGHT = 520, 260
# d3-format / d3-time-format locales vl-convert knows: decimal comma in Dutch.
_D3_LOCALE = {"nl": "nl-NL", "en": "en-GB"}

THEME_NAME = "samen"
CONFIG: dict = {
    "font": FONT,
    "background": "white",
    "padding": 6,
    "view": {"stroke": None, "continuousWidth": WIDTH, "continuousHeight": HEIGHT},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal", "labelColor": INK,
             "titleColor": INK, "gridColor": "#e3e3e3", "domainColor": "#6b6b6b", "tickColor": "#6b6b6b",
             "labelLimit": 260},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "titleFontWeight": "normal", "orient": "bottom",
               "labelColor": INK, "titleColor": INK, "symbolStrokeColor": INK, "labelLimit": 320},
    "header": {"labelFontSize": 11, "titleFontSize": 11},
    "range": {"category": list(CATEGORY), "ordinal": list(CATEGORY), "symbol": list(SHAPES),
              "strokeDash": [list(d) for d in DASHES]},
    "bar": {"fill": ACCENT, "stroke": INK, "strokeWidth": 0.6},
    "rect": {"fill": ACCENT},
    "line": {"stroke": ACCENT, "strokeWidth": 2},
    "point": {"filled": True, "size": 60, "stroke": INK, "strokeWidth": 0.8},
    "area": {"fill": ACCENT, "opacity": 0.18},
    "rule": {"stroke": INK},
    "text": {"font": FONT, "fontSize": 11, "fill": INK},
}


@alt.theme.register(THEME_NAME, enable=False)
def samen_theme() -> alt.theme.ThemeConfig:
    """The report theme, also usable in a notebook: `alt.theme.enable("samen")`."""
    return alt.theme.ThemeConfig(config=CONFIG)


def to_svg(chart: alt.TopLevelMixin, lang: str, *, description: str = "", prefix: str = "c") -> str:
    """Render a chart to an SVG string for inline use, numbers in the report's language.

    Element ids are prefixed so that several charts can live in one HTML page without their
    clip paths colliding (Vega numbers them from 1 in every rendering).
    """
    import vl_convert as vlc

    with alt.theme.enable(THEME_NAME):
        spec = chart.to_dict()
    locale = _D3_LOCALE[check_lang(lang)]
    svg = vlc.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
    svg = _namespace_ids(svg, prefix)
    attrs = ' role="img"' + (f' aria-label="{_attr(description)}"' if description else "")
    return svg.replace("<svg ", f"<svg{attrs} ", 1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _namespace_ids(svg: str, prefix: str) -> str:
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|url\(#|href="#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r')(?=["\)])')
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


def _sorted_labels(frame: pl.DataFrame, column: str) -> list[str]:
    return [v for v in dict.fromkeys(frame[column].to_list()) if v is not None]


def _series(field: str, order: list[str], *channels: str) -> dict:
    """Encodings that tell series apart on several channels at once (colour + shape/dash), in `order`.

    The order goes into each scale's domain, not into `sort`: Vega-Lite merges the legends of
    channels with the same field and domain into one legend, but not when `sort` is set.
    """
    palette = list(CATEGORY) * (len(order) // len(CATEGORY) + 1)
    kinds = {
        "color": lambda: alt.Color(f"{field}:N", title=None, scale=alt.Scale(domain=order, range=palette[: len(order)])),
        "fill": lambda: alt.Fill(f"{field}:N", title=None, scale=alt.Scale(domain=order, range=palette[: len(order)])),
        "shape": lambda: alt.Shape(f"{field}:N", title=None, scale=alt.Scale(domain=order)),
        "strokeDash": lambda: alt.StrokeDash(f"{field}:N", title=None, scale=alt.Scale(domain=order)),
    }
    return {channel: kinds[channel]() for channel in channels}


def _count_axis(frame: pl.DataFrame, category: str, value: str) -> alt.Axis:
    """Whole-number ticks: with small counts Vega would otherwise print 0, 1, 1, 2, 2 (0.5 steps, rounded)."""
    top = int(frame.group_by(category).agg(pl.col(value).sum())[value].max() or 0) if frame.height else 0
    if top <= 10:
        return alt.Axis(format=",d", values=list(range(0, top + 1)))
    return alt.Axis(format=",d", tickMinStep=1)


def _log_ticks(values: pl.Series) -> list[float]:
    """1-2-5 ticks covering the data: a log axis with readable labels instead of every decade step."""
    v = values.drop_nulls().filter(values.drop_nulls() > 0)
    if v.is_empty():
        return [1, 10, 100]
    low, high = float(v.min()), float(v.max())
    ticks, decade = [], 10 ** math.floor(math.log10(low))
    while decade <= high * 10:
        ticks += [m * decade for m in (1, 2, 5)]
        decade *= 10
    inside = [x for x in ticks if low / 2 <= x <= high * 2]
    return inside or ticks


# --- 1. hours per phase against the handbook examples -----------------------------------------


def phase_hours_chart(frame: pl.DataFrame, lang: str, *, phase: str = "fase", value: str = "uren",
                      series: str = "reeks", share: bool = False, y_title: str | None = None,
                      y_format: str | None = None, height: int = HEIGHT, x_title: str | None = "") -> alt.Chart:
    """Grouped bars: hours (or share of hours) per phase, one bar per series.

    `series` holds display labels (this initiative first, then the handbook examples); the first
    series gets the accent colour, the others greys, each bar outlined so it survives grey print.
    """
    data = frame.with_columns(
        pl.col(phase).map_elements(lambda c: code_label("fase", c, lang), return_dtype=pl.String).alias("_fase")
    )
    order = [code_label("fase", p, lang) for p in PHASES if p in set(frame[phase].to_list())]
    order += [p for p in _sorted_labels(data, "_fase") if p not in order]
    series_order = _sorted_labels(data, series)
    y_title = y_title or t("axis_hours_share" if share else "axis_hours", lang)
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("_fase:N", sort=order, title=t("axis_phase", lang) if x_title == "" else x_title,
                axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset(f"{series}:N", scale=alt.Scale(domain=series_order)),
        y=alt.Y(f"{value}:Q", title=y_title, axis=alt.Axis(format=y_format or (".0%" if share else ",d"))),
        **_series(series, series_order, "color"),
    ).properties(width=WIDTH, height=height)


# --- 2. economies of scale: hours per duo against duos, log axes --------------------------------


def scale_chart(frame: pl.DataFrame, lang: str, *, duos: str = "duos", hours_per_duo: str = "uren_per_duo",
                series: str = "reeks", label: str | None = "label", height: int = HEIGHT) -> alt.LayerChart:
    """Scatter on log–log axes: each initiative (and handbook example) as a point, shape by series.

    Rows with a value in `label` get a text label beside their point (the handbook examples and
    this initiative; peers stay unlabelled).
    """
    series_order = _sorted_labels(frame, series)
    base = alt.Chart(frame).encode(
        x=alt.X(f"{duos}:Q", scale=alt.Scale(type="log"), title=t("axis_duos", lang),
                axis=alt.Axis(format=",d", values=_log_ticks(frame[duos]))),
        y=alt.Y(f"{hours_per_duo}:Q", scale=alt.Scale(type="log"), title=t("axis_hours_per_duo", lang),
                axis=alt.Axis(format=",~r", values=_log_ticks(frame[hours_per_duo]))),
    )
    points = base.mark_point().encode(**_series(series, series_order, "shape", "color"))
    layers = [points]
    if label and label in frame.columns:
        layers.append(base.transform_filter(f"isValid(datum['{label}']) && datum['{label}'] != ''")
                      .mark_text(align="left", dx=7, dy=-6).encode(text=f"{label}:N"))
    return alt.layer(*layers).properties(width=WIDTH, height=height)


# --- 3. distribution (e.g. the rhythm): pre-binned, suppression-aware histogram ------------------


def bin_counts(values: pl.Series, edges: Sequence[float]) -> pl.DataFrame:
    """Exact counts per bin [edge_i, edge_i+1), the last bin closed: columns van, tot, n.

    Binning happens before publishing so that `privacy.protect` can judge each bin's count.
    """
    edges = list(edges)
    if len(edges) < 2 or edges != sorted(edges):
        raise ValueError("need at least two increasing bin edges")
    v = values.drop_nulls()
    rows = []
    for i, (low, high) in enumerate(zip(edges, edges[1:])):
        last = i == len(edges) - 2
        inside = (v >= low) & ((v <= high) if last else (v < high))
        rows.append({"van": float(low), "tot": float(high), "n": int(inside.sum())})
    return pl.DataFrame(rows, schema={"van": pl.Float64, "tot": pl.Float64, "n": pl.Int64})


def histogram_chart(frame: pl.DataFrame, lang: str, *, start: str = "van", end: str = "tot", count: str = "n",
                    x_title: str | None = None, x_format: str = ".0%") -> alt.LayerChart:
    """Bars per bin from published counts; a suppressed bin (null) shows "<10" instead of a bar."""
    data = frame.with_columns(
        pl.col(count).is_null().alias("_small"),
        ((pl.col(start) + pl.col(end)) / 2).alias("_mid"),
    )
    x = alt.X(f"{start}:Q", bin="binned", title=x_title or t("axis_value", lang), axis=alt.Axis(format=x_format))
    bars = alt.Chart(data).transform_filter("!datum._small").mark_bar().encode(
        x=x, x2=f"{end}:Q", y=alt.Y(f"{count}:Q", title=t("axis_count", lang), axis=alt.Axis(format=",d")),
    )
    small = alt.Chart(data).transform_filter("datum._small").mark_text(baseline="bottom", dy=-2, fontSize=10).encode(
        x=alt.X("_mid:Q"), y=alt.datum(0), text=alt.value(t("small_bin", lang)),
    )
    return alt.layer(bars, small).properties(width=WIDTH, height=HEIGHT)


# --- 4. retention curve (Kaplan–Meier) with its interval band ------------------------------------


def retention_chart(frame: pl.DataFrame, lang: str, *, x: str = "maand", y: str = "aandeel", low: str = "lo",
                    high: str = "hi", series: str | None = None, height: int = HEIGHT) -> alt.LayerChart:
    """Step line of the share still running, with a step band for the 95% interval; dashes per series."""
    base = alt.Chart(frame)
    order = _sorted_labels(frame, series) if series else []
    band = base.mark_area(interpolate="step-after").encode(
        x=alt.X(f"{x}:Q", title=t("axis_months", lang), scale=alt.Scale(domain=[0, 12], nice=False),
                axis=alt.Axis(values=[0, 3, 6, 9, 12])),
        y=alt.Y(f"{low}:Q", title=t("axis_still_running", lang), scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".0%")),
        y2=f"{high}:Q",
        **(_series(series, order, "fill") if series else {}),
    )
    line = base.mark_line(interpolate="step-after").encode(
        x=f"{x}:Q", y=f"{y}:Q", **(_series(series, order, "color", "strokeDash") if series else {}))
    return alt.layer(band, line).properties(width=WIDTH, height=height)


# --- 5. forest plot of score changes ----------------------------------------------------------------


def forest_chart(frame: pl.DataFrame, lang: str, *, label: str = "label", estimate: str = "verschil",
                 low: str = "lo", high: str = "hi", series: str | None = None) -> alt.LayerChart:
    """Mean change per score with its 95% interval, a line at zero; withheld rows say so in text.

    With `series` (e.g. this initiative and all of Flanders and Brussels), each label gets one
    interval per series, offset vertically, told apart by colour and marker shape.
    """
    order = _sorted_labels(frame, label)
    data = frame.with_columns(pl.col(estimate).is_null().alias("_withheld"))
    y = alt.Y(f"{label}:N", sort=order, title=None)
    zero = alt.Chart(pl.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 3], color="#6b6b6b").encode(x="x:Q")
    shown = alt.Chart(data).transform_filter("!datum._withheld")
    if series:
        series_order = _sorted_labels(frame, series)
        offset = {"yOffset": alt.YOffset(f"{series}:N", scale=alt.Scale(domain=series_order))}
        whisker = shown.mark_rule(strokeWidth=1.5).encode(
            x=alt.X(f"{low}:Q", title=t("axis_change", lang)), x2=f"{high}:Q", y=y, **offset,
            **_series(series, series_order, "color"))
        point = shown.mark_point(size=70).encode(x=f"{estimate}:Q", y=y, **offset,
                                                 **_series(series, series_order, "color", "shape"))
        withheld = alt.Chart(data).transform_filter("datum._withheld").mark_text(align="left", dx=4, fontSize=10).encode(
            x=alt.datum(0), y=y, text=alt.value(t("legend_withheld_short", lang)), **offset)
        height = max(34 * len(order), 90)
    else:
        whisker = shown.mark_rule(strokeWidth=1.5).encode(
            x=alt.X(f"{low}:Q", title=t("axis_change", lang)), x2=f"{high}:Q", y=y)
        point = shown.mark_point(shape="square", size=70, color=ACCENT).encode(x=f"{estimate}:Q", y=y)
        withheld = alt.Chart(data).transform_filter("datum._withheld").mark_text(align="left", dx=4).encode(
            x=alt.datum(0), y=y, text=alt.value(t("legend_withheld_short", lang)))
        height = max(22 * len(order), 80)
    return alt.layer(zero, whisker, point, withheld).properties(width=WIDTH, height=height)


# --- 6. trend over years ------------------------------------------------------------------------------


def trend_chart(frame: pl.DataFrame, lang: str, *, x: str = "jaar", y: str = "waarde", series: str | None = "reeks",
                y_title: str | None = None, y_format: str = ",d", height: int = HEIGHT,
                y_domain: Sequence[float] | None = None) -> alt.Chart:
    """Lines with points per year; series differ in colour, dash and point shape."""
    data = frame.with_columns(pl.col(x).cast(pl.String))
    enc = _series(series, _sorted_labels(frame, series), "color", "strokeDash", "shape") if series else {}
    return alt.Chart(data).mark_line(point=True).encode(
        x=alt.X(f"{x}:O", title=t("axis_year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", title=y_title or t("axis_value", lang), axis=alt.Axis(format=y_format),
                scale=alt.Scale(domain=list(y_domain)) if y_domain else alt.Undefined),
        **enc,
    ).properties(width=WIDTH, height=height)


# --- generic horizontal bars (e.g. rows per rule in the datakwaliteit report) ----------------------


def bar_chart(frame: pl.DataFrame, lang: str, *, category: str, value: str, stack: str | None = None,
              x_title: str | None = None, x_format: str | None = None) -> alt.Chart:
    """Horizontal bars sorted by total, optionally stacked (accent for the first stack, grey for the next)."""
    order = (frame.group_by(category, maintain_order=True).agg(pl.col(value).sum())
             .sort(value, descending=True)[category].to_list())
    enc = _series(stack, _sorted_labels(frame, stack), "color") if stack else {}
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{category}:N", sort=order, title=None),
        x=alt.X(f"{value}:Q", title=x_title or t("axis_count", lang),
                axis=alt.Axis(format=x_format) if x_format else _count_axis(frame, category, value)),
        **enc,
    ).properties(width=WIDTH - 160, height=max(20 * len(order), 60))


# --- the funnel: people per step, by role, suppression-aware ------------------------------------------


def funnel_chart(frame: pl.DataFrame, lang: str, *, step: str = "stap", value: str = "n",
                 series: str = "reeks", x_title: str | None = None) -> alt.LayerChart:
    """Horizontal bars per step (in the frame's order), one bar per series (role) per step.

    Counts must be published already: a suppressed count (null) shows "<10" at the axis, never a bar.
    """
    steps = _sorted_labels(frame, step)
    series_order = _sorted_labels(frame, series)
    data = frame.with_columns(pl.col(value).is_null().alias("_small"))
    y = alt.Y(f"{step}:N", sort=steps, title=None, axis=alt.Axis(labelLimit=200))
    offset = alt.YOffset(f"{series}:N", scale=alt.Scale(domain=series_order))
    bars = alt.Chart(data).transform_filter("!datum._small").mark_bar().encode(
        y=y, yOffset=offset, x=alt.X(f"{value}:Q", title=x_title or t("axis_count", lang), axis=alt.Axis(format=",d")),
        **_series(series, series_order, "color"))
    numbers = alt.Chart(data).transform_filter("!datum._small").mark_text(align="left", dx=3, fontSize=10).encode(
        y=y, yOffset=offset, x=f"{value}:Q", text=alt.Text(f"{value}:Q", format=",d"))
    small = alt.Chart(data).transform_filter("datum._small").mark_text(align="left", dx=3, fontSize=10).encode(
        y=y, yOffset=offset, x=alt.datum(0), text=alt.value(t("small_bin", lang)))
    return alt.layer(bars, numbers, small).properties(width=WIDTH - 140, height=max(16 * len(steps) * len(series_order), 90))
