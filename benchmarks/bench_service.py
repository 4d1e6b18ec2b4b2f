"""Load on the running service over loopback, with wrk, 2 worker processes.

    .venv/bin/python benchmarks/bench_service.py [--duration 15] [--store sqlite|postgresql|both]

Needs wrk (Debian: `apt-get install wrk`). Starts `tousu serve --workers 2` on a fresh
data directory with the bundled model (make model), then measures:

- POST /v1/classify at 32 connections, saturated (as fast as the service answers), and
  paced (each connection waits 30 ms after each answer, about 800 requests/s offered);
- POST /v1/complaints on SQLite and on PostgreSQL, every request sent twice with the same
  Idempotency-Key (the two sends race on different connections); afterwards the store
  must hold exactly one ticket per key and at least one per acknowledged creation.

Uses the shared COCC texts when present, the starter texts otherwise. Prints one JSON
object of figures, with each target and its ratio.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._shared import COCC  # noqa: E402
from tests.live_server import live_server  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

CLASSIFY_LUA = """
local bodies = {}
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(key)s"
request = function()
  i = i %% #bodies + 1
  return wrk.format(nil, "/v1/classify", nil, bodies[i])
end
%(delay)s
"""

INTAKE_LUA = """
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  bodies = {}
  for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
  counter, created, replayed, other = 0, 0, 0, 0
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer %(key)s"
end
function request()
  local n = math.floor(counter / 2)
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. id .. "-" .. n
  return wrk.format("POST", "/v1/complaints", nil, bodies[(n %% #bodies) + 1])
end
function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 200 then replayed = replayed + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("COUNTS %%d %%d %%d %%d\\n", t:get("id"), t:get("created"), t:get("replayed"),
                           t:get("other")))
  end
end
"""


def _texts() -> tuple[list[str], str]:
    src, name = COCC / "train.jsonl", "cocc"
    if not src.is_file():
        src, name = ROOT / "training" / "data" / "starter.jsonl", "starter"
    return [json.loads(x)["text"] for x in src.read_text(encoding="utf-8").splitlines()], name


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(url: str, script: Path, *, connections: int, duration: int, threads: int = 2) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
                          "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    figures = {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for pct in ("50", "90", "99"):
        figures[f"p{pct}_ms"] = _ms(re.search(rf"\s{pct}%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", out)
    figures["socket_errors"] = socket_errors.group(1) if socket_errors else None
    figures["counts"] = [list(map(int, m)) for m in re.findall(r"COUNTS (\d+) (\d+) (\d+) (\d+)", out)]
    return figures


def _postgres_database() -> str | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    try:
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        name = f"tousu_bench_{secrets.token_hex(4)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL at {POSTGRES_URL} unavailable ({type(exc).__name__}); skipping it", file=sys.stderr)
        return None
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _store_check(url: str) -> dict:
    from sqlalchemy import create_engine, func, select

    from serving.database.tables import ComplaintRow

    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(ComplaintRow))
        keys = conn.scalar(select(func.count(func.distinct(ComplaintRow.idempotency_key))))
    engine.dispose()
    return {"stored": rows, "distinct_keys": keys}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    ap.add_argument("--model", type=Path, default=ROOT / "var" / "models" / "default")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        print("SKIP: wrk is not installed (Debian: apt-get install wrk)")
        return
    if not (args.model / "meta.json").is_file():
        sys.exit(f"no bundle at {args.model}: run `make model` first")
    texts, source = _texts()
    work = Path(tempfile.mkdtemp(prefix="tousu-bench-"))
    bodies = work / "classify.jsonl"
    bodies.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    intake_bodies = work / "intake.jsonl"
    intake_bodies.write_text("".join(json.dumps({"text": t, "channel": "hotline"}, ensure_ascii=False) + "\n"
                                     for t in texts), encoding="utf-8")
    report: dict = {"texts": source, "n_texts": len(texts), "workers": 2, "connections": 32,
                    "duration_s": args.duration}

    stores = [("sqlite", None)]
    if args.store in ("postgresql", "both"):
        pg = _postgres_database()
        if pg:
            stores.append(("postgresql", pg))
    if args.store == "postgresql":
        stores = stores[1:]
    for name, url in stores:
        data = work / name
        data.mkdir()
        with live_server(data_dir=data, model_dir=args.model.resolve(), workers=2, database_url=url) as server:
            key = server.create_key("admin")
            if name == stores[0][0]:
                script = work / "classify.lua"
                script.write_text(CLASSIFY_LUA % {"bodies": bodies, "key": key, "delay": ""}, encoding="utf-8")
                _wrk(server.url, script, connections=32, duration=3)  # warm-up
                saturated = _wrk(server.url, script, connections=32, duration=args.duration)
                paced_script = work / "classify_paced.lua"
                paced_script.write_text(CLASSIFY_LUA % {"bodies": bodies, "key": key,
                                                        "delay": "function delay() return 30 end"},
                                        encoding="utf-8")
                paced = _wrk(server.url, paced_script, connections=32, duration=args.duration)
                report["classify_saturated"] = saturated
                report["classify_paced_30ms"] = paced
            script = work / f"intake_{name}.lua"
            script.write_text(INTAKE_LUA % {"bodies": intake_bodies, "key": key}, encoding="utf-8")
            intake = _wrk(server.url, script, connections=32, duration=args.duration)
            db_url = url or f"sqlite:///{(data / 'tousu.db').resolve()}"
            counts = intake.pop("counts")
            created = sum(c[1] for c in counts)
            intake.update({"created_201": created, "replayed_200": sum(c[2] for c in counts),
                           "other_status": sum(c[3] for c in counts), **_store_check(db_url)})
            intake["lost"] = max(0, created - intake["stored"])
            intake["duplicated"] = intake["stored"] - intake["distinct_keys"]
            report[f"intake_{name}"] = intake
        if url:
            _drop_postgres(url)

    sat = report["classify_saturated"]
    targets = {
        "classify_rps_vs_800": round(sat["requests_per_s"] / 800, 2),
        "classify_saturated_p99_ms_vs_25": round(sat["p99_ms"] / 25, 2),
        "classify_paced_p99_ms_vs_25": round(report["classify_paced_30ms"]["p99_ms"] / 25, 2),
    }
    for name, _ in stores:
        r = report[f"intake_{name}"]
        # each key is sent twice, so complaints/s is half the request rate
        targets[f"intake_{name}_rps_vs_300"] = round(r["requests_per_s"] / 300, 2)
        targets[f"intake_{name}_lost_or_duplicated"] = r["lost"] + r["duplicated"]
    report["ratios"] = targets
    print(json.dumps(report, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
