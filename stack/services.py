"""The services under the stack: PostgreSQL and Redis (started if absent), and a local S3 API.

PostgreSQL and Redis are the machine's, started the way ``.ci/run`` starts
them and left running afterwards. The S3 API is moto's server, from PyPI,
started for the stack and stopped with it; its buckets live in its memory.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import psycopg
import redis
from botocore.config import Config
from psycopg import sql

#: moto accepts any credentials; these only have to be present.
S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "stack", "AWS_SECRET_ACCESS_KEY": "stack"}
S3_REGION = "us-east-1"


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(ready, *, timeout, what, process=None, log=None):
    """Poll ``ready()`` until it is true; fail early if ``process`` ends."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}{tail(log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer in {timeout} s{tail(log)}")
        time.sleep(0.1)


def tail(log, lines=20):
    if not log or not Path(log).exists():
        return ""
    text = Path(log).read_text(errors="replace").splitlines()[-lines:]
    return f"; the end of {log}:\n" + "\n".join(text)


def apt_install(*packages):
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )


def ensure_postgres(host="127.0.0.1", port=5432):
    """Start the machine's PostgreSQL cluster if nothing answers (as .ci/run does)."""
    if port_open(host, port):
        return False
    if not shutil.which("pg_ctlcluster"):
        apt_install("postgresql")
    version = sorted(os.listdir("/etc/postgresql"), key=_version_key)[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
        check=True,
    )
    wait_until(lambda: port_open(host, port), timeout=30, what="PostgreSQL")
    return True


def _version_key(name):
    return [int(part) if part.isdigit() else 0 for part in name.split(".")]


def ensure_redis(host="127.0.0.1", port=6379, *, folder):
    """Start a Redis server without persistence if nothing answers (as .ci/run does)."""
    if port_open(host, port):
        return False
    if not shutil.which("redis-server"):
        apt_install("redis-server")
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", host, "--port", str(port)]
        + ["--save", "", "--appendonly", "no", "--dir", str(folder)]
        + ["--logfile", str(Path(folder) / "redis.log")],
        check=True,
    )
    wait_until(lambda: port_open(host, port), timeout=30, what="Redis")
    return True


def recreate_database(server_url, name):
    """An empty database ``name``: the buckets start empty, so must the rows."""
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def flush_redis(url):
    """Empty the stack's Redis database: cached pages and renditions of an earlier run are stale."""
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def start_moto(host, port, log):
    """moto's S3 API on ``host:port``; returns the process (in a session of its own)."""
    if port_open(host, port):
        raise RuntimeError(f"Port {port} is taken: pick another S3 port.")
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", host, "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_until(
        lambda: port_open(host, port),
        timeout=30,
        what="The S3 API (moto)",
        process=process,
        log=log,
    )
    return process


def s3_client(endpoint_url):
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=S3_REGION,
        aws_access_key_id=S3_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        config=Config(s3={"addressing_style": "path"}),
    )


def public_read_policy(bucket):
    """Anyone may read the objects (not list them): the public bucket's policy."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadObjects",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def create_buckets(endpoint_url, public, private):
    """The public bucket, readable by anyone; the private one, with all public access blocked."""
    client = s3_client(endpoint_url)
    for bucket in (public, private):
        client.create_bucket(Bucket=bucket)
    client.put_bucket_policy(
        Bucket=public, Policy=json.dumps(public_read_policy(public))
    )
    client.put_public_access_block(
        Bucket=private,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
