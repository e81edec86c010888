"""`sitreps eval`: score a run on an annotated corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from .app import AsJson, Verbose, app, out, print_json


@app.command("eval")
def evaluate_cmd(
    corpus: Annotated[
        Path, typer.Option("--corpus", help="corpus.jsonl of an annotated corpus (or its folder)")
    ],
    gold: Annotated[
        Path | None, typer.Option("--gold", help="gold.jsonl [default: beside the corpus]")
    ] = None,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Also write what the run found")
    ] = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Score a run on an annotated corpus (fresh temporary database), as ../corpus/README.md says."""
    from ..evaluate import evaluate, render_table, to_json
    from ..evaluate.predict import predict_corpus

    if corpus.is_dir():
        corpus = corpus / "corpus.jsonl"
    gold = gold or corpus.with_name("gold.jsonl")
    for path in (corpus, gold):
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    scores = evaluate(corpus, gold, predict_corpus, predictions_out=predictions)
    if as_json:
        print_json(to_json(scores))
    else:
        out.print(render_table(scores))
