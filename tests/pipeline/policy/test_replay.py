import datetime as dt
import json

from pipeline.policy import decide, load_policy
from pipeline.policy.replay import replay
from tests.conftest import SHANGHAI
from tests.factories import make_cues, make_prediction, policy_dict, write_policy


def _stored(policy, **cue_values):
    cues = make_cues(**cue_values)
    d = decide(make_prediction(severity=2, cues=cues), cues, policy, dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))
    out = d.to_dict()
    out["cues"] = cues.to_dict()
    out["evidence"] = 1.0
    return {"line": 1, "decision": out}


def test_replay_counts_what_a_policy_change_moves(tmp_path, policy):
    rows = [_stored(policy, emotion=1), _stored(policy, compensation=True), _stored(policy)]
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", encoding="utf-8")
    data = policy_dict()
    data["version"] = "2026.12.0"
    next(r for r in data["rules"] if r["id"] == "COMP-DEMAND")["min_level"] = 3
    data["deadlines"]["levels"][2]["resolve"]["working_days"] = 4
    report = replay(decisions, load_policy(write_policy(tmp_path, data)))
    assert report["n"] == 3
    assert report["level_moves"] == {"2->2": 2, "2->3": 1}
    assert report["lead_changed"] == 1
    assert report["resolve_deadline_changed"] == 3
    assert report["problems"][0]["line"] == 4
    assert replay(decisions, policy)["level_changed"] == 0


def test_redecide_reads_the_stored_per_level_scores(policy):
    from pipeline.policy.replay import redecide

    bar = policy.thresholds.severity_min_confidence
    row = _stored(policy, impact="interrupted")["decision"]
    row.update(severity_proba=bar - 0.1, severity_scores={"1": 0.0, "2": bar - 0.1, "3": bar + 0.1})
    again = redecide(row, policy)
    assert again["severity"] == 3 and again["review_reasons"] == []  # the applied level 3 clears the bar
    del row["severity_scores"]  # a decision stored before scores were kept: the model's own level counts
    assert redecide(row, policy)["review_reasons"] == ["low_severity_confidence"]
