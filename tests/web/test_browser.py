"""The office's year in a real browser: headless Chromium drives a real `thidua serve`.

generate → download → parse → review and correct → summarize, with a screenshot of each
page (kept in the test's folder) and the browser's console checked for errors.
"""
from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait

from webserver import REPO, RETURNED, serve, server  # noqa: F401 (fixtures)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser(tmp_path):
    downloads = tmp_path / "tai-ve"
    downloads.mkdir()
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1000", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    driver.shots = tmp_path / "anh-chup"
    driver.shots.mkdir()
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(driver.shots / f"{name}.png"))


def wait(driver, seconds: float = 60) -> WebDriverWait:
    # The job page reloads itself when a batch ends, and a form's answer replaces the page, so
    # an element found just before may be gone by the time it is read — as a stale reference,
    # or, on a busy machine, as Chromium's "Node with given id does not belong to the document":
    # look again. The condition and its time limit stay.
    return _Wait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))


class _Wait(WebDriverWait):
    def until(self, method, message: str = ""):
        def again_if_replaced(driver):
            try:
                return method(driver)
            except WebDriverException as exc:
                if "does not belong to the document" in str(exc):
                    return False
                raise
        return super().until(again_if_replaced, message)


def downloaded(driver, suffix: str, seconds: float = 60) -> Path:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        done = [p for p in driver.downloads.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded: {list(driver.downloads.iterdir())}")


def test_the_years_work_in_a_browser(server, browser):
    # 1. Tạo văn bản: check the workbook, then one registration list per department.
    browser.get(server.url + "/tao-van-ban")
    Select(browser.find_element(By.NAME, "mau")).select_by_value("dang-ky-thi-dua")
    browser.find_element(By.NAME, "du_lieu").send_keys(str(REPO / "samples" / "dang-ky-thi-dua.xlsx"))
    browser.find_element(By.CSS_SELECTOR, "button[value=check]").click()
    report = wait(browser).until(seen.presence_of_element_located((By.ID, "kiem-tra")))
    assert "dữ liệu đủ cho mẫu" in report.text
    shot(browser, "1-kiem-tra")
    browser.find_element(By.CSS_SELECTOR, "input[name=cach][value=nhom]").click()
    group = browser.find_element(By.NAME, "group_by")
    assert group.is_displayed()
    group.send_keys("ca_nhan.don_vi")
    browser.find_element(By.CSS_SELECTOR, "button[value=generate]").click()
    link = wait(browser).until(seen.element_to_be_clickable((By.CSS_SELECTOR, ".download a")))
    shot(browser, "2-da-tao")
    link.click()
    documents = zipfile.ZipFile(downloaded(browser, ".zip")).namelist()
    assert len(documents) > 1 and all(n.endswith(".docx") for n in documents)

    # 2. Đọc hồ sơ: the files four members sent back, a scan among them.
    browser.get(server.url + "/doc-ho-so")
    returned = sorted(RETURNED.iterdir())
    browser.find_element(By.NAME, "files").send_keys("\n".join(str(p) for p in returned))
    assert f"{len(returned)} tệp" in browser.find_element(By.CSS_SELECTOR, ".chosen").text
    browser.find_element(By.CSS_SELECTOR, "#tai-len button[type=submit]").click()
    wait(browser).until(seen.presence_of_element_located((By.CSS_SELECTOR, "progress")))
    shot(browser, "3-dang-doc")
    wait(browser, 240).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-job]").get_attribute("data-status") == "done")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.files tbody tr")
    assert len(rows) == len(returned)
    assert all("đã đọc" in r.text for r in rows)
    shot(browser, "4-da-doc")

    # 3. Rà soát: a record read from the scan, shown on its page, corrected.
    browser.find_element(By.LINK_TEXT, "Rà soát các bản ghi cần xem lại").click()
    Select(browser.find_element(By.NAME, "file")).select_by_visible_text("07-cdcs-so-tu-phap-bang-cham-diem-scan.pdf")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    shot(browser, "5-ra-soat")
    browser.find_elements(By.CSS_SELECTOR, "table.records tbody a")[0].click()
    image = wait(browser, 120).until(seen.presence_of_element_located((By.CSS_SELECTOR, "img.page-image")))
    wait(browser, 120).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image))
    shot(browser, "6-nguon")
    value = browser.find_element(By.NAME, "value")
    value.clear()
    value.send_keys("7,5")
    browser.find_element(By.CSS_SELECTOR, "button[value=correct]").click()
    wait(browser).until(seen.text_to_be_present_in_element((By.CSS_SELECTOR, ".review-state"), "đã sửa"))
    history = browser.find_element(By.CSS_SELECTOR, "table.small").text
    assert "7.5" in history
    assert browser.find_element(By.NAME, "value").get_attribute("value") == "7,5"
    shot(browser, "7-da-sua")

    # 4. Tổng hợp: ranking, chart, the workbook to download.
    browser.get(server.url + "/tong-hop")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    chart = wait(browser, 120).until(seen.presence_of_element_located((By.CSS_SELECTOR, "img.chart")))
    wait(browser).until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", chart))
    ranking = browser.find_elements(By.CSS_SELECTOR, "section table.grid")[0].text
    assert "Sở Tư pháp" in ranking and "Sở Tài chính" in ranking
    browser.set_window_size(1280, 2200)
    shot(browser, "8-tong-hop")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Tải bảng tổng hợp").click()
    sheets = load_workbook(io.BytesIO(downloaded(browser, ".xlsx").read_bytes())).sheetnames
    assert "Xếp hạng" in sheets

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
