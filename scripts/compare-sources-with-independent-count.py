#!/usr/bin/env python3
"""Compare an exposition with independent-count-sources.py's JSON, source by source.

Codex tokens, requests and cost per model; team usage per user and capture failures per
reason; the estimation histogram (buckets, sum, count), its token counters and the
unmatched gauge; events per tenant and cache lookups. Exit 0 when everything agrees.

usage: compare-sources-with-independent-count.py EXPOSITION_FILE INDEPENDENT_JSON
"""
import json
import sys
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main(exposition_path, expected_path):
    got = defaultdict(lambda: defaultdict(float))
    hist = {}
    with open(exposition_path) as handle:
        for family in text_string_to_metric_families(handle.read()):
            for s in family.samples:
                source = s.labels.get("source")
                group = {"codex": s.labels.get("model"), "team_usage": s.labels.get("user"),
                         "events": s.labels.get("tenant")}.get(source)
                if s.name == "llm_usage_tokens_total":
                    got[(source, group)][s.labels["token_type"]] += s.value
                elif s.name == "llm_usage_cost_usd_total":
                    got[(source, group)]["cost_usd"] += s.value
                elif s.name == "llm_usage_requests_total":
                    got[(source, group)]["requests"] += s.value
                elif s.name == "llm_usage_capture_failures_total":
                    got[("capture_failures", s.labels["reason"])]["count"] += s.value
                elif s.name == "llm_usage_cache_lookups_total":
                    got[("cache_lookups", s.labels["result"])]["count"] += s.value
                elif s.name.startswith("llm_usage_estimat"):
                    hist[s.name + s.labels.get("le", "")] = s.value
    want = json.load(open(expected_path))
    problems = []

    def check(what, actual, expected):
        if expected is None:
            if actual:
                problems.append("%s: exporter %s, expected no series" % (what, actual))
        elif not close(actual, expected):
            problems.append("%s: exporter %r, independent %r" % (what, actual, expected))

    for model, entry in want["codex"]["models"].items():
        for kind in ("input", "output", "cache_read", "requests", "cost_usd"):
            check("codex %s %s" % (model, kind), got[("codex", model)][kind], entry[kind])
    for user, entry in want["team_usage"]["users"].items():
        for kind in ("input", "output", "requests", "cost_usd"):
            check("team_usage %s %s" % (user, kind), got[("team_usage", user)][kind], entry[kind])
    for reason in ("timeout", "not_found", "error", "other"):
        check("capture failures %s" % reason, got[("capture_failures", reason)]["count"],
              want["team_usage"]["capture_failures"].get(reason, 0))
    audit = want["prompt_audit"]
    check("estimation count", hist.get("llm_usage_estimation_error_ratio_count", -1), audit["count"])
    check("estimation sum", hist.get("llm_usage_estimation_error_ratio_sum", -1), audit["sum"])
    for bound, count in zip(["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "+Inf"], audit["buckets"]):
        check("estimation bucket %s" % bound, hist.get("llm_usage_estimation_error_ratio_bucket" + bound, -1), count)
    check("estimated tokens", hist.get("llm_usage_estimated_tokens_total", -1), audit["estimated"])
    check("actual tokens", hist.get("llm_usage_estimation_actual_tokens_total", -1), audit["actual"])
    check("unmatched audits", hist.get("llm_usage_estimation_unmatched", -1), audit["unmatched"])
    for tenant, entry in want["events"]["tenants"].items():
        for kind in ("input", "output", "requests", "cost_usd"):
            check("events %s %s" % (tenant, kind), got[("events", tenant)][kind], entry[kind])
    for result in ("hit", "miss"):
        check("cache lookups %s" % result, got[("cache_lookups", result)]["count"], want["events"]["cache_lookups"][result])
    for problem in problems:
        print(problem)
    print("%d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
