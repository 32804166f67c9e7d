"""A real MLflow-style client (Debian's python3-requests) against `mlx serve`.

Posts the same rows in every input format of MLflow's scoring protocol and prints one JSON line per
format: {"format", "status", "content_type", "body"}. Usage: mlflow_client.py URL ROWS_JSON
"""
import csv
import io
import json
import sys

import requests


def main(url, rows):
    columns = list(rows[0].keys())
    json_bodies = {
        "dataframe_split": {"dataframe_split": {"columns": columns, "data": [[r.get(c) for c in columns] for r in rows]}},
        "dataframe_records": {"dataframe_records": rows},
        "instances": {"instances": rows},
        "inputs": {"inputs": {c: [r.get(c) for r in rows] for c in columns}},
    }
    session = requests.Session()
    out = []
    ping = session.get(url + "/ping", timeout=30)
    out.append({"format": "ping", "status": ping.status_code, "content_type": ping.headers.get("Content-Type"), "body": ping.text})
    for name, body in json_bodies.items():
        # requests sets Content-Type: application/json for json=.
        r = session.post(url + "/invocations", json=body, timeout=30)
        out.append({"format": name, "status": r.status_code, "content_type": r.headers.get("Content-Type"), "body": r.json()})
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({c: "" if r.get(c) is None else r.get(c) for c in columns})
    r = session.post(url + "/invocations", data=text.getvalue().encode(), headers={"Content-Type": "text/csv"}, timeout=30)
    out.append({"format": "csv", "status": r.status_code, "content_type": r.headers.get("Content-Type"), "body": r.json()})
    bad = session.post(url + "/invocations", json={"dataframe_records": [dict(rows[0], island="Atlantis")]}, timeout=30)
    out.append({"format": "invalid", "status": bad.status_code, "content_type": bad.headers.get("Content-Type"), "body": bad.json()})
    for line in out:
        print(json.dumps(line))


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))
