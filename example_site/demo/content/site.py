"""The site itself: admin login, home page, /share/ and /gallery/ pages, a campaign."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from home.models import ContentPage, HomePage
from wagtail.models import Collection, Locale, Page, Site

from wagtail_ugc.models import Campaign

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "changeme"  # noqa: S105 - demo only, printed for the user

CAMPAIGN_TERMS = (
    "You confirm you took this photo or wrote this review yourself, and that "
    "everyone shown in it agreed to share it. You let Northwind Outdoor show it "
    "on this website with the credit you chose, until you withdraw it. You can "
    "withdraw it at any time with the link in your confirmation e-mail."
)


def load(stdout):
    ensure_admin(stdout)
    home = ensure_home()
    ensure_site_address()
    ensure_page(
        home, "share", "Share your adventure", "Show us where your gear took you."
    )
    ensure_page(
        home, "gallery", "Customer gallery", "Photos and reviews from our customers."
    )
    ensure_campaign()


def ensure_admin(stdout):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(ADMIN_PASSWORD)
        user.save()
    return user


def ensure_home():
    home = HomePage.objects.first()
    if home:
        return home
    root = ensure_tree_roots()
    welcome = Page.objects.filter(depth=2, slug="home").first()
    home = HomePage(
        title="Northwind Outdoor",
        slug="northwind",
        body=[
            (
                "paragraph",
                "<p>Gear for people who go outside. See what our customers made of it.</p>",
            ),
        ],
    )
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = "Northwind Outdoor"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            root_page=home,
            is_default_site=True,
            site_name="Northwind Outdoor",
        )
    if welcome:
        welcome.delete()
    home.refresh_from_db()
    home.slug = "home"
    home.save_revision().publish()
    return home


def ensure_site_address():
    """Serve the site where `make demo` serves it (WAGTAILADMIN_BASE_URL).

    Item pages' canonical links, sharing tags and the sitemap are built from
    the Site's address, so a demo Site left at Wagtail's localhost:80 would
    point them at a server that is not there.
    """
    address = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not address.hostname:
        return
    site.hostname = address.hostname
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.save()


def ensure_tree_roots():
    """The rows Wagtail's migrations create; a flushed test database lacks them."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(title="Root", slug="root")


def ensure_page(home, slug, title, intro):
    page = home.get_children().filter(slug=slug).first()
    if page:
        return page.specific
    page = ContentPage(title=title, slug=slug, body=[("paragraph", f"<p>{intro}</p>")])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_campaign():
    campaign, _ = Campaign.objects.get_or_create(
        slug="summer-trails",
        defaults={
            "title": "Summer trails",
            "hashtag": "#NorthwindTrails",
            "guidelines": "<p>Show our gear outdoors. No faces of people who did not agree.</p>",
            "incentive_text": "Every month we send one creator a new backpack.",
            "terms_text": CAMPAIGN_TERMS,
            "terms_version": "2026-1",
        },
    )
    return campaign
