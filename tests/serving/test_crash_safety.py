"""A worker killed with SIGKILL during a stream of intakes loses no acknowledged ticket.

Runs the real service (``tousu serve --workers 2``) on each store. A client sends
complaints, each with its own idempotency key, and retries a failed request with the same
key as an intake system should; one worker is killed mid-stream. Afterwards every
acknowledged ticket is stored, and no key produced two tickets.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, func, select

from serving.database.tables import ComplaintRow
from tests.live_server import live_server

pytestmark = pytest.mark.slow
TEXTS = ["宽带从昨天开始断网，至今无法上网，要求尽快修复", "营业厅办理携号转网被拒，态度很差",
         "本月话费多扣了三十元，要求退还", "手机信号差，在家经常打不通电话"]


def _post(url: str, key: str, body: dict, idem: str) -> dict:
    request = urllib.request.Request(url + "/v1/complaints", data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                                              "Idempotency-Key": idem})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_kill_9_of_a_worker_loses_no_acknowledged_ticket(tmp_path, starter_bundle, store_url):
    acknowledged: dict[str, str] = {}
    retried = 0
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=2, database_url=store_url) as server:
        key = server.create_key("intake")
        stop = threading.Event()

        def stream(worker: int) -> None:
            nonlocal retried
            n = 0
            while not stop.is_set():
                idem = f"crash-{worker}-{n}"
                body = {"text": TEXTS[n % len(TEXTS)], "channel": "hotline"}
                for _attempt in range(20):
                    try:
                        acknowledged[idem] = _post(server.url, key, body, idem)["id"]
                        break
                    except (urllib.error.URLError, ConnectionError, TimeoutError):
                        retried += 1  # the worker died under this request: retry with the same key
                        time.sleep(0.1)
                n += 1

        clients = [threading.Thread(target=stream, args=(i,)) for i in range(4)]
        for c in clients:
            c.start()
        time.sleep(2.0)
        victims = server.workers()
        assert len(victims) == 2, victims
        os.kill(victims[0], signal.SIGKILL)
        time.sleep(3.0)
        stop.set()
        for c in clients:
            c.join()
        assert server.process.poll() is None  # the supervisor survives and replaces the worker
        deadline = time.monotonic() + 15  # a loaded machine may take more than a moment to reap and respawn
        replaced = server.workers()
        while (len(replaced) != 2 or victims[0] in replaced) and time.monotonic() < deadline:
            time.sleep(0.2)
            replaced = server.workers()
        assert len(replaced) == 2 and victims[0] not in replaced, (victims, replaced)

    engine = create_engine(store_url)
    with engine.connect() as conn:
        stored = set(conn.scalars(select(ComplaintRow.id)))
        keys_ = list(conn.scalars(select(ComplaintRow.idempotency_key)))
        total = conn.scalar(select(func.count()).select_from(ComplaintRow))
    engine.dispose()
    print(f"{len(acknowledged)} acknowledged, {retried} retried after the kill, {total} stored")
    assert len(acknowledged) > 20
    assert set(acknowledged.values()) <= stored, "an acknowledged ticket is missing"
    assert total == len(set(keys_)), "an idempotency key produced two tickets"
