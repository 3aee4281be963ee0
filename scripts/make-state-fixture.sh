#!/bin/sh
# Writes the durable state a build makes of the committed fixture tree, for the upgrade test
# (Tests/EndToEndTests/StateUpgradeTests.swift): run it with the build whose format is to be
# kept readable, and commit the result beside the tree.
#   scripts/make-state-fixture.sh .build/debug/llm-usage-exporter Tests/EndToEndTests/Fixtures/state-upgrade/state-vN.bin
set -eu
binary=$1
out=$2
tree=$(cd "$(dirname "$0")/../Tests/EndToEndTests/Fixtures/state-upgrade/tree" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$tree" "$work/tree"
"$binary" --web.listen-address=127.0.0.1:0 --source.poll-interval=100ms --state.dir="$work/state" \
    --source.claude-code="$work/tree/claude" --source.codex="$work/tree/codex" \
    --source.team-usage="$work/tree/ci/token-usage-*.jsonl" --source.prompt-audit="$work/tree/ci/prompt-audit-*.jsonl" \
    --source.events="$work/tree/apps/*.jsonl" 2>"$work/log" &
pid=$!
# Ready once the first pass over every file is counted; SIGTERM then saves the state.
python3 - "$work/log" <<'PY'
import re, sys, time, urllib.request
for _ in range(200):
    time.sleep(0.05)
    found = re.search(r"address=127\.0\.0\.1:(\d+)", open(sys.argv[1]).read())
    if not found:
        continue
    try:
        if urllib.request.urlopen(f"http://127.0.0.1:{found[1]}/-/ready", timeout=1).status == 200:
            sys.exit(0)
    except OSError:
        pass
sys.exit("the exporter did not become ready")
PY
kill -TERM "$pid"
wait "$pid"
cp "$work/state/state.bin" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)"
