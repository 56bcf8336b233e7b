"""Seed the moderation blocklist with starting lists for English, Chinese, Swedish and Danish.

The lists are a starting point for flagging (terms never reject anything):
editors change them under Snippets → Blocklist. Terms are frozen here rather
than imported, so later edits to any module do not change this migration.
"""

from django.db import migrations

SEED_BLOCKLIST = {
    "en": [
        "asshole",
        "bastard",
        "bitch",
        "bollocks",
        "bullshit",
        "cock",
        "cunt",
        "dickhead",
        "faggot",
        "fuck",
        "fucked",
        "fucker",
        "fucking",
        "motherfucker",
        "nigger",
        "piss off",
        "porn",
        "retard",
        "shit",
        "slut",
        "twat",
        "wanker",
        "whore",
    ],
    "zh": [
        "傻逼",
        "傻屄",
        "操你妈",
        "肏",
        "他妈的",
        "妈的",
        "王八蛋",
        "贱人",
        "婊子",
        "去死",
        "脑残",
        "滚蛋",
        "色情",
        "裸聊",
    ],
    "sv": [
        "fan",
        "fitta",
        "helvete",
        "hora",
        "horunge",
        "jävla",
        "jävel",
        "knulla",
        "kuk",
        "kuksugare",
        "skit",
        "skitstövel",
        "subba",
        "idiot",
        "porr",
    ],
    "da": [
        "fanden",
        "fandens",
        "fuck",
        "fisse",
        "kusse",
        "kælling",
        "luder",
        "lort",
        "pik",
        "pikhoved",
        "røvhul",
        "satan",
        "skide",
        "idiot",
        "porno",
    ],
}


def seed_blocklist(apps, schema_editor):
    BlocklistTerm = apps.get_model("wagtail_ugc", "BlocklistTerm")
    for language, terms in SEED_BLOCKLIST.items():
        for term in terms:
            BlocklistTerm.objects.get_or_create(language=language, term=term)


def unseed_blocklist(apps, schema_editor):
    BlocklistTerm = apps.get_model("wagtail_ugc", "BlocklistTerm")
    for language, terms in SEED_BLOCKLIST.items():
        BlocklistTerm.objects.filter(language=language, term__in=terms).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0003_duplicate_search_key"),
    ]

    operations = [
        migrations.RunPython(seed_blocklist, unseed_blocklist),
    ]
