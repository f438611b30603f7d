"""`cargo xtask bench`: the Python Takeout importers fitout and fitbit-to-sqlite (PyPI) on the
benchmark's export, timed on what each can read of it. Prints one JSON line.

usage: py_importers.py <export.zip> <first YYYY-MM-DD> <last YYYY-MM-DD> <work dir>
"""
import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

zip_path, first, last, work = sys.argv[1], date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3]), sys.argv[4]
out = {}


def timed(name, fn):
    t = time.perf_counter()
    try:
        detail = fn()
        out[name] = {"seconds": round(time.perf_counter() - t, 2), "read": detail}
    except Exception as e:  # a tool that cannot read this layout says so, the rest go on
        out[name] = {"seconds": None, "error": f"{type(e).__name__}: {e}"[:200]}


def sqlite(command):
    db = os.path.join(work, f"fitbit-to-sqlite-{command}.db")
    if os.path.exists(db):
        os.remove(db)
    exe = os.path.join(os.path.dirname(sys.executable), "fitbit-to-sqlite")
    subprocess.run([exe, command, db, zip_path], check=True, capture_output=True)
    return f"{command} into SQLite"


import fitout  # noqa: E402

timed("fitbit-to-sqlite sleep", lambda: sqlite("sleep"))
timed("fitbit-to-sqlite exercise", lambda: sqlite("exercise"))


def fitout_heart_rate():
    source = fitout.ZipFileLoader(zip_path)
    hr = fitout.BasicHeartRate(source)
    hr.set_sampling_interval(300)
    data = hr.get_data(datetime.combine(first, datetime.min.time()), datetime.combine(last + timedelta(days=1), datetime.min.time()))
    return f"heart rate of {len(data)} five-minute points"


def fitout_sleep():
    source = fitout.ZipFileLoader(zip_path)
    data = fitout.BasicSleepInfo(source).get_data(first, last)
    return f"sleep of {len(data)} nights"


timed("fitout heart rate", fitout_heart_rate)
timed("fitout sleep", fitout_sleep)
print(json.dumps(out))
