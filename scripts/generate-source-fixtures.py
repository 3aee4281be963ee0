#!/usr/bin/env python3
"""Generate fixture logs for the Codex, team usage, prompt audit and application event sources.

Shaped like the formats in ../shared/reference: Codex sessions with per-turn and cumulative
usage, repeated token counts, rate-limit updates, model switches and forked sessions that
replay their parent; team usage records with and without cost, capture failures and a
copied file; prompt audits with and without actual counts, some never matched; application
events across tenants with cache hits and misses, request ids and repeated lines. A few
malformed lines in each. Deterministic for a seed.

usage: generate-source-fixtures.py DIR [--seed N] [--scale K]
  DIR/codex/{sessions,archived_sessions}/..., DIR/ci/token-usage-*.jsonl,
  DIR/ci/prompt-audit-*.jsonl, DIR/apps/usage-*.jsonl
"""
import argparse
import json
import os
import random


def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        for line in lines:
            handle.write(line if isinstance(line, str) else json.dumps(line, separators=(",", ":")))
            handle.write("\n")


def stamp(day, second):
    return "2025-09-%02dT%02d:%02d:%02d.%03dZ" % (day, second // 3600 % 24, second // 60 % 60, second % 60, second % 1000)


def codex(root, rng, scale):
    models = ["gpt-5-codex", "gpt-5", "gpt-5-mini", "gpt-9-preview"]
    for index in range(12 * scale):
        day = 1 + index % 28
        cwd = "/home/dev/src/" + rng.choice(["api", "web", "infra"])
        lines = [{"timestamp": stamp(day, 0), "type": "session_meta",
                  "payload": {"id": "s%d" % index, "cwd": cwd, "instructions": "mention token_count freely"}}]
        model = rng.choice(models)
        lines.append({"timestamp": stamp(day, 1), "type": "turn_context", "payload": {"cwd": cwd, "model": model}})
        total = [0, 0, 0, 0, 0]
        for turn in range(rng.randint(2, 9)):
            second = 10 + turn * 30
            if rng.random() < 0.15:
                model = rng.choice(models)
                lines.append({"timestamp": stamp(day, second), "type": "turn_context",
                              "payload": {"cwd": cwd, "model": model}})
            lines.append({"timestamp": stamp(day, second + 1), "type": "response_item",
                          "payload": {"type": "message", "content": [{"type": "output_text",
                                                                      "text": "x" * rng.randint(10, 3000)}]}})
            inp = rng.randint(500, 60000)
            cached = rng.randint(0, inp)
            out = rng.randint(10, 4000)
            reasoning = rng.randint(0, out)
            last = [inp, cached, out, reasoning, inp + out]
            total = [a + b for a, b in zip(total, last)]
            names = ["input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens"]
            info = {"total_token_usage": dict(zip(names, total))}
            if rng.random() < 0.7:
                info["last_token_usage"] = dict(zip(names, last))
            lines.append({"timestamp": stamp(day, second + 2), "type": "event_msg",
                          "payload": {"type": "token_count", "info": info, "rate_limits": {"primary": {}}}})
            if rng.random() < 0.2:  # the same count again, as Codex writes it on a rate-limit change
                lines.append({"timestamp": stamp(day, second + 3), "type": "event_msg",
                              "payload": {"type": "token_count", "info": info}})
            if rng.random() < 0.2:
                lines.append({"timestamp": stamp(day, second + 4), "type": "event_msg",
                              "payload": {"type": "token_count", "info": None, "rate_limits": {}}})
        folder = "archived_sessions" if index % 5 == 4 else "sessions/2025/09/%02d" % day
        write(os.path.join(root, folder, "rollout-%d.jsonl" % index), lines)
        if index % 4 == 0:  # a fork: the parent's lines under new timestamps, then its own turns
            fork = []
            for line in lines:
                copy = dict(line)
                copy["timestamp"] = copy["timestamp"].replace("2025-09-", "2025-10-")
                fork.append(copy)
            for turn in range(2):
                last = [1000 + turn, 100, 50, 0, 1050 + turn]
                total = [a + b for a, b in zip(total, last)]
                names = ["input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens", "total_tokens"]
                fork.append({"timestamp": stamp(day, 5000 + turn), "type": "event_msg",
                             "payload": {"type": "token_count", "info": {"total_token_usage": dict(zip(names, total)),
                                                                         "last_token_usage": dict(zip(names, last))}}})
            write(os.path.join(root, "sessions/2025/10/%02d" % day, "rollout-fork-%d.jsonl" % index), fork)
    write(os.path.join(root, "sessions/broken.jsonl"), [
        '{"timestamp":"2025-09-01T00:00:00Z","type":"event_msg","payload":{"type":"token_count","info":{"last_token_usage":{"input_tokens":5}}}}',
        '{"timestamp":"2025-09-01T00:00:00Z","type":"turn_context","payload":{"model":"gpt-5"}}',
        '{"timestamp":"2025-09-01T00:00:01Z","type":"event_msg","payload":{"type":"token_count","info":{"last_token_usage":{"input_tokens":-5}}}}',
        '{"type":"event_msg","payload":{"type":"token_count"',
    ])


def team_and_audits(ci, rng, scale):
    users = ["alice", "bob", "ci-bot"]
    phases = ["build", "test", "review"]
    models = ["claude-3-5-sonnet", "claude-sonnet-4-5-20250929", "claude-3-5-haiku", "gpt-5"]
    records, audits = [], []
    sessions = []
    for index in range(60 * scale):
        session = "sess-%d" % index
        sessions.append(session)
        inp, out = rng.randint(100, 90000), rng.randint(10, 9000)
        record = {"timestamp": "2025-07-%02dT10:%02d:00Z" % (1 + index % 28, index % 60), "session_id": session,
                  "model": rng.choice(models), "phase": rng.choice(phases), "user": rng.choice(users),
                  "tokens": {"input": inp, "output": out, "total": inp + out}, "type": "usage_captured"}
        if rng.random() < 0.5:
            record["cost_usd"] = {"input": 0, "output": 0, "total": round(rng.uniform(0.01, 2.0), 4)}
        records.append(record)
        estimate = max(1, int((inp + out) * rng.uniform(0.8, 1.3)))
        kind = rng.random()
        if kind < 0.6:
            actual = None
        elif kind < 0.9:
            actual = inp + out
        else:
            continue
        audits.append({"timestamp": "2025-07-01T09:00:00Z", "prompt": "secret prompt %d" % index,
                       "session_id": session, "metadata": {"prompt_metrics": {
                           "estimated_tokens": estimate, "actual_tokens": actual, "estimation_accuracy": 0}}})
    for index in range(5 * scale):  # audits whose session never gets a record
        audits.append({"timestamp": "2025-07-02T09:00:00Z", "prompt": "p", "session_id": "orphan-%d" % index,
                       "metadata": {"prompt_metrics": {"estimated_tokens": 100, "actual_tokens": None}}})
    reasons = ["timed out after 600s", "claude: command not found", None, "API error 529", "cancelled"]
    for index in range(8 * scale):
        failure = {"timestamp": "2025-07-03T10:00:%02dZ" % (index % 60), "session_id": "fail-%d" % index,
                   "type": "capture_failure"}
        reason = reasons[index % len(reasons)]
        if reason is not None:
            failure["reason"] = reason
        records.append(failure)
    half = len(records) // 2
    write(os.path.join(ci, "token-usage-202507.jsonl"), records[:half] + ["not json at all"])
    write(os.path.join(ci, "token-usage-202508.jsonl"), records[half:] + [
        '{"timestamp":"2025-08-01T00:00:00Z","session_id":"x","tokens":{"input":1,"output":1},"type":"usage_captured"}'])
    # A copied log: every record again, counted once.
    write(os.path.join(ci, "token-usage-202507-copy.jsonl"), records[:half])
    write(os.path.join(ci, "prompt-audit-1.jsonl"), audits[: len(audits) // 2])
    write(os.path.join(ci, "prompt-audit-2.jsonl"), audits[len(audits) // 2:] + [
        '{"timestamp":"2025-07-01T09:00:00Z","prompt":"p","metadata":{"prompt_metrics":{"estimated_tokens":"many"}}}'])


def events(apps, rng, scale):
    tenants = ["hotel-42", "hotel-7", "spa-3"]
    calls = [("anthropic", "conversation-memory", "compression", "claude-3-5-haiku-20241022"),
             ("anthropic", "concierge", "chat", "claude-sonnet-4-5"),
             ("openai", "conversation-memory", "embedding", "text-embedding-3-large"),
             ("openai", "search", "embedding", "text-embedding-3-small")]
    lines = []
    for index in range(150 * scale):
        provider, service, operation, model = rng.choice(calls)
        event = {"timestamp": "2025-10-03T12:%02d:%02d.%03dZ" % (index // 60 % 60, index % 60, index % 1000),
                 "provider": provider, "service": service, "operation": operation, "model": model,
                 "tenant": rng.choice(tenants), "session_id": "s-%d" % (index % 17),
                 "input_tokens": rng.randint(10, 5000)}
        if operation != "embedding":
            event["output_tokens"] = rng.randint(1, 800)
        if operation == "embedding":
            event["cache_hit"] = rng.random() < 0.4
        if rng.random() < 0.3:
            event["cost_usd"] = round(rng.uniform(0.0001, 0.01), 6)
        if rng.random() < 0.5:
            event["request_id"] = "req-%d" % index
        lines.append(event)
        if rng.random() < 0.05:
            lines.append(event)  # written twice
    lines.append('{"timestamp":"2025-10-03T12:00:00Z","model":"m","input_tokens":1}')
    half = len(lines) // 2
    write(os.path.join(apps, "usage-1.jsonl"), lines[:half])
    write(os.path.join(apps, "usage-2.jsonl"), lines[half:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    codex(os.path.join(args.dir, "codex"), rng, args.scale)
    team_and_audits(os.path.join(args.dir, "ci"), rng, args.scale)
    events(os.path.join(args.dir, "apps"), rng, args.scale)


if __name__ == "__main__":
    main()
