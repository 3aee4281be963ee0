#!/usr/bin/env python3
"""An independent count of the Codex, team usage, prompt audit and application event logs.

Written apart from the Swift code, with Python's json module, from the rules in the README
and ../shared/reference (cost mode auto):
- Codex: per file, the model of the latest turn_context (or session_meta); a token_count's
  usage is last_token_usage, else total_token_usage minus the file's previous total; a turn
  is keyed by (total, turn usage) so forks that replay their parent count it once; cached
  input is cache_read and comes out of input; zero-usage turns (and compactions, which move
  only total_tokens) are not requests; turns before any model count under "unknown".
- Team usage: usage_captured lines counted once per distinct line; cost_usd.total as is,
  else priced; capture_failure reasons normalised to timeout, not_found, error, other.
- Prompt audits: |estimated - actual| / actual, actual from the audit or the session's record.
- Events: once per request_id, else per distinct line; cache hits are lookups only.

Prices come from LiteLLM's price file (litellm_prices.py), the reference file unless --prices
names another.

usage: independent-count-sources.py [--prices LITELLM_JSON] DIR   (as generate-source-fixtures.py
lays it out: DIR/codex, DIR/ci, DIR/apps; any may be missing) -> JSON
"""
import glob
import json
import os
import sys

from litellm_prices import LiteLLMPrices

BOUNDS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]


PRICES = None


def price(model, inp, out, cache_read=0):
    """USD for a request at LiteLLM's prices (litellm_prices.py), None without a price."""
    return PRICES.cost(model, input=inp, output=out, cache_read=cache_read)


def lines_of(path):
    with open(path, "rb") as handle:
        for raw in handle:
            raw = raw.rstrip(b"\n")
            try:
                value = json.loads(raw)
            except ValueError:
                continue
            if isinstance(value, dict):
                yield raw, value


def count_codex(root):
    seen, models = set(), {}
    fields = ["input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens"]
    for path in sorted(glob.glob(os.path.join(root, "sessions", "**", "*.jsonl"), recursive=True)
                       + glob.glob(os.path.join(root, "archived_sessions", "**", "*.jsonl"), recursive=True)):
        model, previous = None, None
        for _, line in lines_of(path):
            payload = line.get("payload") or {}
            if line.get("type") in ("turn_context", "session_meta"):
                model = payload.get("model") or model
                continue
            if line.get("type") != "event_msg" or payload.get("type") != "token_count":
                continue
            info = payload.get("info")
            if not info:
                continue
            last, total = info.get("last_token_usage"), info.get("total_token_usage")
            if any(isinstance(u, dict) and any(not isinstance(u.get(f, 0), int) or u.get(f, 0) < 0 for f in fields)
                   for u in (last, total)):
                continue
            last = [last.get(f, 0) for f in fields] if last else None
            total = [total.get(f, 0) for f in fields] if total else None
            turn = last
            if turn is None and total is not None:
                if previous and all(a >= b for a, b in zip(total, previous)):
                    turn = [a - b for a, b in zip(total, previous)]
                else:
                    turn = total
            if total is not None:
                previous = total
            # A compaction moves only total_tokens: no request.
            if turn is None or not any(turn[:4]):
                continue
            key = (tuple(total) if total else line["timestamp"], tuple(turn))
            if key in seen:
                continue
            seen.add(key)
            # Turns before any turn_context count under "unknown" (unpriced).
            entry = models.setdefault(model or "unknown", {"input": 0, "output": 0, "cache_read": 0, "requests": 0, "cost_usd": 0.0})
            entry["input"] += turn[0] - turn[1]
            entry["cache_read"] += turn[1]
            entry["output"] += turn[2]
            entry["requests"] += 1
            cost = price(model or "unknown", turn[0] - turn[1], turn[2], turn[1])
            entry["cost_usd"] = None if cost is None or entry["cost_usd"] is None else entry["cost_usd"] + cost
    return {"models": models}


def reason_of(text):
    text = (text or "").lower()
    if not text:
        return "other"
    if any(w in text for w in ("timeout", "timed out", "time out", "deadline")):
        return "timeout"
    if any(w in text for w in ("not_found", "not found", "notfound", "missing", "no such", "enoent", "unavailable")):
        return "not_found"
    if any(w in text for w in ("error", "fail", "exception", "crash", "exit")):
        return "error"
    return "other"


def main(root):
    result = {"codex": count_codex(os.path.join(root, "codex"))}
    users, failures, actuals, seen = {}, {}, {}, set()
    for path in sorted(glob.glob(os.path.join(root, "ci", "token-usage-*.jsonl"))):
        for raw, line in lines_of(path):
            if raw in seen:
                continue
            seen.add(raw)
            if line.get("type") == "capture_failure":
                reason = reason_of(line.get("reason") or line.get("error"))
                failures[reason] = failures.get(reason, 0) + 1
            elif line.get("type") == "usage_captured" and line.get("model"):
                tokens = line["tokens"]
                entry = users.setdefault(line["user"], {"input": 0, "output": 0, "requests": 0, "cost_usd": 0.0})
                entry["input"] += tokens["input"]
                entry["output"] += tokens["output"]
                entry["requests"] += 1
                reported = (line.get("cost_usd") or {}).get("total")
                entry["cost_usd"] += reported if reported is not None else price(line["model"], tokens["input"], tokens["output"])
                actuals[line["session_id"]] = tokens.get("total", tokens["input"] + tokens["output"])
    result["team_usage"] = {"users": users, "capture_failures": failures}

    ratios, estimated, actual_sum, unmatched, seen = [], 0, 0, 0, set()
    for path in sorted(glob.glob(os.path.join(root, "ci", "prompt-audit-*.jsonl"))):
        for raw, line in lines_of(path):
            metrics = (line.get("metadata") or {}).get("prompt_metrics") or {}
            if raw in seen or not isinstance(metrics.get("estimated_tokens"), int):
                continue
            seen.add(raw)
            actual = metrics.get("actual_tokens")
            if actual is None:
                actual = actuals.get(line.get("session_id"))
            if actual is None:
                unmatched += 1
                continue
            ratios.append(abs(metrics["estimated_tokens"] - actual) / actual)
            estimated += metrics["estimated_tokens"]
            actual_sum += actual
    buckets = [sum(1 for r in ratios if r <= bound) for bound in BOUNDS] + [len(ratios)]
    result["prompt_audit"] = {"count": len(ratios), "sum": sum(ratios), "buckets": buckets,
                              "estimated": estimated, "actual": actual_sum, "unmatched": unmatched}

    tenants, lookups, seen = {}, {"hit": 0, "miss": 0}, set()
    for path in sorted(glob.glob(os.path.join(root, "apps", "*.jsonl"))):
        for raw, line in lines_of(path):
            if not line.get("provider") or not line.get("model"):
                continue
            key = ("id", line["request_id"]) if line.get("request_id") else ("line", raw)
            if key in seen:
                continue
            seen.add(key)
            if line.get("cache_hit") is True:
                lookups["hit"] += 1
                continue
            if line.get("cache_hit") is False:
                lookups["miss"] += 1
            entry = tenants.setdefault(line["tenant"], {"input": 0, "output": 0, "requests": 0, "cost_usd": 0.0})
            inp, out = line.get("input_tokens", 0), line.get("output_tokens", 0)
            entry["input"] += inp
            entry["output"] += out
            entry["requests"] += 1
            entry["cost_usd"] += line["cost_usd"] if "cost_usd" in line else price(line["model"], inp, out)
    result["events"] = {"tenants": tenants, "cache_lookups": lookups}
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    PRICES = LiteLLMPrices(arguments[1]) if arguments[:1] == ["--prices"] else LiteLLMPrices()
    main(arguments[-1])
