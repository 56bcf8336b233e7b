"""Add Traditional Chinese forms (Taiwan usage) to the Chinese starting blocklist.

0004 seeded Simplified forms only; a review written in Traditional characters
(他媽的 rather than 他妈的) passed them by. Terms written the same in both
scripts are already there. Frozen here like 0004.
"""

from django.db import migrations

TRADITIONAL_CHINESE_TERMS = [
    "操你媽",
    "他媽的",
    "媽的",
    "賤人",
    "腦殘",
    "滾蛋",
    "幹你娘",
    "靠北",
    "雞掰",
    "機掰",
    "白癡",
]


def seed(apps, schema_editor):
    BlocklistTerm = apps.get_model("wagtail_ugc", "BlocklistTerm")
    for term in TRADITIONAL_CHINESE_TERMS:
        BlocklistTerm.objects.get_or_create(language="zh", term=term)


def unseed(apps, schema_editor):
    BlocklistTerm = apps.get_model("wagtail_ugc", "BlocklistTerm")
    BlocklistTerm.objects.filter(
        language="zh", term__in=TRADITIONAL_CHINESE_TERMS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0011_reach"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
