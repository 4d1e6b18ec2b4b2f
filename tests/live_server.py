"""Runs ``tousu serve`` as a real process on a free loopback port (tests and benchmarks)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TOUSU = Path(sys.executable).with_name("tousu")


def api(url: str, key: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """Calls the service's JSON API with a key: GET, or POST with ``body``."""
    import json

    request = urllib.request.Request(url + path, data=json.dumps(body).encode() if body else None,
                                     method="POST" if body else "GET",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def create_key(self, role: str) -> str:
        out = subprocess.run([str(TOUSU), "keys", "create", "--role", role], env=self.env, check=True,
                             capture_output=True, text=True)
        return out.stdout.strip()

    def workers(self) -> list[int]:
        """Returns the pids of the worker processes (children of the supervisor)."""
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        pids = [int(p) for p in out.stdout.split()]
        # uvicorn's supervisor also starts multiprocessing's resource tracker; workers answer HTTP
        return [p for p in pids if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="ignore")]


@contextmanager
def live_server(*, data_dir: Path, model_dir: Path | None, workers: int = 2, database_url: str | None = None,
                timeout: float = 60.0, cwd: Path | None = None, extra_env: dict[str, str] | None = None,
                extra_args: tuple[str, ...] = (), log_name: str = "serve.log") -> Iterator[LiveServer]:
    """``model_dir=None`` leaves the model to the settings (the registry's champion, if any)."""
    port = free_port()
    env = {**os.environ, "TOUSU_DATA_DIR": str(data_dir), "TOUSU_ENV": "test",
           "TOUSU_SECRET_KEY": "live-server-secret-0123456789"}
    env.pop("TOUSU_MODEL_DIR", None)
    for inherited in ("MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI"):  # mlflow.set_tracking_uri() exports these
        env.pop(inherited, None)
    if model_dir is not None:
        env["TOUSU_MODEL_DIR"] = str(model_dir)
    if database_url:
        env["TOUSU_DATABASE_URL"] = database_url
    else:
        env.pop("TOUSU_DATABASE_URL", None)
    env.update(extra_env or {})
    log = open(data_dir / log_name, "wb")  # noqa: SIM115
    process = subprocess.Popen([str(TOUSU), "serve", "--port", str(port), "--workers", str(workers),
                                "--log-level", "warning", *extra_args],
                               env=env, stdout=log, stderr=subprocess.STDOUT,
                               cwd=cwd or data_dir, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"tousu serve exited with {process.returncode}: "
                                   f"{(data_dir / log_name).read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url + "/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"tousu serve did not become ready within {timeout} s")
            time.sleep(0.2)
        # with several workers, wait until each has started (each answers readyz)
        time.sleep(0.5 * workers)
        yield LiveServer(url=url, process=process, env=env)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
