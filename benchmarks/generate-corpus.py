#!/usr/bin/env python3
"""Generate a Claude-Code-shaped transcript tree for tests and benchmarks.

Shaped like real histories: sessions under projects/<encoded cwd>/, subagent transcripts
under <session>/subagents/, each API response written as one line per content block with
streaming partials first (1.8-2.3 lines per response), resumed sessions copying earlier
lines into a new file, sidechain replays, big tool-result lines, summaries, progress lines,
<synthetic> notices, 1h cache writes, long-context requests and a few bad lines.

usage: generate-corpus.py OUT_DIR [--megabytes N] [--seed S] [--shape standard|mixed]

--shape mixed is a second shape for the benchmarks: many small sessions (around 10 KiB),
a few huge ones (20 to 60 MB), smaller tool results (so more usage lines per byte), and
JSON written with spaces (`", "` and `": "`) in a third of the files.
"""
import argparse
import json
import math
import os
import random

MODELS = [
    ("claude-sonnet-4-5-20250929", 0.55),
    ("claude-opus-4-1-20250805", 0.10),
    ("claude-haiku-4-5-20251001", 0.15),
    ("claude-opus-4-6", 0.10),
    ("claude-sonnet-4-20250514", 0.08),
    ("claude-experimental-x", 0.02),  # no price: counted as unpriced
]
FILLER = "The quick brown fox jumps over the lazy dog; usage of tokens is measured here. " * 40


def pick_model(rng):
    r = rng.random()
    for model, weight in MODELS:
        r -= weight
        if r <= 0:
            return model
    return MODELS[0][0]


def timestamp(ms):
    seconds, millis = divmod(ms, 1000)
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".%03dZ" % millis


class Session:
    def __init__(self, rng, cwd, session_id, start_ms):
        self.rng = rng
        self.cwd = cwd
        self.session_id = session_id
        self.now = start_ms
        self.counter = 0

    def base(self, kind, sidechain=False):
        self.now += self.rng.randint(500, 40_000)
        return {
            "parentUuid": "p-%d" % self.counter,
            "isSidechain": sidechain,
            "userType": "external",
            "cwd": self.cwd,
            "sessionId": self.session_id,
            "version": "2.0.37",
            "gitBranch": "main",
            "type": kind,
            "uuid": "u-%s-%d" % (self.session_id, self.counter),
            "timestamp": timestamp(self.now),
        }

    def user_line(self, big, small_results=False):
        self.counter += 1
        line = self.base("user")
        low, high = (3_000, 12_000) if small_results else (20_000, 60_000)
        text = FILLER[: self.rng.randint(low, high)] if big else "please continue"
        line["message"] = {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": text}]}
        return line

    def response_lines(self, sidechain=False):
        """One API response: one line per content block, earlier ones with partial usage."""
        rng = self.rng
        self.counter += 1
        model = pick_model(rng)
        message_id = "msg_%s_%d" % (self.session_id, self.counter)
        request_id = "req_%s_%d" % (self.session_id, self.counter) if rng.random() > 0.03 else None
        long_context = rng.random() < 0.02 and "sonnet" in model
        cache_read = rng.randint(210_000, 400_000) if long_context else rng.randint(0, 90_000)
        write = rng.randint(0, 8000)
        write_1h = write if rng.random() < 0.1 else 0
        usage_final = {
            "input_tokens": rng.choice([0, 1, 3, 4, rng.randint(5, 3000)]),
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": cache_read,
            "cache_creation": {"ephemeral_5m_input_tokens": write - write_1h, "ephemeral_1h_input_tokens": write_1h},
            "output_tokens": rng.randint(20, 4000),
            "service_tier": "standard",
        }
        if model == "claude-opus-4-6" and rng.random() < 0.2:
            usage_final["speed"] = "fast"
        blocks = rng.choices([1, 2, 3], weights=[0.35, 0.45, 0.20])[0]
        lines = []
        for index in range(blocks):
            usage = dict(usage_final)
            if index < blocks - 1:
                usage["output_tokens"] = rng.randint(1, usage_final["output_tokens"])
            line = self.base("assistant", sidechain)
            kind = ["thinking", "text", "tool_use"][index % 3]
            content = {"type": kind, kind if kind != "tool_use" else "input": FILLER[: rng.randint(200, 2500)]}
            message = {"id": message_id, "type": "message", "role": "assistant", "model": model, "content": [content],
                       "stop_reason": None, "stop_sequence": None, "usage": usage}
            # Newer versions write `message` first; keep both key orders in the corpus.
            if rng.random() < 0.5:
                line = {"message": message, **line}
            else:
                line["message"] = message
            if request_id:
                line["requestId"] = request_id
            lines.append(line)
        return lines


def write_file(path, lines, rng, spaced=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    separators = (", ", ": ") if spaced else (",", ":")
    with open(path, "w") as out:
        for line in lines:
            if isinstance(line, str):
                out.write(line + "\n")
            else:
                out.write(json.dumps(line, separators=separators) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=float, default=1200)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--shape", choices=["standard", "mixed"], default="standard")
    args = parser.parse_args()
    mixed = args.shape == "mixed"
    rng = random.Random(args.seed)
    target = int(args.megabytes * 1024 * 1024)
    projects = ["/home/dev/src/%s" % name for name in
                ["api", "web-app", "infra", "ml.pipeline", "docs", "cli", "mobile", "data_tools"]]
    written = 0
    session_number = 0
    previous = []
    start = 1_759_300_000_000
    while written < target:
        session_number += 1
        cwd = rng.choice(projects)
        folder = "".join(c if c.isalnum() else "-" for c in cwd)
        session_id = "%08x-%04d" % (rng.getrandbits(32), session_number)
        # File sizes: lognormal around 105 KiB with a long tail, capped by what is left.
        size = min(int(math.exp(rng.gauss(math.log(105 * 1024), 1.42))), 87 * 1024 * 1024, target - written + 4096)
        if mixed:
            # Many small sessions, and now and then a huge one.
            huge = rng.random() < 0.0015
            size = rng.randint(20, 60) * 1024 * 1024 if huge else int(math.exp(rng.gauss(math.log(10 * 1024), 1.0)))
            size = min(size, target - written + 4096)
        spaced = mixed and rng.random() < 0.33
        session = Session(rng, cwd, session_id, start + session_number * 600_000)
        lines = []
        if previous and rng.random() < 0.15:
            # A resumed session starts with a copy of an earlier one's lines.
            lines.extend(previous[: rng.randint(1, len(previous))])
        if rng.random() < 0.3:
            lines.append({"type": "summary", "summary": "Work on the usage parser", "leafUuid": "x"})
        approx = sum(len(json.dumps(l)) for l in lines) if lines else 0
        subagent = []
        while approx < size:
            user = session.user_line(big=rng.random() < (0.08 if mixed else 0.25), small_results=mixed)
            lines.append(user)
            approx += len(json.dumps(user))
            for line in session.response_lines():
                lines.append(line)
                approx += 1500 + len(line["message"]["content"][0].get("text", "") or "")
            if rng.random() < 0.05:
                sub = session.response_lines(sidechain=True)
                subagent.extend(sub)
                # Subagent progress replays the message in the parent transcript.
                progress = session.base("progress")
                progress["data"] = {"type": "agent_progress", "message": sub[-1]}
                lines.append(progress)
            if rng.random() < 0.01:
                synthetic = session.base("assistant")
                synthetic["message"] = {"id": "syn", "model": "<synthetic>", "role": "assistant",
                                        "content": [{"type": "text", "text": "Claude AI usage limit reached|1759400000"}],
                                        "usage": {"input_tokens": 0, "output_tokens": 0}}
                lines.append(synthetic)
            if rng.random() < 0.003:
                lines.append('{"type":"assistant","message":{"id":"broken","usage":{"input_tokens":5')
        path = os.path.join(args.out, "projects", folder, session_id + ".jsonl")
        write_file(path, lines, rng, spaced)
        written += os.path.getsize(path)
        if subagent:
            sub_path = os.path.join(args.out, "projects", folder, session_id, "subagents", "agent-%d.jsonl" % session_number)
            write_file(sub_path, subagent, rng, spaced)
            written += os.path.getsize(sub_path)
        previous = [l for l in lines if isinstance(l, dict) and l.get("type") == "assistant"][-40:]
    print(json.dumps({"bytes": written, "sessions": session_number}))


if __name__ == "__main__":
    main()
