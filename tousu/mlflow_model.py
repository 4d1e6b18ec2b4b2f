"""The bundle as an MLflow pyfunc model (logged from code: this file is the model).

``mlflow.pyfunc.load_model("models:/tousu-grader@champion").predict(df)`` grades a
DataFrame with a ``text`` column (and optionally ``received_at``) through the same path as
the service and the command line (``tousu.grading``), under the policy the settings name
(``TOUSU_POLICY``; the shipped one by default). Batch tools need nothing else from tousu.
"""

from __future__ import annotations

import mlflow
from mlflow.pyfunc import PythonModel


class TousuGraderModel(PythonModel):
    # no type hints on these two: MLflow would try to derive a signature from them
    def load_context(self, context):  # type: ignore[no-untyped-def]
        from models.grader import Grader
        from tousu.settings import Settings

        self.grader = Grader.from_path(context.artifacts["bundle"])
        self.policy = Settings().load_policy()

    def predict(self, context, model_input, params=None):  # type: ignore[no-untyped-def]
        import pandas as pd

        from pipeline.errors import TousuError
        from tousu.grading import Item, classify

        texts = [str(t) for t in model_input["text"]]
        stamps = list(model_input["received_at"]) if "received_at" in model_input else [None] * len(texts)
        items = [Item(text, None if stamp is None or pd.isna(stamp) else str(stamp))
                 for text, stamp in zip(texts, stamps, strict=True)]
        rows: list[dict[str, object]] = []
        for result in classify(self.grader, self.policy, items):
            if isinstance(result, TousuError):
                rows.append({"category": None, "level": None, "model_level": None, "lead_department": None,
                             "needs_review": None, "error": result.code})
            else:
                rows.append({"category": result.category, "level": result.level, "model_level": result.model_level,
                             "lead_department": result.lead_department, "needs_review": result.needs_review,
                             "error": None})
        return pd.DataFrame(rows)


mlflow.models.set_model(TousuGraderModel())
