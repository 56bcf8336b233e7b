from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0005_rightsrequest_licence_expires_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["submitted_at"], name="ugc_submitted_idx"),
        ),
    ]
