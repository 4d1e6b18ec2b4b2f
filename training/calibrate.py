"""``tousu calibrate``: the review and alert thresholds that cost least, from the policy's cost table.

The level a decision applies does not depend on these thresholds (the model's most
probable level, raised by the rules' floors); what they decide is which grades go to a
person (``level_min_confidence``, ``category_min_confidence``, the level-3 risk band
``level3_watch``) and when the model alone alerts the leadership group
(``level3_alert``), and, for a bundle that carries precedents, which grades their level-3 share
flags (``precedent_level3_share``) and which outage alerts it holds for a person
(``precedent_alert_share``). So the grades are made once, with the policy's rules, and every
combination of thresholds on a grid is scored on them at once:

    cost = missed_level_3 × (level 3, graded lower, not flagged)
         + false_alarm    × (leadership alerted, not level 3)
         + review         × (flagged for review)
         + wrong_grade    × (applied without review, level or category wrong)

per complaint, on labelled complaints the model did not learn from, among the settings
that keep the review share within the policy's ``review_budget`` (when it declares one).
The answer is a proposal: the thresholds, their figures, and the policy lines to paste.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.decision import Suggestion
from pipeline.errors import PolicyError
from pipeline.policy import Policy
from pipeline.policy.decide import POSSIBLE_LEVEL_3, level3_probability, level_confidence, precedent_level3_share
from pipeline.policy.replay import prediction_of

GRID: dict[str, tuple[float, ...]] = {
    "category_min_confidence": (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6),
    "level_min_confidence": (0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7),
    "level3_watch": (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 1.01),
    "level3_alert": (0.5, 0.6, 0.7, 0.8, 0.9, 1.01),
    "level3_corroborate": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
}
#: The precedent shares, searched only where the graded complaints carry precedents (1.01 and
#: 0.0: off, the policy line left out).
PRECEDENT_GRID: dict[str, tuple[float, ...]] = {
    "precedent_level3_share": (0.5, 0.6, 0.7, 0.8, 1.01),
    "precedent_alert_share": (0.0, 0.2, 0.3, 0.4, 0.5),
}
_OFF = {"precedent_level3_share": 1.01, "precedent_alert_share": 0.0}
#: Review reasons that no threshold of this search moves.
_FIXED_REASONS = ("no_evidence", "policy_overrules_model")


def _columns(records: Sequence[dict[str, Any]], graded: Sequence[Suggestion], policy: Policy) -> dict[str, np.ndarray]:
    always = {r.id for r in policy.rules if r.notify == "always" and r.min_level == 3}
    with_model = {r.id for r in policy.rules if r.notify == "with_model" and r.min_level == 3}
    cols: dict[str, list[Any]] = {k: [] for k in ("true_level", "true_cat", "level", "category", "model_level",
                                                  "cat_p", "level_p", "p3", "fixed", "rule_alert",
                                                  "rule_alert_with_model", "has_precedents", "precedent_share")}
    for record, s in zip(records, graded, strict=True):
        prediction = prediction_of(s)
        cols["true_level"].append(int(record["severity"]))
        cols["true_cat"].append(record["category"])
        cols["level"].append(s.level)
        cols["category"].append(s.category)
        cols["model_level"].append(s.model_level)
        cols["cat_p"].append(s.category_proba)
        cols["level_p"].append(level_confidence(prediction, s.level))
        cols["p3"].append(level3_probability(prediction))
        cols["fixed"].append(any(r in s.review_reasons for r in _FIXED_REASONS))
        cols["rule_alert"].append(any(r.id in always for r in s.rules))
        cols["rule_alert_with_model"].append(any(r.id in with_model for r in s.rules))
        cols["has_precedents"].append(bool(s.precedents))
        cols["precedent_share"].append(precedent_level3_share(tuple(s.precedents)))
    return {k: np.asarray(v) for k, v in cols.items()}


def outcomes(cols: dict[str, np.ndarray], *, category_min_confidence: float, level_min_confidence: float,
             level3_watch: float, level3_alert: float, level3_corroborate: float,
             precedent_level3_share: float = _OFF["precedent_level3_share"],
             precedent_alert_share: float = _OFF["precedent_alert_share"]) -> dict[str, np.ndarray]:
    """Returns, per complaint, whether it is flagged and whether the leadership group is alerted,
    as ``decide()`` would under these thresholds."""
    watch = (cols["level"] < 3) & (cols["p3"] >= level3_watch)
    alike = cols["has_precedents"] & (cols["level"] < 3) & (cols["precedent_share"] >= precedent_level3_share)
    doubted = cols["has_precedents"] & (cols["precedent_share"] < precedent_alert_share)
    corroborated = cols["rule_alert_with_model"] & (cols["p3"] >= level3_corroborate)
    withheld = corroborated & doubted & ~cols["rule_alert"]
    flagged = (cols["fixed"] | (cols["cat_p"] < category_min_confidence)
               | (cols["level_p"] < level_min_confidence) | watch | alike | (withheld & (cols["level"] == 3)))
    confident = (cols["level"] == 3) & (cols["model_level"] == 3) & (cols["p3"] >= level3_alert)
    named = cols["rule_alert"] | (corroborated & ~doubted)
    alerted = (cols["level"] == 3) & (named | confident)
    return {"flagged": flagged, "alerted": alerted}


def figures(cols: dict[str, np.ndarray], flagged: np.ndarray, alerted: np.ndarray) -> dict[str, Any]:
    """The selective-grading figures of one setting (the ``tousu evaluate`` names)."""
    auto = ~flagged
    right_level = cols["level"] == cols["true_level"]
    right_cat = cols["category"] == cols["true_cat"]
    true3 = cols["true_level"] == 3
    return {
        "review_rate": round(float(flagged.mean()), 4),
        "auto_severity_accuracy": round(float(right_level[auto].mean()), 4) if auto.any() else None,
        "auto_category_accuracy": round(float(right_cat[auto].mean()), 4) if auto.any() else None,
        "level3_silent_miss_rate": round(float((true3 & (cols["level"] < 3) & auto).mean()), 4),
        "alert_precision": round(float(true3[alerted].mean()), 4) if alerted.any() else None,
        "alerts": int(alerted.sum()),
    }


def _cost(cols: dict[str, np.ndarray], flagged: np.ndarray, alerted: np.ndarray, policy: Policy) -> float:
    costs = policy.costs
    assert costs is not None
    true3 = cols["true_level"] == 3
    wrong = (cols["level"] != cols["true_level"]) | (cols["category"] != cols["true_cat"])
    total = (costs.missed_level_3 * (true3 & (cols["level"] < 3) & ~flagged)
             + costs.false_alarm * (alerted & ~true3)
             + costs.review * flagged
             + costs.wrong_grade * (wrong & ~flagged))
    return float(total.mean())


def calibrate(records: Sequence[dict[str, Any]], graded: Sequence[Suggestion], policy: Policy, *,
              grid: dict[str, tuple[float, ...]] | None = None, top: int = 5) -> dict[str, Any]:
    """Returns the thresholds of least expected cost per complaint, with their figures and runners-up."""
    if policy.costs is None:
        raise PolicyError(f"Policy {policy.version} declares no `costs`; calibration weighs thresholds by them.")
    if not records:
        raise ValueError("calibration needs labelled complaints; got none")
    cols = _columns(records, graded, policy)
    grid = grid or _grid(cols)
    names = list(grid)
    scored = search(cols, policy, grid)
    if not scored:
        raise ValueError(f"no setting of the grid keeps the review share within {policy.costs.review_budget}")
    best_cost, best, result = scored[0]
    current = outcomes(cols, **{n: _threshold(policy, n) for n in names})
    return {
        "n": len(records),
        "policy_version": policy.version,
        "costs": policy.costs.model_dump(),
        "proposed": {**best, "expected_cost": round(best_cost, 4),
                     **figures(cols, result["flagged"], result["alerted"])},
        "current": {**{n: _threshold(policy, n) for n in names},
                    "expected_cost": round(_cost(cols, current["flagged"], current["alerted"], policy), 4),
                    **figures(cols, current["flagged"], current["alerted"])},
        "runners_up": [{**setting, "expected_cost": round(cost, 4)} for cost, setting, _ in scored[1:top]],
        "policy_lines": "thresholds:\n" + "".join(
            f"  {n}: {best[n]}\n" for n in names if 0.0 < best[n] <= 1.0 or (best[n] == 0.0 and n not in _OFF)),
        "note": "a threshold of 1.01 switches that check off (and a precedent_alert_share of 0.0); "
                f"{POSSIBLE_LEVEL_3} is the review reason of the level-3 risk band",
    }


def search(cols: dict[str, np.ndarray], policy: Policy, grid: dict[str, tuple[float, ...]] | None = None
           ) -> list[tuple[float, dict[str, float], dict[str, np.ndarray]]]:
    """Returns every admissible setting of the grid with its cost and outcomes, cheapest first."""
    grid = grid or _grid(cols)
    budget = policy.costs.review_budget if policy.costs else None
    names = list(grid)
    scored = []
    for values in itertools.product(*(grid[n] for n in names)):
        setting = dict(zip(names, values, strict=True))
        if setting["level3_watch"] > setting["level3_alert"]:
            continue
        result = outcomes(cols, **setting)
        if budget is not None and result["flagged"].mean() > budget:
            continue
        scored.append((_cost(cols, result["flagged"], result["alerted"], policy), setting, result))
    scored.sort(key=lambda item: item[0])
    return scored


def columns(records: Sequence[dict[str, Any]], graded: Sequence[Suggestion], policy: Policy) -> dict[str, np.ndarray]:
    """The per-complaint facts calibration works on (public for cross-validated use)."""
    return _columns(records, graded, policy)


def _grid(cols: dict[str, np.ndarray]) -> dict[str, tuple[float, ...]]:
    """The thresholds' grid; the precedent shares only where some complaint carries precedents."""
    return {**GRID, **PRECEDENT_GRID} if cols["has_precedents"].any() else dict(GRID)


def _threshold(policy: Policy, name: str) -> float:
    value = getattr(policy.thresholds, name)
    if value is None and name == "level3_corroborate":
        value = policy.thresholds.level3_watch  # what decide() falls back to
    if value is None:
        return _OFF.get(name, 1.01)
    return float(value)
