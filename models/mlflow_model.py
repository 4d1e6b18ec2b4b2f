"""The bundle as an MLflow pyfunc model (logged from code: this file is the model).

``mlflow.pyfunc.load_model("models:/tousu-grader@champion").predict(df)`` grades a
DataFrame with a ``text`` column (and optionally ``received_at``) through the full path
(text stages → model → policy); batch tools need nothing else from tousu.
"""

from __future__ import annotations

import datetime as dt

import mlflow
from mlflow.pyfunc import PythonModel


class TousuGraderModel(PythonModel):
    # no type hints on these two: MLflow would try to derive a signature from them
    def load_context(self, context):  # type: ignore[no-untyped-def]
        from models.grader import Grader
        from pipeline.policy import load_policy

        self.grader = Grader.from_path(context.artifacts["bundle"])
        self.policy = load_policy()

    def predict(self, context, model_input, params=None):  # type: ignore[no-untyped-def]
        import pandas as pd

        from models.grader import classify
        from pipeline.errors import TousuError

        texts = [str(t) for t in model_input["text"]]
        now = dt.datetime.now(self.policy.zone)
        stamps = [dt.datetime.fromisoformat(str(v)) if v else now
                  for v in model_input.get("received_at", [None] * len(texts))]
        stamps = [s if s.tzinfo else s.replace(tzinfo=self.policy.zone) for s in stamps]
        rows = []
        for result in classify(self.grader, self.policy, texts, stamps):
            if isinstance(result, TousuError):
                rows.append({"category": None, "level": None, "model_level": None, "lead_department": None,
                             "needs_review": None, "error": result.code})
            else:
                d = result.decision
                rows.append({"category": d.category, "level": d.severity, "model_level": d.model_severity,
                             "lead_department": d.lead_department, "needs_review": d.needs_review,
                             "error": None})
        return pd.DataFrame(rows)


mlflow.models.set_model(TousuGraderModel())
