"""Visitors for the load run (``benchmarks/load.py`` starts locust with this file).

Each visitor asks for one page (``LOAD_PATH``) over and over, with
``LOAD_WAIT`` seconds between requests (0: the next as soon as the last
answers, so every visitor always has a request in flight). A page counts
as an error unless it is a 200 that ends with ``</html>``.
"""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("LOAD_PATH", "/")


class Visitor(FastHttpUser):
    wait_time = constant(float(os.environ.get("LOAD_WAIT", "0")))
    # Locust's own default would give up on a slow page after 60 s.
    network_timeout = 120.0
    connection_timeout = 120.0

    @task
    def view(self):
        with self.client.get(PATH, name=PATH, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif not response.content.rstrip().endswith(b"</html>"):
                response.failure("page cut short")
