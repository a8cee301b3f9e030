"""Take screenshots of the built site (site/) in headless Chromium, for a human to look at.

Usage: python scripts/screenshots.py OUTDIR PAGE [PAGE ...]   (PAGE like "acteurs/russie/")
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory="site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name in sys.argv[2:]:
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            target = out / (name.strip("/").replace("/", "_") or "home")
            page.screenshot(path=f"{target}.png", full_page=True)
            print(target)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
