"""Each worker page in each language, as a phone on a slow network gets it: bytes transferred on the first and
on a repeat visit, requests on the repeat visit, and the time until the text is readable (fonts loaded).

Run: .venv/bin/python bench/pages.py BASE_URL [--kbps 400] [--latency 400]
     (Debian's Chromium through Playwright, never a downloaded browser; throttled with the DevTools protocol)
"""
import argparse
import json
import time
import urllib.request

from playwright.sync_api import sync_playwright

LANGUAGES = ["en", "sw", "fr", "am", "ar"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def worker_pages(base: str) -> list[tuple[str, str]]:
    """The pages a worker opens, with a real agency profile read from the API."""
    listing = json.load(urllib.request.urlopen(f"{base}/api/v1/agencies?status=licensed&per_page=1"))
    profile = listing["items"][0]["url"].split("://", 1)[-1].split("/", 1)[-1]
    return [("home", "/"), ("search", "/agencies?q=perl+horizn"), ("profile", "/" + profile),
            ("contract check", "/contracts/check"), ("file a grievance", "/grievances/new"),
            ("follow a grievance", "/grievances/track")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--latency", type=int, default=400)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    throughput = args.kbps * 1000 / 8
    print(f"{'page':20} {'lang':4} {'first KB':>9} {'readable s':>10} {'repeat KB':>9} {'repeat requests':>15}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in worker_pages(base):
            for language in LANGUAGES:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                page.goto(f"{base}/language/{language}?next=/")  # the language cookie, before measuring
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.clearBrowserCache")
                cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": args.latency,
                                                              "downloadThroughput": throughput,
                                                              "uploadThroughput": throughput})
                first = _measure(page, cdp, base + path)
                repeat = _measure(page, cdp, base + path)
                print(f"{name:20} {language:4} {first[0] / 1024:9.1f} {first[2]:10.2f} {repeat[0] / 1024:9.1f} "
                      f"{repeat[1]:15d}", flush=True)
                context.close()
        browser.close()


def _measure(page, cdp, url: str) -> tuple[int, int, float]:
    sizes: dict[str, int] = {}

    def finished(event):
        sizes[event["requestId"]] = event["encodedDataLength"]

    cdp.on("Network.loadingFinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    readable = time.perf_counter() - start
    page.wait_for_timeout(300)
    cdp.remove_listener("Network.loadingFinished", finished)
    return sum(sizes.values()), len(sizes), readable


if __name__ == "__main__":
    main()
