"""The stack's cron: the periodic commands every site runs (docs/deployment.md, "The task worker").

The stack starts this file as a script in the example site's folder, with
the stack's environment; it runs each command at its interval until stopped.
"""

import signal
import subprocess
import sys
import time

#: (seconds between runs, manage.py arguments), as in the crontab of docs/deployment.md.
JOBS = (
    (5 * 60, ("ugc_process_received",)),
    (5 * 60, ("ugc_fold_engagement",)),
    (5 * 60, ("ugc_import_social",)),
    (15 * 60, ("ugc_rights_sweep", "--enqueue")),
    (60, ("ugc_send_webhooks",)),
)


def main():
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    due = [time.monotonic() + interval for interval, _args in JOBS]
    while True:
        for index, (interval, args) in enumerate(JOBS):
            if time.monotonic() >= due[index]:
                subprocess.run([sys.executable, "manage.py", *args], check=False)
                due[index] = time.monotonic() + interval
        time.sleep(max(0, min(due) - time.monotonic()))


if __name__ == "__main__":
    main()
