#!/usr/bin/env python3
"""Posts an experience to one question ten times a second (one client, on a fixed schedule) for the cached-read row
of bench/run; prints "posted=N acknowledged=N" when the time is up.

    bench/post-ticker.py BASE_URL API_PATH TOKEN SECONDS
"""
import json
import sys
import time
import urllib.error
import urllib.request


def main() -> None:
    base, path, token, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    start = time.monotonic()
    posted = acknowledged = 0
    while True:
        due = start + posted * 0.1
        now = time.monotonic()
        if due - start >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        body = json.dumps({"text": f"Ticker post {posted}: a warm compress in the evening calmed the spasm a little.",
                           "relation": "affected",
                           "tried": [{"intervention": "Warm compress", "outcome": "helped", "duration": "2 weeks"}]}).encode()
        request = urllib.request.Request(base + path, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": "Bearer " + token})
        posted += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                acknowledged += response.status == 201
        except urllib.error.HTTPError:
            pass
    print(f"posted={posted} acknowledged={acknowledged}", flush=True)


if __name__ == "__main__":
    main()
