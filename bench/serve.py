"""The web server's speed: the records API, and upload → records for the sample batch.

    python bench/serve.py [--seconds 5] [--threads 4]

Starts a real `thidua serve` on a loopback port with a fresh data folder, uploads the files
members sent back (`samples/returned/`, a scan among them) in one request and times until
every file's records are stored; the baseline is `parse_paths` on the same files in this
process (what `thidua parse` does). Then GET /api/records?limit=100 is called from THREADS
threads for SECONDS seconds; its baseline is `review.list_records` on the same store, called
in this process. Prints the figures and two ratios (web ÷ baseline; the cost of the server).
"""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit import review  # noqa: E402
from toolkit.parse import parse_paths  # noqa: E402

RETURNED = REPO / "samples" / "returned"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    files = sorted(RETURNED.iterdir())

    start = time.perf_counter()
    local = parse_paths(files)
    local_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "toolkit", "serve", "--port", str(port), "--data",
                                   str(Path(tmp) / "data")], cwd=REPO, stdout=subprocess.PIPE, stderr=open(Path(tmp) / "server.log", "wb"))
        try:
            while b"Ctrl+C" not in server.stdout.readline():
                pass
            url = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    requests.get(url + "/static/app.css", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            start = time.perf_counter()
            job = requests.post(url + "/api/parse", files=[("files", (p.name, p.read_bytes())) for p in files]).json()["job"]
            while requests.get(f"{url}/api/jobs/{job}").json()["status"] not in ("done", "failed"):
                time.sleep(0.05)
            web_s = time.perf_counter() - start
            stored = requests.get(url + "/api/records", params={"limit": 1}).json()["total"]

            def call(_):
                end, count = time.perf_counter() + args.seconds, 0
                with requests.Session() as session:
                    while time.perf_counter() < end:
                        session.get(url + "/api/records", params={"limit": 100}).raise_for_status()
                        count += 1
                return count

            with ThreadPoolExecutor(args.threads) as pool:
                calls = sum(pool.map(call, range(args.threads)))
            api_rps = calls / args.seconds

            store = Path(tmp) / "data" / "thidua.sqlite"
            end, direct = time.perf_counter() + args.seconds / 2, 0
            while time.perf_counter() < end:
                review.list_records(store, review.Filters(limit=100))
                direct += 1
            direct_rps = direct / (args.seconds / 2)
        except Exception:
            print((Path(tmp) / "server.log").read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            server.terminate()
            server.wait(15)

    print(f"sample batch: {len(files)} files, {len(local.records)} records (web store: {stored})")
    print(f"upload_to_records_s: {web_s:.2f}")
    print(f"parse_in_process_s: {local_s:.2f}")
    print(f"ratio_upload_vs_parse: {web_s / local_s:.2f}")
    print(f"records_api_requests_per_s: {api_rps:.0f} ({args.threads} threads, limit=100)")
    print(f"records_direct_calls_per_s: {direct_rps:.0f}")
    print(f"ratio_api_vs_direct: {api_rps / direct_rps:.2f}")


if __name__ == "__main__":
    main()
