#!/usr/bin/env python3
"""An independent count of Claude Code usage, to check the exporter against.

Written apart from the Swift code, with Python's json module: walks every *.jsonl below
projects/ of each root, deduplicates globally on (message.id, requestId) (message.id alone
when requestId is absent), keeps the non-sidechain copy then the one with the most tokens,
and prices the kept copies by hand from reference/pricing.md (long-context whole-request
rule, 1h cache writes, fast mode for Opus 4.6).

usage: independent-count.py ROOT [ROOT...]   ->  JSON {model: {input, output, cache_creation, cache_read, cost_usd, requests}}
"""
import json
import os
import re
import sys

# USD per million tokens: input, output, cache write 5m, cache write 1h, cache read.
PRICES = {
    "claude-opus-4-5": (5, 25, 6.25, 10, 0.50), "claude-opus-4-6": (5, 25, 6.25, 10, 0.50),
    "claude-opus-4-7": (5, 25, 6.25, 10, 0.50),
    "claude-opus-4": (15, 75, 18.75, 30, 1.50), "claude-opus-4-1": (15, 75, 18.75, 30, 1.50),
    "claude-3-opus": (15, 75, 18.75, 30, 1.50),
    "claude-sonnet-4": (3, 15, 3.75, 6, 0.30), "claude-sonnet-4-5": (3, 15, 3.75, 6, 0.30),
    "claude-sonnet-4-6": (3, 15, 3.75, 6, 0.30), "claude-3-7-sonnet": (3, 15, 3.75, 6, 0.30),
    "claude-3-5-sonnet": (3, 15, 3.75, 6, 0.30),
    "claude-haiku-4-5": (1, 5, 1.25, 2, 0.10), "claude-3-5-haiku": (0.80, 4, 1.00, 1.60, 0.08),
    "claude-3-haiku": (0.25, 1.25, 0.30, 0.50, 0.03),
}
LONG_CONTEXT = {"claude-sonnet-4": (6, 22.5, 7.5, 12, 0.6), "claude-sonnet-4-5": (6, 22.5, 7.5, 12, 0.6)}
FAST = {"claude-opus-4-6": 6}


def base_name(model):
    return re.sub(r"-\d{8}$", "", model)


def tokens_of(usage):
    cw = usage.get("cache_creation_input_tokens") or 0
    split = usage.get("cache_creation") or {}
    w5 = split.get("ephemeral_5m_input_tokens") or 0
    w1 = split.get("ephemeral_1h_input_tokens") or 0
    total_write = max(cw, w5 + w1)
    return {
        "input": usage.get("input_tokens") or 0,
        "output": usage.get("output_tokens") or 0,
        "w5": total_write - w1,
        "w1": w1,
        "cache_read": usage.get("cache_read_input_tokens") or 0,
    }


def cost(model, t, fast):
    name = base_name(model)
    if name not in PRICES:
        return None
    rates = PRICES[name]
    prompt = t["input"] + t["w5"] + t["w1"] + t["cache_read"]
    if name in LONG_CONTEXT and prompt > 200_000:
        rates = LONG_CONTEXT[name]
    value = (t["input"] * rates[0] + t["output"] * rates[1] + t["w5"] * rates[2] + t["w1"] * rates[3]
             + t["cache_read"] * rates[4]) / 1e6
    return value * FAST.get(name, 1) if fast else value


def main(roots):
    kept = {}
    for root in roots:
        projects = root if os.path.basename(root.rstrip("/")) == "projects" else os.path.join(root, "projects")
        for directory, _, files in os.walk(projects):
            for name in sorted(files):
                if not name.endswith(".jsonl"):
                    continue
                with open(os.path.join(directory, name), "rb") as handle:
                    for raw in handle:
                        try:
                            line = json.loads(raw)
                        except ValueError:
                            continue
                        message = line.get("message")
                        sidechain = bool(line.get("isSidechain"))
                        request_id = line.get("requestId")
                        if not (isinstance(message, dict) and isinstance(message.get("usage"), dict)):
                            data = line.get("data")
                            wrapped = data.get("message") if isinstance(data, dict) else None
                            if not isinstance(wrapped, dict):
                                continue
                            message = wrapped.get("message") if isinstance(wrapped.get("message"), dict) else wrapped
                            request_id = wrapped.get("requestId", request_id)
                            sidechain = sidechain or bool(wrapped.get("isSidechain"))
                            if not isinstance(message.get("usage"), dict):
                                continue
                        model = message.get("model")
                        if model == "<synthetic>" or not message.get("id") or not model:
                            continue
                        t = tokens_of(message["usage"])
                        key = (message["id"], request_id or "")
                        rank = (not sidechain, sum(t.values()))
                        if key not in kept or rank > kept[key][0]:
                            kept[key] = (rank, model, t, message["usage"].get("speed") == "fast")
    result = {}
    for rank, model, t, fast in kept.values():
        entry = result.setdefault(model, {"input": 0, "output": 0, "cache_creation": 0, "cache_read": 0,
                                          "cost_usd": 0.0, "requests": 0, "priced": True})
        entry["input"] += t["input"]
        entry["output"] += t["output"]
        entry["cache_creation"] += t["w5"] + t["w1"]
        entry["cache_read"] += t["cache_read"]
        entry["requests"] += 1
        c = cost(model, t, fast)
        if c is None:
            entry["priced"] = False
        else:
            entry["cost_usd"] += c
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
