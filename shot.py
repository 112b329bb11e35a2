import sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    pg = b.new_page(viewport={"width": 1300, "height": 1100})
    for i, url in enumerate(sys.argv[1:]):
        pg.goto("http://127.0.0.1:8842" + url); pg.wait_for_timeout(2500)
        pg.screenshot(path=f"/tmp/p34b/shot{i}.png", full_page=False)
        print(url, pg.inner_text("body")[:1500].replace("\n", " | "))
    b.close()
