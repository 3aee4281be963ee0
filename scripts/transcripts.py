"""The lines of Claude Code transcripts, for the independent counts: every *.jsonl below
projects/ of each root (a config root or its projects/ folder), files in name order, each
line a JSON object (other lines skipped)."""
import json
import os


def lines_of(roots):
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
                        if isinstance(line, dict):
                            yield line
