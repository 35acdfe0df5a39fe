"""The API contract test: the server's OpenAPI document against the server itself.

Twice, once as a user (Megan Bowen, who buys things) and once as an admin (Adele Vance, who
reads every purchase, sets policies and answers requests): starts the portal server (the binary
given) on a fresh SQLite database with demo data, signs in, and runs schemathesis with every
check (schemathesis.toml, hooks.py beside this file). Exit code: 0 when every case passed.

    python run.py target/debug/portal-server [extra schemathesis arguments]
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"the server stopped before answering (exit {server.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not answer /api/health within 30 s")


PEOPLE = ["megan.bowen@contoso.example", "adele.vance@contoso.example"]


def session_cookie(port: int, email: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"email": email, "password": "Portal-demo-2026"})
    conn.request("POST", "/api/session", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    if response.status != 200:
        sys.exit(f"signing in answered {response.status}")
    return response.getheader("Set-Cookie").split(";", 1)[0]


def main() -> int:
    binary, extra = sys.argv[1], sys.argv[2:]
    failed = [email for email in PEOPLE if run_as(binary, email, extra) != 0]
    if failed:
        print(f"the API contract failed signed in as {', '.join(failed)}")
    return 1 if failed else 0


def run_as(binary: str, email: str, extra: list[str]) -> int:
    print(f"--- signed in as {email} ---", flush=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="portal-contract-") as data:
        env = dict(os.environ, PORT=str(port), PORTAL_BIND="127.0.0.1",
                   DATABASE_URL=f"sqlite://{data}/portal.db", PORTAL_DIST=f"{data}/no-dist")
        log = open(Path(data) / "server.log", "w")
        server = subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(port, server)
            env = dict(os.environ, PORTAL_CONTRACT_COOKIE=session_cookie(port, email),
                       PYTHONPATH=str(HERE), SCHEMATHESIS_HOOKS="hooks")
            schemathesis = Path(sys.executable).parent / "schemathesis"
            command = [str(schemathesis), "--config-file", str(HERE / "schemathesis.toml"), "run",
                       f"http://127.0.0.1:{port}/api/openapi.json", "--url", f"http://127.0.0.1:{port}",
                       "--checks", "all",
                       # signing out would end the session the rest of the run uses
                       "--exclude-operation-id", "sign_out", "--exclude-operation-id", "sign_out_everywhere",
                       *extra]
            status = subprocess.run(command, env=env).returncode
        finally:
            server.terminate()
            server.wait(timeout=10)
        if status != 0:
            print("--- the server's log ---")
            print((Path(data) / "server.log").read_text()[-20000:])
        return status


if __name__ == "__main__":
    sys.exit(main())
