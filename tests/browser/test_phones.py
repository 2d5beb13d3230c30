"""Phones (375 px): every wide table becomes one card per row, with nothing cut; the search page's
filters fold away below the query, so the results come first, as on /challenges.

SFIDE_SCREENSHOTS=1 saves each page looked at in tests/artifacts/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, MOBILE, shot, sign_in

# Every cell, caption and scrolling box of the page's tables: how far each reaches past the viewport
# or past its own box (what is cut), and how many cells there are.
CUT_CELLS = """(width) => {
  const cut = [];
  let cells = 0;
  for (const table of document.querySelectorAll('main table')) {
    for (const cell of table.querySelectorAll('caption, tbody td, tbody th')) {
      const box = cell.getBoundingClientRect();
      if ((box.width === 0 && box.height === 0) || cell.closest('.visually-hidden')) continue;  // not shown
      cells += 1;
      if (box.left < -0.5 || box.right > width + 0.5 || cell.scrollWidth > cell.clientWidth + 1) {
        cut.push(cell.textContent.trim().slice(0, 40));
      }
    }
    const scroller = table.closest('.table-responsive');
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) cut.push('scrolls: ' + table.id);
  }
  return {cells, cut, page: document.documentElement.scrollWidth};
}"""

TABLE_PAGES = [
    ("leaderboards", "/leaderboards?period=all", None),
    ("administrations", "/administrations", None),
    ("dashboard", "/administrations/{site.administration}/dashboard", "staff"),
    ("results", "/challenges/{site.evaluated_challenge}/results", "staff"),
    ("admin-people", "/admin/users", "admin"),
    ("admin-log", "/admin/log", "admin"),
    ("moderation-people", "/moderation/users", "moderator"),
    ("moderation-log", "/moderation/log", "moderator"),
    ("juror-inbox", "/evaluations", "evaluator"),
]


@pytest.mark.parametrize(("name", "path", "role"), TABLE_PAGES, ids=[name for name, _path, _role in TABLE_PAGES])
def test_no_table_cell_is_cut_on_a_phone(site, live_server, new_context, name, path, role):
    context = new_context(viewport=MOBILE)
    if role:
        sign_in(context, live_server, site.accounts[role])
    page = context.new_page()
    page.goto(path.format(site=site))
    shot(page, f"phone-table-{name}-375")
    found = page.evaluate(CUT_CELLS, MOBILE["width"])
    assert found["cells"] > 0
    assert found["cut"] == []
    assert found["page"] <= MOBILE["width"]


def test_a_phone_row_names_each_value_by_its_column(site, live_server, new_context):
    context = new_context(viewport=MOBILE)
    sign_in(context, live_server, site.accounts["evaluator"])
    page = context.new_page()
    page.goto("/evaluations")
    caption = page.locator("main table caption")
    expect(caption).to_contain_text("ogni soluzione si valuta da 1 a 5")
    expect(page.locator("main table thead")).not_to_be_in_viewport()
    label = page.locator("main table td[data-label='Da valutare']").first
    assert label.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Da valutare: "'


def test_tables_keep_their_columns_on_a_desktop(site, new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/administrations")
    expect(page.locator("main table thead th").first).to_be_visible()
    assert page.locator("main table tbody td").first.evaluate("cell => getComputedStyle(cell).display") == "table-cell"


def test_search_results_come_before_the_filters_on_a_phone(site, new_context):
    page = new_context(viewport=MOBILE).new_page()
    page.goto("/search?q=sportello")
    shot(page, "phone-search-375")
    expect(page.locator("#search-type")).to_be_hidden()
    first = page.locator(".search-hit").first.bounding_box()
    assert first is not None and first["y"] < MOBILE["height"]
    page.get_by_text("Filtra", exact=True).click()
    expect(page.locator("#search-administration")).to_be_visible()


def test_search_filters_stay_open_on_a_desktop(site, new_context):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto("/search?q=sportello&type=solution")
    shot(page, "desktop-search-1280")
    expect(page.locator("#search-type")).to_be_visible()
    expect(page.locator(".filters-summary")).to_be_hidden()
