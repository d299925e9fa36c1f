"""End-of-session plots: MITI measures vs fair/good thresholds, rapport, change vs sustain talk.

matplotlib is imported inside the functions, so `import simulator` stays fast. Figures are
built with the object-oriented API (no pyplot, no global state, no GUI backend). Every signal
is carried by more than colour: threshold lines differ in style and are labelled in words,
bars carry hatching and their value as text.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from simulator.engine.metrics import THRESHOLDS, SessionSummary

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INK = "#1a1a1a"
BAR = "#1f4e99"  # 8.6:1 on white
CHANGE = "#1f6e43"  # 6.3:1 on white
SUSTAIN = "#8a3b12"  # 8.0:1 on white
MEASURE_TITLES = {
    "reflection_to_question": "Reflections per question (R:Q)",
    "percent_complex_reflections": "Complex reflections (%)",
}


def session_figure(summary: SessionSummary) -> Figure:
    """A 2×2 figure: R:Q and % complex reflections vs MITI thresholds, rapport, talk."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 6), layout="tight")
    (rq_axes, complex_axes), (rapport_axes, talk_axes) = figure.subplots(2, 2)
    _threshold_panel(rq_axes, summary, "reflection_to_question")
    _threshold_panel(complex_axes, summary, "percent_complex_reflections")
    _rapport_panel(rapport_axes, summary)
    _talk_panel(talk_axes, summary)
    return figure


def describe(summary: SessionSummary) -> str:
    """The figure in words (its alt text): every number a sighted reader would see."""
    rapport = ", ".join(f"{value:.2f}" for value in summary.rapport) or "no turns yet"
    return (
        f"Reflections per question {summary.reflection_to_question:.1f} "
        f"({summary.level('reflection_to_question')}; fair 1, good 2). "
        f"Complex reflections {summary.percent_complex_reflections:.0f}% "
        f"({summary.level('percent_complex_reflections')}; fair 40%, good 50%). "
        f"Rapport after each turn, from 0 to 1: {rapport}. "
        f"Change talk {summary.change_talk}, sustain talk {summary.sustain_talk}."
    )


def figure_png(figure: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _threshold_panel(axes: Axes, summary: SessionSummary, measure: str) -> None:
    fair, good = THRESHOLDS[measure]
    value = summary.value(measure)
    top = max(value, good) * 1.35 or 1
    axes.barh([0], [value], color=BAR, hatch="//", edgecolor=INK, height=0.5)
    axes.text(value + top * 0.02, 0, f"{value:.1f} ({summary.level(measure)})", va="center")
    axes.axvline(fair, color=INK, linestyle="--", linewidth=1.5)
    axes.axvline(good, color=INK, linestyle="-", linewidth=2)
    axes.text(fair, 0.42, "fair ", va="bottom", ha="right", color=INK)
    axes.text(good, 0.42, " good", va="bottom", ha="left", color=INK)
    axes.set_xlim(0, top)
    axes.set_ylim(-0.6, 0.75)
    axes.set_yticks([])
    axes.set_title(MEASURE_TITLES[measure], color=INK)


def _rapport_panel(axes: Axes, summary: SessionSummary) -> None:
    turns = list(range(1, len(summary.rapport) + 1))
    axes.plot(turns, summary.rapport, color=BAR, marker="o", linewidth=2)
    axes.set_ylim(0, 1)
    axes.set_xlabel("turn")
    axes.set_ylabel("rapport (0 to 1)")
    axes.set_title("Rapport over turns", color=INK)
    if turns:
        axes.set_xticks(turns)
    axes.grid(True, linestyle=":", color="#767676")


def _talk_panel(axes: Axes, summary: SessionSummary) -> None:
    counts = [summary.change_talk, summary.sustain_talk]
    bars = axes.bar(
        ["change talk", "sustain talk"],
        counts,
        color=[CHANGE, SUSTAIN],
        edgecolor=INK,
        hatch=["..", "xx"],
    )
    axes.bar_label(bars, labels=[str(count) for count in counts])
    axes.set_ylim(0, max(*counts, 1) * 1.3)
    axes.set_ylabel("replies")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title("Change vs sustain talk", color=INK)
