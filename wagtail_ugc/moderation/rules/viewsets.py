"""Admin for the moderation rules: the blocklist, in the "UGC" menu group."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from ...models import BlocklistTerm


class BlocklistTermViewSet(SnippetViewSet):
    model = BlocklistTerm
    icon = "warning"
    menu_label = _("Blocklist")
    menu_name = "ugc-blocklist"
    list_display = ["term", "language"]
    list_filter = ["language"]
    list_per_page = 100
    search_fields = ["term"]
    search_backend_name = None
    ordering = ["language", "term"]
    panels = [
        FieldPanel(
            "language",
            help_text=_(
                "A language code such as en, sv, da or zh; * applies the term "
                "to submissions in every language."
            ),
        ),
        FieldPanel(
            "term",
            help_text=_(
                "A word or phrase. Case and accents do not matter. Chinese terms "
                "match anywhere in the text, others only as whole words."
            ),
        ),
    ]
