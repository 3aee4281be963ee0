#!/usr/bin/env python3
"""Compare an exposition (from --once or /metrics) with independent-count.py's JSON.

Token totals per model and type must be equal; cost within 1e-9 relative; unpriced models
must have no cost series and appear in llm_usage_unpriced_requests_total. Parses the
exposition with prometheus_client's parser. Exit 0 when everything agrees.

usage: compare-with-independent-count.py EXPOSITION_FILE INDEPENDENT_JSON
"""
import json
import sys
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families


def main(exposition_path, expected_path):
    tokens = defaultdict(lambda: defaultdict(int))
    cost = defaultdict(float)
    requests = defaultdict(int)
    unpriced = defaultdict(int)
    with open(exposition_path) as handle:
        for family in text_string_to_metric_families(handle.read()):
            for sample in family.samples:
                model = sample.labels.get("model")
                if sample.name == "llm_usage_tokens_total":
                    tokens[model][sample.labels["token_type"]] += int(sample.value)
                elif sample.name == "llm_usage_cost_usd_total":
                    cost[model] += sample.value
                elif sample.name == "llm_usage_requests_total":
                    requests[model] += int(sample.value)
                elif sample.name == "llm_usage_unpriced_requests_total":
                    unpriced[model] += int(sample.value)
    expected = json.load(open(expected_path))
    problems = []
    if set(expected) != set(tokens):
        problems.append("models differ: %s vs %s" % (sorted(expected), sorted(tokens)))
    for model, want in expected.items():
        for kind in ("input", "output", "cache_creation", "cache_read"):
            if tokens[model][kind] != want[kind]:
                problems.append("%s %s: exporter %d, independent %d" % (model, kind, tokens[model][kind], want[kind]))
        if requests[model] != want["requests"]:
            problems.append("%s requests: exporter %d, independent %d" % (model, requests[model], want["requests"]))
        if want["priced"]:
            if abs(cost[model] - want["cost_usd"]) > 1e-9 * max(1.0, abs(want["cost_usd"])):
                problems.append("%s cost: exporter %.12f, independent %.12f" % (model, cost[model], want["cost_usd"]))
        elif model in cost or unpriced[model] != want["requests"]:
            problems.append("%s: unpriced, but exporter cost=%s unpriced=%d" % (model, cost.get(model), unpriced[model]))
    for problem in problems:
        print(problem)
    print("%d models compared, %d problems" % (len(expected), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
