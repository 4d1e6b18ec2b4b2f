"""The ``tousu`` command line: train, classify, evaluate, replay, serve, keys, db.

Each sub-command imports its packages lazily so ``tousu classify TEXT`` starts fast.
Errors a user can fix print one line ``error[CODE]: message`` and exit 2; they never
print a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_BATCH = 256


def data_dir() -> Path:
    """Returns ``$TOUSU_DATA_DIR`` (default ``./var``): bundles, database, tracking."""
    return Path(os.environ.get("TOUSU_DATA_DIR", "var"))


def default_model_dir() -> Path:
    """Returns ``$TOUSU_MODEL_DIR`` or the default bundle under the data directory."""
    return Path(os.environ.get("TOUSU_MODEL_DIR", data_dir() / "models" / "default"))


def _starter_path() -> Path:
    return Path(__file__).resolve().parent.parent / "training" / "data" / "starter.jsonl"


def _policy_path(arg: str | None) -> str | None:
    return arg or os.environ.get("TOUSU_POLICY") or None


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _now(policy: Any) -> dt.datetime:
    return dt.datetime.now(policy.zone)


def cmd_train(args: argparse.Namespace) -> int:
    from pipeline.policy import load_policy
    from training.config import TrainConfig
    from training.data import LineProblem, load_labelled
    from training.train import train

    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    overrides = {k: v for k, v in (("model", args.model_type), ("base_model", args.base_model),
                                   ("epochs", args.epochs), ("device", args.device)) if v is not None}
    if overrides:
        config = dataclasses.replace(config, **{k: str(v) if k == "base_model" else v for k, v in overrides.items()})
    data = load_labelled(args.data)
    policy = load_policy(_policy_path(args.policy))
    known = set(policy.categories)
    records, problems = [], list(data.problems)
    for record in data.records:
        if record["category"] not in known:
            problems.append(LineProblem(record["line"], "unknown_label",
                                        f"category {record['category']!r} is not in policy "
                                        f"{policy.version}'s taxonomy"))
        else:
            records.append(record)
    evaluation = load_labelled(args.eval_data).records if args.eval_data else []
    if args.no_track:
        bundle, text_problems = train(records, args.out, config=config, data_sha256=data.sha256,
                                      progress=not args.quiet)
        summary = {}
    else:
        bundle, text_problems, summary = _tracked_train(args, records, evaluation, config, policy, data.sha256)
    problems.extend(text_problems)
    for p in sorted(problems, key=lambda p: p.line):
        print(f"{args.data}:{p.line}: error[{p.code}]: {p.message}", file=sys.stderr)
    print(_dump({"bundle": str(args.out), "bundle_id": bundle.bundle_id, "n_train": bundle.meta["n_train"],
                 "skipped_lines": len(problems), **summary}))
    return 0


def _tracked_train(args: argparse.Namespace, records: list[dict[str, Any]], evaluation: list[dict[str, Any]],
                   config: Any, policy: Any, sha256: str) -> tuple[Any, Any, dict[str, Any]]:
    """Trains inside an MLflow run; registers the bundle (champion when there is none yet)."""
    from models.grader import Grader
    from models.registry import CHALLENGER, champion
    from training import tracking
    from training.evaluate import grade_records, score
    from training.registry import move_champion, register_bundle, set_alias
    from training.train import train

    with tracking.training_run(data_dir(), run_name=f"train {args.data.name}", tags={"kind": "train"}) as run:
        tracking.log_params(config.to_dict(), data_sha256=sha256, n_records=len(records),
                            policy_version=policy.version, extra={"data.path": str(args.data)})
        tracking.log_json("label_distribution.json", tracking.label_distribution(records))
        bundle, text_problems = train(records, args.out, config=config, data_sha256=sha256,
                                      progress=not args.quiet)
        if evaluation:
            kept, decisions, _ = grade_records(Grader(bundle), policy, evaluation)
            figures = score(kept, decisions)
            tracking.log_figures(figures)
            tracking.log_evaluation_artifacts(kept, decisions, figures, categories=sorted(policy.categories))
        version = register_bundle(bundle.path)
        uri = tracking.tracking_uri(data_dir())
        set_alias(uri, CHALLENGER, version)
        run_id = run.info.run_id
    summary: dict[str, Any] = {"run_id": run_id, "registered_version": version}
    if champion(uri) is None:
        move_champion(data_dir(), version, action="promote", reason="first model: no champion yet")
        summary["champion"] = version
    return bundle, text_problems, summary


def cmd_pretrain(args: argparse.Namespace) -> int:
    from training.data import iter_rows
    from training.pretrain import PretrainConfig, pretrain

    texts = []
    for path in args.data:
        if path.suffix in (".jsonl", ".csv"):
            texts += [row["text"] for _, row in iter_rows(path)
                      if isinstance(row, dict) and isinstance(row.get("text"), str)]
        else:  # plain text: one complaint a line
            texts += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    fields = {k: getattr(args, k) for k in ("epochs", "hidden_size", "layers", "max_length", "vocab_size", "device")
              if getattr(args, k) is not None}
    config = PretrainConfig(**fields)
    if args.no_track:
        summary = pretrain(texts, args.out, config=config, progress=not args.quiet)
    else:
        import mlflow

        from training import tracking

        with tracking.training_run(data_dir(), run_name=f"pretrain {args.out.name}", tags={"kind": "pretrain"}):
            mlflow.log_params({f"pretrain.{k}": v for k, v in config.to_dict().items()})
            summary = pretrain(texts, args.out, config=config, progress=not args.quiet,
                               on_epoch=lambda epoch, loss: mlflow.log_metric("mlm_loss", loss, step=epoch))
    print(_dump(summary))
    return 0


def cmd_retrain(args: argparse.Namespace) -> int:
    from pipeline.policy import load_policy
    from training.config import TrainConfig
    from training.gate import load_gate
    from training.retrain import retrain

    settings = _store_settings()
    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    result = retrain(data_dir=data_dir(), database_url=settings.resolved_database_url, base=args.base,
                     config=config, gate=load_gate(args.gate), policy=load_policy(_policy_path(args.policy)),
                     out_dir=data_dir() / "models", progress=not args.quiet)
    verdict = "PROMOTED to champion" if result.promoted else "NOT promoted"
    print(f"challenger version {result.version}: {verdict} — {'; '.join(result.gate['reasons'])}",
          file=sys.stderr)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def cmd_promote(args: argparse.Namespace) -> int:
    from training.registry import move_champion, rollback

    if args.command == "rollback":
        record = rollback(data_dir(), reason=args.reason)
    else:
        record = move_champion(data_dir(), str(args.version), action="promote", reason=args.reason)
    print(_dump(record))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from models.grader import Grader, classify
    from pipeline.errors import TousuError
    from pipeline.policy import load_policy
    from training.data import LineProblem, iter_rows

    grader = Grader.from_path(args.model or default_model_dir())
    policy = load_policy(_policy_path(args.policy))
    if args.text is not None:
        if args.input:
            raise SystemExit("error[usage]: give TEXT or --input, not both")
        result = classify(grader, policy, [args.text], _now(policy))[0]
        if isinstance(result, TousuError):
            print(f"error[{result.code}]: {result.message}", file=sys.stderr)
            return 2
        print(_dump(result.to_dict()))
        return 0
    if not args.input:
        raise SystemExit("error[usage]: give TEXT, or --input PATH (and --output PATH)")
    from tqdm import tqdm

    rows = list(iter_rows(args.input))
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    bad = 0
    try:
        for start in tqdm(range(0, len(rows), args.batch_size), unit="batch", file=sys.stderr,
                          disable=args.quiet or len(rows) <= args.batch_size):
            chunk = rows[start:start + args.batch_size]
            texts, where, stamps = [], [], []
            written: dict[int, dict[str, Any]] = {}
            for number, row in chunk:
                problem = None
                if isinstance(row, LineProblem):
                    problem = row
                elif not isinstance(row.get("text"), str):
                    problem = LineProblem(number, "missing_column", "column 'text' is missing or not a string")
                if problem:
                    bad += 1
                    print(f"{args.input}:{problem.line}: error[{problem.code}]: {problem.message}", file=sys.stderr)
                    written[number] = {"line": number, "error": problem.to_dict()}
                    continue
                texts.append(row["text"])
                where.append((number, row))
                stamps.append(_received_at(row, policy))
            for (number, row), result in zip(where, classify(grader, policy, texts, stamps), strict=True):
                record: dict[str, Any] = {"line": number}
                if "id" in row:
                    record["id"] = row["id"]
                if isinstance(result, TousuError):
                    bad += 1
                    print(f"{args.input}:{number}: error[{result.code}]: {result.message}", file=sys.stderr)
                    record["error"] = result.to_dict()
                else:
                    record["decision"] = result.to_dict()
                written[number] = record
            for number in sorted(written):  # keep the input's order
                out.write(_dump(written[number]) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"graded {len(rows) - bad} of {len(rows)} lines; {bad} reported", file=sys.stderr)
    return 0


def _received_at(row: dict[str, Any], policy: Any) -> dt.datetime:
    raw = row.get("received_at")
    if isinstance(raw, str) and raw:
        try:
            when = dt.datetime.fromisoformat(raw)
            return when if when.tzinfo else when.replace(tzinfo=policy.zone)
        except ValueError:
            pass
    return _now(policy)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from models.grader import Grader
    from pipeline.policy import load_policy
    from training.data import load_labelled
    from training.evaluate import grade_records, score

    grader = Grader.from_path(args.model or default_model_dir())
    policy = load_policy(_policy_path(args.policy))
    data = load_labelled(args.data)
    for p in data.problems:
        print(f"{args.data}:{p.line}: error[{p.code}]: {p.message}", file=sys.stderr)
    records, decisions, failures = grade_records(grader, policy, data.records)
    for record, error in failures:
        print(f"{args.data}:{record['line']}: error[{error.code}]: {error.message}", file=sys.stderr)
    figures = score(records, decisions)
    figures["skipped"] = len(failures) + len(data.problems)
    figures["model_version"] = grader.bundle_id
    figures["policy_version"] = policy.version
    if not args.per_class:
        figures.pop("per_class", None)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from pipeline.policy import load_policy
    from pipeline.policy.replay import replay

    policy = load_policy(args.policy)
    report = replay(args.input, policy)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def _store_settings() -> Any:
    from serving.config import Settings

    return Settings()


def cmd_serve(args: argparse.Namespace) -> int:
    import shutil

    import uvicorn

    from serving.config import ModelSource
    from serving.database.migrate import upgrade

    settings = _store_settings()  # refuses a default secret outside dev mode, before anything starts
    upgrade(settings.resolved_database_url)
    if settings.tracking_uri is not None and settings.model_source is not ModelSource.path:
        from models.registry import prepare_store

        prepare_store(settings.tracking_uri)  # once, here: workers starting together would race to create it
    metrics_dir = settings.data_dir / "prometheus"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())
    print(f"tousu serving on http://{args.host}:{args.port} ({args.workers} worker(s), env {settings.env.value}); "
          f"OpenAPI at /docs", file=sys.stderr)
    uvicorn.run("serving.main:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, access_log=False, proxy_headers=False)
    return 0


def _key_session() -> Any:
    from serving.database.core import make_engine, make_sessionmaker
    from serving.database.migrate import upgrade

    settings = _store_settings()
    upgrade(settings.resolved_database_url)
    return settings, make_sessionmaker(make_engine(settings.resolved_database_url))()


def cmd_keys(args: argparse.Namespace) -> int:
    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.errors import ApiError

    settings, session = _key_session()
    with session:
        try:
            if args.keys_command == "create":
                created = keys.create(session=session, secret_key=settings.secret_key, role=Role(args.role),
                                      label=args.label)
                print(f"created key {created.id} (role {created.role.value}); it is shown only now:",
                      file=sys.stderr)
                print(created.key)
            elif args.keys_command == "revoke":
                revoked = keys.revoke(session=session, key_id=args.key_id)
                print(_dump(revoked.model_dump(mode="json")))
            else:
                for key in keys.list_keys(session=session):
                    print(_dump(key.model_dump(mode="json")))
        except ApiError as exc:
            print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
            return 2
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from serving.database.migrate import upgrade

    settings = _store_settings()
    upgrade(settings.resolved_database_url, args.revision)
    print(f"database at {args.revision}", file=sys.stderr)
    return 0


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {raw!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="tousu", description="Grade Chinese telecom complaints (投诉).")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("train", help="train a model bundle from labelled JSONL/CSV")
    p.add_argument("--data", type=Path, required=True, help="JSONL or CSV with text, category, severity")
    p.add_argument("--out", type=Path, required=True, help="bundle directory to write")
    p.add_argument("--config", type=Path, help="training config JSON (see training/config.py)")
    p.add_argument("--policy", help="policy file whose taxonomy labels must follow")
    p.add_argument("--eval-data", type=Path, help="labelled file to score the bundle on (logged with the run)")
    p.add_argument("--model-type", choices=["linear", "transformer", "ensemble"], help="overrides the config's model")
    p.add_argument("--base-model", type=Path, help="local pretrained encoder folder (transformer, ensemble)")
    p.add_argument("--epochs", type=_positive_int, help="fine-tuning epochs (transformer)")
    p.add_argument("--device", help="auto, cpu or cuda (transformer)")
    p.add_argument("--no-track", action="store_true", help="no MLflow run and no registration")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("pretrain", help="train a small encoder (MLM) and its tokenizer on unlabelled texts")
    p.add_argument("--data", type=Path, action="append", required=True,
                   help="JSONL/CSV with a text column, or plain text one complaint a line (repeatable)")
    p.add_argument("--out", type=Path, required=True, help="folder to save the encoder and tokenizer in")
    p.add_argument("--epochs", type=_positive_int)
    p.add_argument("--hidden-size", type=_positive_int)
    p.add_argument("--layers", type=_positive_int)
    p.add_argument("--max-length", type=_positive_int)
    p.add_argument("--vocab-size", type=_positive_int)
    p.add_argument("--device")
    p.add_argument("--no-track", action="store_true")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_pretrain)

    p = sub.add_parser("retrain", help="retrain on agents' confirmed tickets; the gate decides promotion")
    p.add_argument("--base", type=Path, default=_starter_path(), help="base training data (default: the starter data)")
    p.add_argument("--config", type=Path, help="training config JSON")
    p.add_argument("--gate", type=Path, help="promotion gate YAML (default: training/promotion.yaml)")
    p.add_argument("--policy", help="policy file")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_retrain)

    p = sub.add_parser("promote", help="make a registered version the champion (recorded)")
    p.add_argument("version")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser("rollback", help="make the previous champion live again (recorded)")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser("classify", help="grade one text, or a JSONL/CSV file in batches")
    p.add_argument("text", nargs="?", help="complaint text")
    p.add_argument("--model", type=Path, help="bundle directory (default: $TOUSU_MODEL_DIR or var/models/default)")
    p.add_argument("--policy", help="policy file (default: $TOUSU_POLICY or the shipped one)")
    p.add_argument("--input", type=Path, help="JSONL or CSV with a text column")
    p.add_argument("--output", type=Path, help="JSONL to write (default: stdout)")
    p.add_argument("--batch-size", type=_positive_int, default=DEFAULT_BATCH)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("evaluate", help="score a bundle on labelled data (full grading path)")
    p.add_argument("--model", type=Path, help="bundle directory")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--policy", help="policy file")
    p.add_argument("--per-class", action="store_true", help="include per-class figures")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("replay", help="re-decide stored decisions under another policy")
    p.add_argument("--policy", type=Path, required=True)
    p.add_argument("--input", type=Path, required=True, help="JSONL of decisions (tousu classify --output)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("serve", help="run the HTTP service (settings from TOUSU_* variables or .env)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_positive_int, default=8000)
    p.add_argument("--workers", type=_positive_int, default=1, help="worker processes")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("keys", help="create, revoke or list API keys")
    keys_sub = p.add_subparsers(dest="keys_command", required=True)
    k = keys_sub.add_parser("create", help="create a key and print it (the only time it is shown)")
    k.add_argument("--role", required=True, choices=["intake", "agent", "analyst", "admin"])
    k.add_argument("--label", help="who or what holds the key")
    k = keys_sub.add_parser("revoke", help="revoke a key at once")
    k.add_argument("key_id")
    keys_sub.add_parser("list", help="list keys (ids, roles, dates; never secrets)")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("db", help="database migrations")
    db_sub = p.add_subparsers(dest="db_command", required=True)
    k = db_sub.add_parser("upgrade", help="migrate the store to the newest revision")
    k.add_argument("revision", nargs="?", default="head")
    p.set_defaults(func=cmd_db)
    return ap


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    from pydantic import ValidationError

    from pipeline.errors import TousuError

    try:
        return int(args.func(args))
    except TousuError as exc:
        print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except ValidationError as exc:  # settings or configuration files
        print(f"error[settings_invalid]: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # bad configuration values
        print(f"error[invalid_argument]: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # an optional extra that is not installed
        print(f"error[missing_dependency]: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
