"""The HTML page in a real headless Chromium (Debian ``chromium`` and ``chromium-driver``).

On the seed build: no request leaves the file, no console error, the canvas is drawn, search selects an entity,
clicking a link shows its evidence. On a tiny hostile corpus: titles with markup stay text and run nothing.
Skipped when Chromium is absent, unless ``KG_REQUIRE_BROWSER=1`` (CI), which makes that a failure.
"""

import json
import os
import re
from pathlib import Path

import pytest

from kg.export.html import write_build_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
LOCAL_SCHEMES = ("file:", "data:", "about:")
HOSTILE_TITLE = "<script>alert(1)</script> BERT for reading"
HOSTILE_ATTR = '"onmouseover=alert(1) x=" question answering'
HOSTILE_SENTENCE = "BERT reaches 90 F1 on SQuAD <img src=x onerror=alert(2)>."
# Runs before the page's own scripts (DevTools injects it, so the page's CSP does not apply): any dialog a
# hostile string might open is recorded instead.
TRAP = "window.__kgAlerts = []; ['alert', 'confirm', 'prompt'].forEach(function (name) {" \
       " window[name] = function (message) { window.__kgAlerts.push(name + ':' + message); }; });"

pytestmark = pytest.mark.slow


def unavailable(reason: str) -> None:
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and KG_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed (pip install 'kg[test]')")
    if not CHROMIUM.is_file() or not CHROMEDRIVER.is_file():
        unavailable(f"{CHROMIUM} or {CHROMEDRIVER} missing (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-default-apps", "--window-size=1600,1000",
                     f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 1600, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def seed_page(seed_build, tmp_path_factory):
    """The seed build's page with its evidence sentences (conftest builds ../shared/seeds once per session)."""
    folder, _ = seed_build
    return write_build_html(folder, tmp_path_factory.mktemp("seed-page") / "graph.html")


def requests(driver) -> list[str]:
    """Urls of every request (and WebSocket) the browser made since the last call."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"] == "Network.webSocketCreated":
            urls.append(message["params"]["url"])
    return urls


def open_page(driver, page: Path) -> list[str]:
    """Navigate to ``page`` and wait for vis-network's first frame; returns the requests made on the way."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    requests(driver)
    driver.get_log("browser")
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return typeof window.__kgFirstDraw === 'number'"))
    return requests(driver)


def assert_clean(driver, urls: list[str]) -> None:
    assert urls, "no requests logged at all: is performance logging on?"
    outside = [url for url in urls if not url.startswith(LOCAL_SCHEMES)]
    assert outside == []
    severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    assert driver.execute_script("return window.__kgAlerts") == []


def panel_text(driver) -> str:
    return re.sub(r"\s+", " ", driver.find_element("id", "panel").text)


def wait_for(driver, script: str, timeout: float = 5):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def test_seed_page_is_offline_clean_and_drawn(driver, seed_page, tmp_path):
    urls = open_page(driver, seed_page)
    assert seed_page.resolve().as_uri() in urls
    drawn, total = driver.execute_script("""
        var canvas = document.querySelector('#graph canvas');
        var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, count = 0;
        for (var i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
        return [count, canvas.width * canvas.height];""")
    assert total >= 1600 * 1000 * 0.9 and drawn > 0.02 * total, (drawn, total)
    labels, ids = driver.execute_script("return [kg.labels(), kg.labelIds()]")
    # Each node labelled once (two entities may share a name: "SCAN" the method and "SCAN" the dataset).
    assert 10 <= len(labels) <= 60 and len(set(ids)) == len(ids) == len(labels)
    shot = tmp_path / "seed-graph.png"
    driver.save_screenshot(str(shot))
    print(f"screenshot of the seed page: {shot}")
    assert shot.stat().st_size > 10_000
    assert_clean(driver, urls + requests(driver))


def test_search_selects_and_focuses_an_entity(driver, seed_page):
    from selenium.webdriver.common.keys import Keys

    urls = open_page(driver, seed_page)
    target = driver.execute_script("""
        var n = kg.data.nodes.filter(function (n) { return n.kind === 'DATASET'; })
                             .sort(function (a, b) { return a.rank - b.rank; })[0];
        return [n.id, n.name];""")
    box = driver.find_element("id", "kg-search")
    box.send_keys(target[1].lower(), Keys.ENTER)
    assert wait_for(driver, f"return kgNetwork.getSelectedNodes()[0] === {json.dumps(target[0])}")
    assert driver.find_element("css selector", "#panel h2").text == target[1]
    assert "Neighbours" in panel_text(driver) or "Top neighbours" in panel_text(driver)
    box.clear()
    box.send_keys("no such entity at all", Keys.ENTER)
    assert "no entity matches" in driver.find_element("id", "kg-search-note").text
    assert_clean(driver, urls + requests(driver))


def test_a_linked_entity_shows_its_papers_with_code_entry(driver, seed_page):
    from selenium.webdriver.common.keys import Keys

    urls = open_page(driver, seed_page)
    target = driver.execute_script("""
        var n = kg.data.nodes.filter(function (n) { return n.pwc; })
                             .sort(function (a, b) { return a.rank - b.rank; })[0];
        return n ? [n.id, n.name, n.pwc] : null;""")
    assert target, "no entity of the seed build is linked to the Papers with Code taxonomy"
    driver.find_element("id", "kg-search").send_keys(target[1], Keys.ENTER)
    assert wait_for(driver, f"return kgNetwork.getSelectedNodes()[0] === {json.dumps(target[0])}")
    name, ident, area = target[2]
    assert f"Papers with Code: {name}" in panel_text(driver)
    assert all(part in panel_text(driver) for part in (ident, area) if part)
    assert_clean(driver, urls + requests(driver))


def test_clicking_an_edge_shows_its_evidence(driver, seed_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    urls = open_page(driver, seed_page)
    # An edge with a shared sentence whose midpoint, on screen, hits that edge and nothing else.
    spot = driver.execute_script("""
        var positions = kgNetwork.getPositions(), canvas = document.querySelector('#graph canvas');
        var edges = kg.data.edges.filter(function (e) { return e.sentences > 0; })
                                 .sort(function (a, b) { return b.value - a.value; });
        for (var i = 0; i < edges.length; i++) {
          var e = edges[i], a = positions[e.from], b = positions[e.to];
          var q = kgNetwork.canvasToDOM({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
          var p = { x: Math.round(q.x), y: Math.round(q.y) };
          if (p.x < 5 || p.y < 5 || p.x > innerWidth - 5 || p.y > innerHeight - 5) continue;
          if (document.elementFromPoint(p.x, p.y) !== canvas) continue;
          // The edge alone under the pointer, also a pixel off (a click lands on whole pixels).
          var alone = true;
          for (var dx = -1; dx <= 1 && alone; dx++) for (var dy = -1; dy <= 1 && alone; dy++) {
            var r = { x: p.x + dx, y: p.y + dy };
            alone = kgNetwork.getNodeAt(r) === undefined && kgNetwork.getEdgeAt(r) === e.id;
          }
          if (!alone) continue;
          return [e.id, p.x, p.y];
        }
        return null;""")
    assert spot, "no clickable edge with evidence on screen"
    edge_id, x, y = spot
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(x, y).click()
    actions.perform()
    ActionChains(driver).reset_actions()
    assert wait_for(driver, "return !document.getElementById('panel').hidden")
    edge = driver.execute_script(f"return kg.data.edges[{edge_id}]")
    names = driver.execute_script(f"return [kg.data.nodes.find(n => n.id === {json.dumps(edge['from'])}).name,"
                                  f" kg.data.nodes.find(n => n.id === {json.dumps(edge['to'])}).name]")
    assert driver.execute_script("return kgNetwork.getSelectedEdges()") == [edge_id]
    assert driver.find_element("css selector", "#panel h2").text == f"{names[0]} — {names[1]}"
    sentence = driver.execute_script("return kg.data.sentences[arguments[0]]",
                                     next(item for item in edge["evidence"] if "#" in item))
    assert sentence and re.sub(r"\s+", " ", sentence).strip() in panel_text(driver)
    assert driver.find_elements("css selector", "#panel blockquote mark")
    assert_clean(driver, urls + requests(driver))


HOSTILE_VENUE = "<img src=x onerror=alert(4)> Proc."


def test_hostile_titles_stay_inert_text(driver, seed_build, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException

    from kg.build import run_build

    corpus = tmp_path / "hostile.jsonl"
    records = [
        {"title": HOSTILE_TITLE, "url": "javascript:alert(3)", "venue": HOSTILE_VENUE, "year": 2021,
         "abstract": f"We fine-tune BERT on SQuAD for question answering. {HOSTILE_SENTENCE}"},
        {"title": HOSTILE_ATTR, "url": "https://example.org/paper",
         "abstract": "We evaluate BERT on SQuAD and Natural Questions for question answering."},
        {"title": "Third paper </script><!-- ", "abstract": "RoBERTa and BERT are compared on SQuAD."},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    run_build([corpus], tmp_path / "build")
    page = write_build_html(tmp_path / "build", tmp_path / "hostile.html")
    urls = open_page(driver, page)
    assert driver.execute_script("return kg.search('bert')") == "method:bert"
    text = panel_text(driver)
    assert HOSTILE_TITLE in text and HOSTILE_ATTR in text and "Third paper </script><!--" in text
    assert f"({HOSTILE_VENUE}, 2021)" in text  # issue 22: venue and year in the paper list, as text
    links = driver.execute_script("return Array.from(document.querySelectorAll('#panel a')).map(a => a.href)")
    assert links == ["https://example.org/paper"]
    edge = driver.execute_script("""return kg.data.edges.find(function (e) {
        return [e.from, e.to].sort().join() === 'dataset:squad,method:bert'; }).id""")
    driver.execute_script("kg.showEdge(arguments[0])", edge)
    assert HOSTILE_SENTENCE in panel_text(driver)
    injected = "#panel script, #panel img, [onmouseover], [onerror], body > script:not([id]) ~ img"
    assert driver.execute_script(f"return document.querySelectorAll({json.dumps(injected)}).length") == 0
    assert driver.execute_script("return document.querySelectorAll('script').length") == 3
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (reading it is what raises)
    assert_clean(driver, urls + requests(driver))


def test_notebook_frame_draws_inside_srcdoc(driver, seed_build, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    from kg.buildio import load_build
    from kg.export.html import notebook_iframe, render_html

    build = load_build(seed_build[0])
    page = render_html(build.graph, build=build, max_nodes=200, title='"notebook" <view>')
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><p>cell output:</p>{notebook_iframe(page, height=600)}</body></html>",
                    encoding="utf-8")
    driver.get("about:blank")
    requests(driver)
    driver.get_log("browser")
    driver.get(host.as_uri())
    driver.switch_to.frame(driver.find_element("css selector", "iframe"))
    try:
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return typeof window.__kgFirstDraw === 'number'"))
        assert driver.find_element("id", "kg-title").text == '"notebook" <view>'
        assert "showing 200 of" in driver.find_element("id", "kg-summary").text
    finally:
        driver.switch_to.default_content()
    assert_clean(driver, requests(driver))
