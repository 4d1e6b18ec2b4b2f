"""The ``tousu`` command line, run as a user runs it."""

import json
import os
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import ROOT, STARTER


def tousu(*args, check=True, data_dir=None):
    env = {**os.environ, **({"TOUSU_DATA_DIR": str(data_dir)} if data_dir else {})}
    proc = subprocess.run([sys.executable, "-m", "tousu.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc


@pytest.fixture(scope="module")
def cli_bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "bundle"
    proc = tousu("train", "--data", STARTER, "--out", out, "--quiet", "--no-track",
                 data_dir=out.parent / "var")
    assert json.loads(proc.stdout)["n_train"] > 300
    return out


def test_cli_classify_text_prints_one_decision(cli_bundle):
    proc = tousu("classify", "--model", cli_bundle, "客户来电反映宽带完全无法上网，联系电话13912345678")
    decision = json.loads(proc.stdout)
    assert decision["level"] == 3 and "IMPACT-INTERRUPTED" in [r["id"] for r in decision["rules"]]
    assert "13912345678" not in proc.stdout
    for key in ("category", "category_proba", "level_proba", "cues", "text_masked", "model_version",
                "policy_version", "deadlines", "timing_ms"):
        assert key in decision


def test_cli_classify_batch_reports_bad_lines_and_keeps_the_rest(cli_bundle, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes('{"id": "a", "text": "话费多扣了"}\n'.encode() + b'{"text": ""}\n'
                    b'broken\n{"text": "\xff"}\n{"id": "b", "text": "\xe4\xbf\xa1\xe5\x8f\xb7\xe5\xb7\xae"}\n')
    out = tmp_path / "out.jsonl"
    proc = tousu("classify", "--model", cli_bundle, "--input", src, "--output", out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert [("decision" in r) for r in rows] == [True, False, False, False, True]
    assert [r["error"]["code"] for r in rows if "error" in r] == ["empty_text", "malformed_line", "invalid_utf8"]
    assert "in.jsonl:3: error[malformed_line]" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_evaluate_prints_the_contract_keys(cli_bundle):
    figures = json.loads(tousu("evaluate", "--model", cli_bundle, "--data", STARTER).stdout)
    for key in ("n", "category_macro_f1", "severity_macro_f1", "severity_recall_3", "undergrade_rate",
                "emotion_macro_f1", "escalation_f1", "compensation_f1", "impact_macro_f1",
                "model_severity_macro_f1", "needs_review_rate"):
        assert key in figures
    assert figures["n"] > 300 and figures["category_macro_f1"] > 0.9   # its own training data


@pytest.mark.parametrize(("args", "code"), [
    (("classify", "--model", "/nonexistent", "宽带"), "bundle_invalid"),
    (("train", "--data", "/nonexistent.jsonl", "--out", "/tmp/x"), "data_invalid"),
])
def test_cli_errors_are_one_coded_line(args, code):
    proc = tousu(*args, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error[{code}]")
    assert "Traceback" not in proc.stderr


def test_cli_classify_bad_text_is_a_coded_error(cli_bundle):
    proc = tousu("classify", "--model", cli_bundle, "   ", check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("error[empty_text]")


def test_cli_train_rejects_unknown_category(tmp_path):
    data = tmp_path / "d.jsonl"
    lines = [json.loads(x) for x in STARTER.read_text(encoding="utf-8").splitlines()[:60]]
    lines[0]["category"] = "外星人问题"
    data.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    proc = tousu("train", "--data", data, "--out", tmp_path / "b", "--quiet")
    assert "d.jsonl:1: error[unknown_label]: category '外星人问题'" in proc.stderr
    assert json.loads(proc.stdout)["skipped_lines"] == 1


def test_keys_create_list_revoke(monkeypatch, tmp_path, capsys):
    from tousu.cli import main

    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["keys", "create", "--role", "agent", "--label", "王五"]) == 0
    key = capsys.readouterr().out.strip()
    assert key.startswith("tsk_") and len(key) > 40
    key_id = key.split("_")[1]
    assert main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert key_id in listed and key.split("_", 2)[2] not in listed and '"role": "agent"' in listed
    assert main(["keys", "revoke", key_id]) == 0
    assert '"revoked_at": "' in capsys.readouterr().out
    assert main(["keys", "revoke", "nosuchkey"]) == 2
    assert "error[not_found]" in capsys.readouterr().err


def test_people_and_a_persons_key(monkeypatch, tmp_path, capsys):
    from tousu.cli import main

    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert main(["people", "add", "--name", "王主任", "--email", "wang@corp.example", "--department", "技术部门",
                 "--role", "head"]) == 0
    person = json.loads(capsys.readouterr().out)
    assert (person["department"], person["role"], person["active"]) == ("技术部门", "head", True)
    assert main(["people", "add", "--name", "某人", "--department", "运维部"]) == 2
    assert "error[unknown_department]" in capsys.readouterr().err
    assert main(["keys", "create", "--role", "agent", "--person", person["id"]]) == 0
    key = capsys.readouterr().out.strip()
    assert main(["keys", "list"]) == 0
    assert f'"person_id": "{person["id"]}"' in capsys.readouterr().out
    assert main(["people", "deactivate", person["id"]]) == 0
    assert json.loads(capsys.readouterr().out)["active"] is False
    assert main(["people", "list", "--department", "技术部门"]) == 0
    assert '"active": false' in capsys.readouterr().out
    assert main(["keys", "create", "--role", "agent", "--person", person["id"]]) == 2  # not for an inactive person
    assert "error[not_found]" in capsys.readouterr().err
    assert key.startswith("tsk_")


def test_calendar_show_names_the_source_of_each_day(tmp_path):
    shown = tousu("calendar", "show", "2026")
    assert "2026-10-10  workday  official" in shown.stdout  # the National Day make-up Saturday
    assert "2026-10-01  rest     official" in shown.stdout
    data = yaml.safe_load((ROOT / "pipeline" / "policy" / "policy.yaml").read_text(encoding="utf-8"))
    data["calendar"]["years"] = {2031: {"holidays": ["2031-10-01"], "workdays": ["2031-09-28"]}}
    policy = tmp_path / "policy.yaml"
    policy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    declared = tousu("calendar", "show", "2031", "--policy", policy)
    assert "2031-09-28  workday  policy-year" in declared.stdout
    assert "2031-10-01  rest     policy-year" in declared.stdout
    unknown = tousu("calendar", "show", "2033")
    assert "provisional" in unknown.stdout and "add the year's official arrangement" in unknown.stderr


def test_worker_once_sweeps_and_reports(tmp_path):
    proc = tousu("worker", "--once", data_dir=tmp_path)
    report = json.loads(proc.stdout)
    assert report == {"clocks": 0, "breaches": 0, "escalations": 0, "surveys": 0, "sent": 0, "retried": 0,
                      "failed": 0}


def test_serve_prepares_a_new_tracking_store_before_its_workers_start(monkeypatch, tmp_path, capsys):
    import sqlite3

    import uvicorn

    from tousu.cli import main

    store = tmp_path / "new-mlflow.db"
    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{store}")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # serve sets it; restored after the test
    seen = {}

    def fake_run(app, **kwargs):  # the moment the workers would start
        with sqlite3.connect(store) as db:
            seen["tables"] = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        seen["workers"] = kwargs["workers"]

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert main(["serve", "--workers", "2"]) == 0
    assert seen["workers"] == 2 and {"registered_models", "model_versions", "runs"} <= seen["tables"]
    assert main(["serve", "--workers", "2"]) == 0  # a ready store is left as it is


def test_serve_leaves_the_tracking_store_alone_when_serving_a_directory(monkeypatch, tmp_path):
    import uvicorn

    from tousu.cli import main

    store = tmp_path / "untouched.db"
    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{store}")
    monkeypatch.setenv("TOUSU_MODEL_SOURCE", "path")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # serve sets it; restored after the test
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: None)
    assert main(["serve"]) == 0 and not store.exists()


def test_serve_refuses_a_tracking_store_it_cannot_create_with_a_coded_error(monkeypatch, tmp_path, capsys):
    import uvicorn

    from tousu.cli import main

    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", f"sqlite:///{tmp_path}/a-file/mlflow.db")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")  # serve sets it; restored after the test
    started = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.append(kwargs))
    assert main(["serve"]) == 2 and not started  # no worker starts
    assert "error[registry_invalid]: The tracking store sqlite:///" in capsys.readouterr().err


@pytest.mark.slow
def test_serve_says_once_that_it_is_ready_and_how_to_create_a_key(tmp_path, starter_bundle):
    import urllib.request

    from tests.live_server import live_server

    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=2) as server:
        with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
            assert response.status == 200
        time.sleep(1.0)  # the second worker finishes starting
        log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert log.count("tousu ready: http://") == 1 and "keys create --role admin" in log
