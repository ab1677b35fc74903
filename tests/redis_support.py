"""A real ``redis-server`` (the Debian package) on a free port of 127.0.0.1, started and stopped
by the tests themselves, and workers of a distributed crawl in subprocesses.

fakeredis is no substitute: the reliable queue and the pacing are Lua scripts that call ``TIME``.
Under ``CI=true`` a missing ``redis-server`` fails the run; elsewhere the tests skip, saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO


def redis_server_binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found:
        return found
    message = (
        "redis-server is not installed: the distributed-crawl tests need a real Redis "
        "(apt-get install redis-server; .ci/run installs it)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One redis-server process, its data (append-only, fsync'd each write) in ``folder``, so that
    a stop and a start on the same port lose nothing, as a real outage of a persistent server."""

    def __init__(self, folder: Path, password: str | None = None, tls: bool = False) -> None:
        self.binary = redis_server_binary()
        self.folder = folder
        self.port = free_port()
        self.password = password
        self.tls = tls
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        if tls:
            self.cert, self.key = self_signed_certificate(folder)

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        if self.tls:
            # the client trusts the server's own certificate, as a worker given the cluster's CA
            return f"rediss://{auth}127.0.0.1:{self.port}/0?ssl_ca_certs={self.cert}"
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> None:
        listen = ("--port", str(self.port))
        if self.tls:
            listen = (
                "--port", "0", "--tls-port", str(self.port),
                "--tls-cert-file", str(self.cert), "--tls-key-file", str(self.key),
                "--tls-ca-cert-file", str(self.cert), "--tls-auth-clients", "no",
            )  # fmt: skip
        command = [
            self.binary,
            *listen,
            *("--bind", "127.0.0.1", "--dir", str(self.folder)),
            *("--save", "", "--appendonly", "yes", "--appendfsync", "always"),
            *("--protected-mode", "yes", "--logfile", str(self.folder / "redis.log")),
        ]
        if self.password:
            command += ["--requirepass", self.password]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.client().ping()
                return
            except Exception:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def client(self) -> Any:
        import redis

        return redis.Redis.from_url(self.url, decode_responses=True)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, signed by its own key (cryptography, Scrapy's dependency)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "redis.crt", folder / "redis.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextmanager
def redis_server(
    folder: Path, password: str | None = None, tls: bool = False
) -> Iterator[RedisServer]:
    server = RedisServer(folder, password, tls)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def worker_command(base_url: str, redis_url: str, out: Path, *extra: str) -> list[str]:
    """A worker: the real ``scrapy crawl`` with ``-s REDIS_URL``, no delay unless ``extra`` sets
    one, its own output file and report."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "almaghribtoday",
        "-a", f"base_url={base_url}",
        "-O", str(out),
        "-s", f"REDIS_URL={redis_url}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", f"NEWSCRAWL_REPORT={out.with_suffix('.report.json')}",
        *extra,
    ]  # fmt: skip


def start_worker(base_url: str, redis_url: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    log = open(out.with_suffix(".log"), "w", encoding="utf-8")
    return subprocess.Popen(
        worker_command(base_url, redis_url, out, *extra),
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


def lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a worker's feed. A worker killed with SIGKILL in the middle of a
    write leaves its last line without its newline: that article was not recorded in the state,
    and another worker exports it again, so the cut line is not part of the output."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    complete = text[: text.rfind("\n") + 1]
    return [json.loads(line) for line in complete.splitlines() if line]


def wait_for_lines(path: Path, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(lines(path)) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} did not reach {count} lines")


def log_of(out: Path) -> str:
    return out.with_suffix(".log").read_text(encoding="utf-8")


def report_of(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
