"""Body-sentence precision and recall against the gold bodies (``tests/gold/bodies.jsonl``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from newscrawl.text import match_key, split_sentences

GOLD = Path(__file__).parent / "gold" / "bodies.jsonl"


def gold_bodies() -> dict[str, str]:
    """``articleId`` -> the exact expected ``articleBody`` of every snapshot article."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return {row["articleId"]: row["articleBody"] for row in map(json.loads, lines)}


def _sentences(text: str | None) -> Counter[str]:
    return Counter(match_key(s) for s in split_sentences(text or ""))


def precision_recall(pairs: Iterable[tuple[str | None, str]]) -> tuple[float, float]:
    """Micro-averaged sentence precision and recall of extracted bodies against gold ones."""
    hit = extracted_total = gold_total = 0
    for extracted, gold in pairs:
        got, want = _sentences(extracted), _sentences(gold)
        hit += sum((got & want).values())
        extracted_total += sum(got.values())
        gold_total += sum(want.values())
    precision = hit / extracted_total if extracted_total else 0.0
    recall = hit / gold_total if gold_total else 0.0
    return precision, recall
