"""Filling in the public submission form as a visitor does, for the browser tests."""


def fill_photo_form(page, photo_path):
    page.get_by_label("Photo", exact=True).check()
    page.get_by_label("Photos").set_input_files(str(photo_path))
    page.get_by_label("Your name").fill("Ada Walker")
    page.get_by_label("Your e-mail").fill("ada@example.com")
    page.get_by_label("I agree to the terms above.").check()
    page.get_by_label("I am 16 or older.").check()
    page.get_by_label("Everyone shown agreed to share it.").check()


def send_review_without_rating(page):
    """Send a review with everything but its rating, so the form comes back with errors."""
    page.get_by_label("Review", exact=True).check()
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Your e-mail").fill("ada@example.com")
    page.get_by_label("I agree to the terms above.").check()
    page.get_by_label("I am 16 or older.").check()
    page.get_by_role("button", name="Send").click()
