"""The notebook's helpers, on small hand-made inputs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from training.analysis import correction_drift, level_moves, rule_effects, worst_confusions


def _d(category, level, model, rules=()):
    return SimpleNamespace(category=category, level=level, model_level=model,
                           rules=[SimpleNamespace(id=r) for r in rules])


def test_worst_confusions_rank_mistakes_with_examples():
    records = [{"category": "网络问题"}, {"category": "网络问题"}, {"category": "费用问题"}, {"category": "网络问题"}]
    decisions = [_d("费用问题", 1, 1), _d("费用问题", 1, 1), _d("网络问题", 1, 1), _d("网络问题", 1, 1)]
    worst = worst_confusions(records, decisions, k=2)
    assert worst[0] == {"true": "网络问题", "predicted": "费用问题", "count": 2, "examples": [0, 1]}
    assert worst[1]["count"] == 1 and len(worst) == 2


def test_rule_effects_and_level_moves():
    decisions = [_d("x", 3, 1, ["ESC-REGULATOR"]), _d("x", 3, 3, ["ESC-REGULATOR"]), _d("x", 2, 2)]
    assert rule_effects(decisions) == [{"rule": "ESC-REGULATOR", "fired": 2, "raised_level": 1,
                                        "share_raised": 0.5}]
    assert level_moves(decisions) == {"1->3": 1, "2->2": 1, "3->3": 1}


def test_correction_drift_by_week(tmp_path):
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from serving.database.labels import confirmed_labels
    from serving.database.migrate import upgrade
    from serving.database.tables import ComplaintRow, ReviewRow

    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)
    engine = create_engine(url)
    at = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    with Session(engine) as session:
        for i, (days, action) in enumerate([(0, "confirm"), (1, "correct"), (8, "correct")]):
            session.add(ComplaintRow(id=f"c{i}", received_at=at, channel="hotline", text_masked="宽带", status="routed",
                                     category="网络问题", level=2, lead_department="技术部门", needs_review=False,
                                     reviewed=True, resolve_due=at, model_version="m", policy_version="p",
                                     suggestion={}, decision={}))
            session.flush()
            session.add(ReviewRow(complaint_id=f"c{i}", action=action, suggested_category="网络问题", suggested_level=2,
                                  category="费用问题" if action == "correct" else "网络问题", level=2, reason="",
                                  reviewer="a", reviewed_at=at + dt.timedelta(days=days), model_version="m",
                                  policy_version="p"))
        session.commit()
    engine.dispose()
    drift = correction_drift(confirmed_labels(url)[0])
    assert [(w["period"], w["reviews"], w["corrections"]) for w in drift] == [("2026-W45", 2, 1), ("2026-W46", 1, 1)]
    assert drift[0]["correction_rate"] == 0.5 and drift[0]["most_corrected_category"] == "网络问题"
