"""`python -m simulator.coding.coder train --annomi PATH`: retrain the coder's model file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.coding.coder.model import DEFAULT_MODEL

app = typer.Typer(add_completion=False, help="The MI coder's model.")


@app.callback()
def main() -> None:
    """The MI coder's model (training needs the dev extras: pandas, scikit-learn)."""


@app.command()
def train(
    annomi: Annotated[
        Path, typer.Option(exists=True, help="The AnnoMI folder (or its AnnoMI-simple.csv).")
    ],
    output: Annotated[Path, typer.Option(help="Where to write the model file.")] = DEFAULT_MODEL,
    evaluate: Annotated[
        bool, typer.Option(help="Also run transcript-level cross-validation; store its macro-F1.")
    ] = True,
) -> None:
    """Train on AnnoMI plus the project's peer-support utterances and write the model.

    Example: python -m simulator.coding.coder train --annomi data/annomi
    """
    from simulator.coding.coder.training import train as run_training

    metadata = run_training(annomi, output, evaluate=evaluate)
    typer.echo(f"Wrote {output} ({output.stat().st_size / 1e6:.1f} MB)")
    for task, values in metadata["metrics"].items():
        typer.echo(f"  {task}: {values}")


if __name__ == "__main__":
    app()
