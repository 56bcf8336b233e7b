"""``python -m stack`` (``make stack``): start the stack, print its URLs, stop it on Ctrl-C or SIGTERM."""

import argparse
import signal
import sys
import time

from .app import Stack


def parse(argv):
    defaults = Stack(say=None)
    parser = argparse.ArgumentParser(prog="python -m stack", description=__doc__)
    parser.add_argument(
        "--port", type=int, default=defaults.port, help="the site (gunicorn)"
    )
    parser.add_argument(
        "--s3-port", type=int, default=defaults.s3_port, help="the S3 API (moto)"
    )
    parser.add_argument(
        "--database", default=defaults.database, help="PostgreSQL database, made afresh"
    )
    parser.add_argument(
        "--redis-db",
        type=int,
        default=defaults.redis_db,
        help="Redis database number, emptied",
    )
    parser.add_argument("--web-workers", type=int, default=defaults.web_workers)
    parser.add_argument("--task-workers", type=int, default=defaults.task_workers)
    parser.add_argument("--no-demo", action="store_true", help="skip the demo content")
    return parser.parse_args(argv)


def stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parse(argv)
    stack = Stack(
        port=args.port,
        s3_port=args.s3_port,
        database=args.database,
        redis_db=args.redis_db,
        web_workers=args.web_workers,
        task_workers=args.task_workers,
        load_demo=not args.no_demo,
    )
    # Set for SIGINT too: a shell starting this in the background ignores it.
    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    print("Starting the stack (docs/deployment.md)")
    try:
        urls = stack.start()
        print(f"\nThe stack is up in {stack.timings['total']:.1f} s:")
        print(f"  site          {urls['site']}")
        print(f"  gallery       {urls['gallery']}")
        print(f"  submit        {urls['submit']}")
        print(
            f"  admin         {urls['admin']}  (log in at {urls['login']}: admin / changeme)"
        )
        print(
            f"  S3 API        {urls['s3']}  (buckets {stack.public_bucket}, {stack.private_bucket})"
        )
        print(f"  public files  {urls['public_bucket']}")
        print(f"  logs          {stack.log_dir}")
        print("Ctrl-C stops it all (PostgreSQL and Redis keep running).")
        while (dead := stack.dead_process()) is None:
            time.sleep(0.5)
        print(f"{dead} exited: stopping the stack (see {stack.log_dir}/{dead}.log)")
        status = 1
    except KeyboardInterrupt:
        status = 0
    except RuntimeError as error:
        print(f"The stack could not start: {error}", file=sys.stderr)
        status = 1
    finally:
        # A second Ctrl-C while stopping must not leave processes behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("Stopping the stack...")
        stack.stop()
        print("Stopped.")
    return status


if __name__ == "__main__":
    sys.exit(main())
