"""A real S3 API for the tests: moto's server, started the way ``make stack`` starts it.

moto is the one stand-in here: object storage is an external edge. It serves
S3 over HTTP and checks anonymous requests against bucket policies and
object ACLs as S3 does for object reads and deletes; it does not check
anonymous bucket listing, nor signatures. Each test gets buckets of its
own, made by ``stack.services.create_buckets`` with the policies
docs/deployment.md gives.

Its port comes from ``tests.ports.free_port``.
"""

import os
import signal
import urllib.request
import uuid
from urllib.error import HTTPError

from stack import services

from ..ports import HOST, free_port


class MotoServer:
    def __init__(self, log):
        self.port = free_port()
        self.endpoint = f"http://{HOST}:{self.port}"
        self.process = services.start_moto(HOST, self.port, log)
        self.client = services.s3_client(self.endpoint)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(15)

    def new_buckets(self):
        """A public and a private bucket, fresh for one test."""
        suffix = uuid.uuid4().hex[:12]
        public, private = f"public-{suffix}", f"private-{suffix}"
        services.create_buckets(self.endpoint, public, private)
        return public, private

    def keys(self, bucket, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix
        )
        return sorted(
            entry["Key"] for page in pages for entry in page.get("Contents", ())
        )

    def storage_options(self, bucket):
        """django-storages' S3Storage options for ``bucket`` on this server."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint,
            "region_name": services.S3_REGION,
            "addressing_style": "path",
            "access_key": services.S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secret_key": services.S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        }


def anonymous_get(url):
    """An unsigned GET, as a browser or anyone on the internet would send: (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()
