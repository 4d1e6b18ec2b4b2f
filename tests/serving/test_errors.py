"""Every failure answers with the one envelope and a stable code, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["message"]
    return body["error"]


def _post(client, path, content, headers, content_type="application/json"):
    return client.post(path, content=content, headers={**headers, "Content-Type": content_type})


def test_invalid_json(client, auth):
    assert _error(_post(client, "/v1/classify", b'{"text": ', auth["intake"]), 400)["code"] == "invalid_json"


def test_invalid_utf8(client, auth):
    error = _error(_post(client, "/v1/classify", b'{"text": "\xff\xfe\xfa"}', auth["intake"]), 400)
    assert error["code"] == "invalid_body"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/json; charset=latin-1"])
def test_wrong_content_type(client, auth, content_type):
    response = _post(client, "/v1/classify", b'{"text": "x"}', auth["intake"], content_type)
    assert _error(response, 415)["code"] == "unsupported_media_type"


def test_missing_content_type(client, auth):
    response = client.post("/v1/classify", content=b'{"text": "x"}', headers=auth["intake"])
    assert _error(response, 415)["code"] == "unsupported_media_type"


def test_body_too_large(client, auth, settings):
    body = b'{"text": "' + "投".encode() * (settings.max_body_bytes // 3 + 10) + b'"}'
    error = _error(_post(client, "/v1/classify", body, auth["intake"]), 413)
    assert error["code"] == "payload_too_large" and error["details"]["max_bytes"] == settings.max_body_bytes


def test_chunked_body_too_large(client, auth, settings):
    def chunks():
        yield b'{"text": "'
        for _ in range(settings.max_body_bytes // 1000 + 2):
            yield b"x" * 1000
        yield b'"}'
    response = client.post("/v1/classify", content=chunks(),
                           headers={**auth["intake"], "Content-Type": "application/json"})
    assert _error(response, 413)["code"] == "payload_too_large"


def test_validation_errors_use_the_envelope_and_never_echo_input(client, auth):
    response = client.post("/v1/complaints", json={"text": "身份证110101199003071234", "channel": "pigeon"},
                           headers=auth["intake"])
    error = _error(response, 422)
    assert error["code"] == "validation_error"
    assert ["body", "channel"] in [d["loc"] for d in error["details"]]
    assert "110101199003071234" not in response.text


def test_unknown_route_and_method(client, auth):
    assert _error(client.get("/v1/nowhere", headers=auth["admin"]), 404)["code"] == "not_found"
    response = client.delete("/v1/complaints", headers=auth["admin"])
    error = _error(response, 405)
    assert error["code"] == "method_not_allowed" and error["details"]["allowed"] == ["GET", "POST"]
    assert response.headers["allow"] == "GET, POST"


def test_unknown_complaint(client, auth):
    assert _error(client.get("/v1/complaints/doesnotexist", headers=auth["agent"]), 404)["code"] == "not_found"


def test_unexpected_failure_is_a_500_envelope(app, settings, grader):
    from fastapi.testclient import TestClient

    from serving.main import create_app

    broken = create_app(settings, grader=grader)

    @broken.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput")

    with TestClient(broken, raise_server_exceptions=False) as test_client:
        assert _error(test_client.get("/boom"), 500)["code"] == "internal_error"


def test_logs_are_json_lines_without_text_and_an_error_is_logged_once_with_its_id(app, settings, grader, caplog):
    import json
    import logging

    from fastapi.testclient import TestClient

    from serving.main import create_app

    broken = create_app(settings, grader=grader)

    @broken.get("/boom")
    async def boom() -> None:
        raise RuntimeError("kaput 13812345678")

    caplog.set_level(logging.INFO)
    with TestClient(broken, raise_server_exceptions=False) as test_client:
        answer = test_client.get("/boom", headers={"X-Request-ID": "req-42"})
        given = test_client.post("/v1/classify", json={"text": "宽带断网了，联系13812345678"})
    body = _error(answer, 500)
    assert answer.headers["x-request-id"] == "req-42" and given.headers["x-request-id"] != "req-42"
    errors = [r for r in caplog.records if getattr(r, "fields", {}).get("event") == "error"]
    assert len(errors) == 1 and errors[0].fields["error_id"] == body["details"]["error_id"]
    assert errors[0].fields["request_id"] == "req-42" and errors[0].fields["error"] == "RuntimeError"
    requests = [r.fields for r in caplog.records if getattr(r, "fields", {}).get("event") == "request"]
    assert {k: requests[0][k] for k in ("route", "status")} == {"route": "/boom", "status": 500}
    assert requests[1]["route"] == "/v1/classify" and requests[1]["status"] == 401
    lines = [logs_formatter().format(r) for r in caplog.records if r.name.startswith("tousu")]
    assert all(json.loads(line) for line in lines)
    written = "\n".join(lines) + caplog.text  # what reaches stderr, and every message
    assert "13812345678" not in written and "kaput" not in written and "宽带" not in written


def logs_formatter():
    from serving.logs import JsonFormatter

    return JsonFormatter()
