#!/usr/bin/env python3
"""An independent count of Claude Code usage, to check the exporter against.

Written apart from the Swift code, with Python's json module: walks every *.jsonl below
projects/ of each root, deduplicates globally on (message.id, requestId) (message.id alone
when requestId is absent), keeps the non-sidechain copy then the one with the most tokens,
and prices the kept copies from LiteLLM's price file (litellm_prices.py: long-context tiers,
1h cache writes, fast mode), the reference file unless --prices names another.

usage: independent-count.py [--prices LITELLM_JSON] ROOT [ROOT...]
  -> JSON {model: {input, output, cache_creation, cache_read, cost_usd, requests, priced}}
"""
import json
import sys

from litellm_prices import LiteLLMPrices
from transcripts import lines_of

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


def main(roots):
    prices = LiteLLMPrices()
    if roots[:1] == ["--prices"]:
        prices, roots = LiteLLMPrices(roots[1]), roots[2:]
    kept = {}
    for line in lines_of(roots):
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
        c = prices.cost(model, t["input"], t["output"], t["w5"], t["w1"], t["cache_read"], fast)
        if c is None:
            entry["priced"] = False
        else:
            entry["cost_usd"] += c
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
