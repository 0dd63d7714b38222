"""Lighthouse (mobile profile) on every worker page in every language: the performance score, cumulative layout
shift, first and largest contentful paint, total blocking time and bytes, against the targets (score >= 98,
CLS < 0.05).

Run: .venv/bin/python bench/lighthouse.py BASE_URL [--lighthouse PATH] [--pages home,profile] [--languages am,ar]
     Needs Lighthouse from the npm registry, outside the project's install steps (never part of `make test`):
         npm install --prefix /work/tools/lh lighthouse
     (then --lighthouse /work/tools/lh/node_modules/.bin/lighthouse, the default when none is on PATH)
     and drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium, set here unless already set). Lighthouse's own
     mobile emulation is used: a Moto G power-sized screen, 4x CPU slowdown, simulated slow 4G.
     The language is asked for as a phone does, with Accept-Language.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import LANGUAGES, worker_pages  # noqa: E402

SCORE_TARGET, CLS_TARGET = 98, 0.05
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"


def lighthouse_command(given: str | None) -> str:
    found = given or shutil.which("lighthouse") or "/work/tools/lh/node_modules/.bin/lighthouse"
    if not Path(found).exists() and not shutil.which(found):
        sys.exit("bench/lighthouse.py needs Lighthouse: npm install --prefix /work/tools/lh lighthouse")
    return found


def audit(command: str, url: str, language: str) -> dict:
    """One Lighthouse run (performance only, mobile): the figures the table shows."""
    run = subprocess.run(
        [command, url, "--only-categories=performance", "--output=json", "--output-path=stdout", "--quiet",
         f"--chrome-flags={CHROME_FLAGS}", f"--extra-headers={json.dumps({'Accept-Language': language})}"],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
    if run.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url} ({language}): {run.stderr[-500:]}")
    report = json.loads(run.stdout)
    audits = report["audits"]
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "tbt": audits["total-blocking-time"]["numericValue"],
            "kb": audits["total-byte-weight"]["numericValue"] / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--lighthouse")
    parser.add_argument("--pages", help="comma-separated page names (default: every worker page)")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args()
    command = lighthouse_command(args.lighthouse)
    base = args.base_url.rstrip("/")
    wanted = set(args.pages.split(",")) if args.pages else None
    print(f"{'page':20} {'lang':4} {'score':>5} {'CLS':>6} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>6} {'KB':>6}  met?")
    misses = 0
    for name, path in worker_pages(base):
        if wanted and name not in wanted:
            continue
        for language in args.languages.split(","):
            f = audit(command, base + path, language)
            met = f["score"] >= SCORE_TARGET and f["cls"] < CLS_TARGET
            misses += not met
            print(f"{name:20} {language:4} {f['score']:5d} {f['cls']:6.3f} {f['fcp']:6.2f} {f['lcp']:6.2f} "
                  f"{f['tbt']:6.0f} {f['kb']:6.1f}  {'yes' if met else 'NO'}", flush=True)
    print(f"targets: score >= {SCORE_TARGET} and CLS < {CLS_TARGET}; pages missing them: {misses}")


if __name__ == "__main__":
    main()
