"""Text stages of tousu: normalise, mask, segment, extract cues, and the policy layer.

Data flows one way: intake → pipeline → model → policy → decision → store.
Nothing in this package imports ``serving`` or ``training``.
"""
