"""Real simultaneous requests: a live server on the test database, and threads that post at the same moment.

Each request runs in a thread of the server with its own database connection,
as under a production server. On SQLite that needs the test database in a file
(tests/settings.py), not SQLite's shared in-memory database.
"""

import sqlite3
import threading
from contextlib import contextmanager

import requests
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread

#: A test's burst waits longer than this only if something hangs.
TIMEOUT = 120
CSRF_SECRET = "x" * 32


class WideServer(ThreadedWSGIServer):
    # Django's listen queue is 10: a larger burst would have connections reset
    # before Django saw them, which says nothing about the package.
    request_queue_size = 128


class BurstServerThread(LiveServerThread):
    server_class = WideServer


@contextmanager
def serving():
    """The site, served on 127.0.0.1 by Django's threaded test server; its base URL.

    The test needs transactional database access
    (``@pytest.mark.django_db(transaction=True)``): the server's requests
    see only what is committed.
    """
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db()), (
        "live-server threads need a file database (tests/settings.py)"
    )
    thread = BurstServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


def at_once(*actions):
    """Run every action in its own thread, all released at the same moment; their results in order.

    An action that raises gives its exception as its result.
    """
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - reported as the result
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(index, action))
        for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    return results


def visitor_post(base_url, path, data, files=None, **headers):
    """A visitor's form post from the site's own page; its status code."""
    return requests.post(
        base_url + path,
        data=data,
        files=files,
        headers={"Origin": base_url, **headers},
        allow_redirects=False,
        timeout=TIMEOUT,
    ).status_code


def logged_in(user):
    """A browser session of ``user``: its cookies, a CSRF token and the header sending it."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    cookie = settings.SESSION_COOKIE_NAME
    session.cookies.set(cookie, client.cookies[cookie].value)
    session.cookies.set(settings.CSRF_COOKIE_NAME, CSRF_SECRET)
    session.headers.update(
        {"X-CSRFToken": CSRF_SECRET, "X-Requested-With": "XMLHttpRequest"}
    )
    return session


@contextmanager
def locked_by_another_process():
    """SQLite's write lock held by another connection; this test's waits only briefly for it."""
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.rollback()
        other.close()
        # The next connection waits as long as the settings say again.
        connection.close()
