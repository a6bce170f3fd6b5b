"""The lab's Python service ("flask-app"): Flask on Debian's python3-prometheus-client,
instrumented the way tutorials and many production apps do it by hand: a request Counter
with an ``http_status`` label and a latency Histogram, exposed on ``/metrics``.

Each request waits a few milliseconds on a "downstream call" (a sleep, which releases the
GIL) and then does a few milliseconds of pure-Python work, so throughput grows with
concurrency until the GIL (one core) is the bottleneck. Served by werkzeug's threaded
server (a thread per request).

Environment: PORT (required), WORK_ITERATIONS (default 60000), DOWNSTREAM_S (default 0.005).
"""

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

PORT = int(os.environ["PORT"])
WORK = int(os.environ.get("WORK_ITERATIONS", "60000"))
DOWNSTREAM_S = float(os.environ.get("DOWNSTREAM_S", "0.005"))

REQUESTS = Counter(
    "request_count",
    "App requests by endpoint and HTTP status",
    ["app_name", "method", "endpoint", "http_status"],
)
LATENCY = Histogram(
    "request_latency_seconds",
    "App request latency",
    ["app_name", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)

app = Flask("flask-app")


@app.before_request
def start_timer():
    g.started = time.perf_counter()


@app.after_request
def record(response):
    if request.path != "/metrics":
        endpoint = request.url_rule.rule if request.url_rule else "unknown"
        LATENCY.labels("flask-app", endpoint).observe(time.perf_counter() - g.started)
        REQUESTS.labels("flask-app", request.method, endpoint, str(response.status_code)).inc()
    return response


@app.route("/metrics")
def metrics():
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)


@app.route("/api/quote/<int:item>")
def quote(item):
    time.sleep(DOWNSTREAM_S)
    # CPU-bound work under the GIL: a price from a small numeric loop.
    total = 0
    for i in range(WORK):
        total += (i * item) % 7
    return {"item": item, "price": total % 1000}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=PORT, threaded=True)
