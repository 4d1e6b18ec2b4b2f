"""The policy layer: the regulation's thresholds, routing and deadlines, as declared data."""

from pipeline.policy.decide import PolicyDecision, decide, decide_by_agent, survey_due
from pipeline.policy.loader import default_policy_path, load_policy
from pipeline.policy.schema import Policy

__all__ = ["Policy", "PolicyDecision", "decide", "decide_by_agent", "default_policy_path", "load_policy", "survey_due"]
