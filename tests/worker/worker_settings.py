"""Settings of the ``db_worker`` processes the tests start: the suite's test database and folders, the database queue, gates.

The test passes its database name, folders and gate folder in the
environment (``tests/worker/conftest.py``), so a worker sees exactly what
the test process sees.
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES, INSTALLED_APPS, STORAGES, WAGTAIL_UGC

DATABASES["default"]["NAME"] = os.environ["UGC_TEST_DATABASE"]
INSTALLED_APPS = ["tests.worker.gates.GatesConfig", *INSTALLED_APPS]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MEDIA_ROOT = os.environ["UGC_TEST_MEDIA_ROOT"]
STORAGES = {
    **STORAGES,
    "default": {"BACKEND": "tests.worker.gates.GatedPublicStorage"},
    "ugc_private": {
        "BACKEND": "tests.worker.gates.GatedPrivateStorage",
        "OPTIONS": {
            "location": os.environ["UGC_TEST_PRIVATE_ROOT"],
            "base_url": None,
            "file_permissions_mode": 0o600,
        },
    },
}
WAGTAIL_UGC = {**WAGTAIL_UGC, "PRIVATE_STORAGE": "ugc_private"}
# An external edge: each e-mail is a file the test can count.
EMAIL_BACKEND = "tests.worker.gates.GatedEmailBackend"
EMAIL_FILE_PATH = os.environ["UGC_TEST_MAIL_DIR"]
