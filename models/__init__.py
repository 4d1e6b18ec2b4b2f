"""Classifiers that grade prepared complaints, with one estimator interface, and bundles.

Every model exposes ``fit(complaints, labels)``, ``predict_proba(complaints)`` (one array
per head, columns in ``classes_[head]`` order), ``evidence(complaints)`` and
``predict_scores(complaints)`` (both at once); the policy
layer and the service never know which model answered.
"""
