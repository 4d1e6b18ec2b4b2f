"""The policy layer: the regulation's thresholds, routing and deadlines, as declared data."""

from pipeline.decision import PolicyDecision, Suggestion
from pipeline.policy.decide import decide, decide_by_agent, suggest, survey_due
from pipeline.policy.loader import default_policy_path, load_policy
from pipeline.policy.schema import Policy

__all__ = ["Policy", "PolicyDecision", "Suggestion", "decide", "decide_by_agent", "default_policy_path",
           "load_policy", "suggest", "survey_due"]
