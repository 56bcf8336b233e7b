"""A visitor sees the demo home page; a moderator logs in to the Wagtail admin."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_sees_the_demo_home_page(page, demo_content, screenshot):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind Outdoor")
    expect(page.get_by_role("link", name="Share your photo")).to_be_visible()
    screenshot(page, "home", full_page=True)


def test_moderator_logs_in_to_the_admin(page, demo_content, screenshot):
    page.goto("/admin/")
    expect(page).to_have_url("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northwind Outdoor")
    screenshot(page, "admin-dashboard")


def test_wrong_password_is_refused(page, demo_content):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Your username and password didn't match")).to_be_visible()
