import datetime as dt
import json

from pipeline.decision import Suggestion
from pipeline.policy import load_policy, suggest
from pipeline.policy.replay import replay
from tests.conftest import SHANGHAI
from tests.factories import make_cues, make_prediction, policy_dict, write_policy


def _stored(policy, **cue_values):
    cues = make_cues(**cue_values)
    s = suggest(make_prediction(level=2, cues=cues), policy, dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))
    return {"line": 1, "decision": s.model_dump(mode="json")}


def _as_stored_before_the_glossary(row):
    """The same suggestion as tousu wrote it before "level" was the one term."""
    old = dict(row)
    for new, before in (("level", "severity"), ("model_level", "model_severity"), ("level_proba", "severity_proba"),
                        ("level_scores", "severity_scores")):
        old[before] = old.pop(new)
    return old


def test_replay_counts_what_a_policy_change_moves(tmp_path, policy):
    rows = [_stored(policy, emotion=1), _stored(policy, compensation=True), _stored(policy)]
    rows[2]["decision"] = _as_stored_before_the_glossary(rows[2]["decision"])
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


def test_redecide_reads_the_stored_per_level_scores(tmp_path, policy):
    from pipeline.policy.replay import redecide

    data = policy_dict()
    data["thresholds"]["level_min_confidence"] = 0.35
    policy = load_policy(write_policy(tmp_path, data))
    bar = policy.thresholds.level_min_confidence
    row = _as_stored_before_the_glossary(_stored(policy, impact="interrupted")["decision"])
    row.update(severity_proba=bar - 0.1, severity_scores={"1": 0.0, "2": bar - 0.1, "3": bar + 0.1})
    again = redecide(Suggestion.model_validate(row), policy)
    assert again.level == 3 and again.review_reasons == ()  # the applied level 3 clears the bar
    del row["severity_scores"]  # a decision stored before scores were kept: the model's own level counts
    assert redecide(Suggestion.model_validate(row), policy).review_reasons == ("low_level_confidence",)


def test_replay_reads_the_stored_precedents(tmp_path, policy):
    """A grade the precedents flagged replays the same under the same policy, and is unflagged by one
    that does not weigh them."""
    from pipeline.prediction import Precedent, Prediction

    base = make_prediction(level=2, level_proba=0.9)
    fields = {f: getattr(base, f) for f in base.__slots__}
    flagged = Prediction(**{**fields, "precedents": (Precedent(id="T-1", similarity=0.5, level=3),)})
    s = suggest(flagged, policy, dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI))
    assert s.needs_review and s.precedents[0].id == "T-1"
    row = s.model_dump(mode="json")
    assert row["precedents"] == [{"id": "T-1", "similarity": 0.5, "level": 3}]
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text(json.dumps({"line": 1, "decision": row}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert replay(decisions, policy)["needs_review_changes"] == {}
    data = policy_dict()
    data["thresholds"].pop("precedent_level3_share")
    assert replay(decisions, load_policy(write_policy(tmp_path, data)))["needs_review_changes"] == {"True->False": 1}
