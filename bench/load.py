"""A bounded load from loopback over the worker and official pages, with /health in the same run.

Run: .venv/bin/python bench/load.py BASE_URL [--seconds 10] [--connections 16] [--official EMAIL PASSWORD]
                                   [--only public|queue] [--server-pid GUNICORN_MASTER_PID]
     (wrk from Debian: apt-get install wrk; each endpoint runs --seconds, so the whole run stays bounded)

For each endpoint: requests per second, p50/p95/p99 latency in ms, and the rate as a ratio to /health's, so
that figures from a busy machine still compare. Licence numbers and the agency profiled are read from the
API first. The officials' queue runs with each filter when --official is given (the account logs in once).
Raise the rate limits by configuration for the run (e.g. PORTAL_CONTRACT_CHECK_RATE_LIMIT), never in code.
With --server-pid, each gunicorn worker's peak and current memory (VmHWM, VmRSS from /proc) is printed after the
load. Not driven here: grievance filing and tracking (bench/filing_load.py files under load).
"""
import argparse
import http.cookiejar
import json
import re
import subprocess
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

LUA = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"seconds\\": %f, \\"errors\\": %d, \\"non2xx\\": %d, "
    .. "\\"p50\\": %f, \\"p95\\": %f, \\"p99\\": %f}\\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""
QUEUE_FILTERS = ["", "status=open", "urgent=y&overdue=y", "overdue=y", "agency=pearl", "agency=global",
                 "agency=pearl+horizon", "agency=zawadi+broker", "destination=SA", "category=unpaid_wages"]
DEEP_PAGE = 100  # the queue's page an official reaches by following "Next page" 99 times


def wrk(url: str, seconds: int, connections: int, script: str, headers: list[str]) -> dict:
    """One wrk run against url: its rate and latency percentiles."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", script, *(a for h in headers for a in ("-H", h)), url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    figures = json.loads(re.search(r"^JSON (.*)$", out, re.M).group(1))
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def public_targets(base: str) -> list[tuple[str, str]]:
    """The worker's endpoints, with a real licence number and profile from the registry's API."""
    listing = json.load(urllib.request.urlopen(f"{base}/api/v1/agencies?status=licensed&per_page=1"))
    item = listing["items"][0]
    number, profile = item["licence_number"], urllib.parse.urlparse(item["url"]).path
    loose = " ".join(str(int(p)) if p.isdigit() else p.lower() for p in re.findall(r"[A-Za-z]+|\d+", number))
    q = urllib.parse.quote_plus
    return [
        ("search, misspelt name", f"/agencies?q={q('perl horizn')}"),
        ("search, misspelt trading name", f"/agencies?q={q('zawadi manpowr')}"),
        ("search, licence number", f"/agencies?q={q(number)}"),
        ("search, number typed loosely", f"/agencies?q={q(loose)}"),
        ("search, common word", f"/agencies?q={q('recruitment')}"),
        ("search API, misspelt name", f"/api/v1/agencies?q={q('perl horizn')}"),
        ("profile HTML", profile),
        ("profile JSON", f"/api/v1/agencies/{q(number, safe='')}"),
        ("contract check page", "/contracts/check"),
        ("grievance form", "/grievances/new"),
    ]


def official_cookie(base: str, email: str, password: str) -> str:
    """Log in once through the real form; the session cookie for the queue's requests."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": email, "password": password} | ({"csrf_token": token.group(1)} if token else {})
    opener.open(f"{base}/login", urllib.parse.urlencode(data).encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def deep_queue_page(base: str, cookie: str) -> str:
    """The queue's page DEEP_PAGE, as an official reaches it: following the "Next page" link (keyset)."""
    path = "/grievances/cases?"
    for _ in range(DEEP_PAGE - 1):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        html = urllib.request.urlopen(request).read().decode()
        found = re.search(r'href="([^"]+)">Next page', html)
        if not found:
            break
        path = found.group(1).replace("&amp;", "&")
    return path


def worker_memory(master: int) -> list[str]:
    """Each gunicorn worker's peak and current resident memory, from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    lines = []
    for pid in children:
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        lines.append(f"worker {pid}: peak {status['VmHWM'].strip()}, now {status['VmRSS'].strip()}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--official", nargs=2, metavar=("EMAIL", "PASSWORD"))
    parser.add_argument("--only", choices=["public", "queue"])
    parser.add_argument("--server-pid", type=int, help="gunicorn's master: print its workers' memory at the end")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    targets = [("/health", "/health")] + (public_targets(base) if args.only != "queue" else [])
    headers: list[str] = []
    if args.official and args.only != "public":
        cookie = official_cookie(base, *args.official)
        headers = [f"Cookie: {cookie}"]
        targets += [(f"case queue {f or '(default)'}", f"/grievances/cases?{f}") for f in QUEUE_FILTERS]
        targets.append((f"case queue page {DEEP_PAGE}", deep_queue_page(base, cookie)))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(LUA)
        script.flush()
        print(f"{'endpoint':36} {'rps':>8} {'× health':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        health = None
        for name, path in targets:
            figures = wrk(base + path, args.seconds, args.connections, script.name,
                          headers if path.startswith("/grievances/cases") else [])
            health = health or figures["rps"]
            print(f"{name:36} {figures['rps']:8.1f} {figures['rps'] / health:8.2f} {figures['p50']:8.1f} "
                  f"{figures['p95']:8.1f} {figures['p99']:8.1f} {figures['errors'] + figures['non2xx']:7d}",
                  flush=True)
    if args.server_pid:
        print("\n".join(worker_memory(args.server_pid)))


if __name__ == "__main__":
    main()
