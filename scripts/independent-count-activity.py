#!/usr/bin/env python3
"""An independent count of Claude Code's activity, to check the exporter's activity families.

Written apart from the Swift code, with Python's json module, from the rules the README states:
- tool uses: `tool_use` blocks of `message.content`, once per `tool_use` id; `mcp__<server>__<tool>`
  is tool "mcp" with its server, a Skill use carries `input.skill`;
- tool results: `tool_result` blocks, once per `tool_use_id`, counted when the call's use is
  known too; `is_error` is "error", or "rejected" when the text starts with "The user doesn't
  want to proceed" or "[Request interrupted by user";
- code lines: the `toolUseResult` of a line's first result: `structuredPatch` lines starting
  with + and -, else a created file's lines (type "create"), else a NotebookEdit's written cell
  (`new_source`, unless `edit_mode` is "delete"), once per `tool_use_id`;
- API errors: `isApiErrorMessage` lines, once per `uuid`, by their text;
- prompts: main-thread `user` lines, not isMeta or isCompactSummary, without tool results,
  with text that is not an interrupt or a local command's output, once per `uuid`;
- sessions: distinct `sessionId` of main-thread lines;
- agent tokens: each kept request (dedup as independent-count.py) by the agent of its kept copy:
  main, the Task's `subagent_type` for the run the Task result names (`agentId`), or "subagent".

usage: independent-count-activity.py ROOT [ROOT...]
  -> JSON {family: {"label=value,...": count}}
"""
import json
import sys

from transcripts import lines_of


def tool_labels(name, tool_input):
    if name.startswith("mcp__"):
        return (("tool", "mcp"), ("mcp_server", name[5:].split("__")[0]))
    if name == "Skill":
        skill = tool_input.get("skill") if isinstance(tool_input, dict) else None
        return (("tool", "Skill"),) + ((("skill", skill),) if isinstance(skill, str) and skill else ())
    return (("tool", name),)


def first_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        for block in content:
            if isinstance(block, dict) and isinstance(block.get("text"), str):
                return block["text"]
    return None


def error_kind(text):
    t = text.lower()
    if "rate limit" in t or "rate_limit" in t or "usage limit" in t or " 429" in t:
        return "rate_limit"
    if "overloaded" in t or " 529" in t:
        return "overloaded"
    if "too long" in t:
        return "prompt_too_long"
    return "other"


def created_lines(text):
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def key(labels):
    return ",".join("%s=%s" % pair for pair in labels)


def main(roots):
    out = {}

    def add(family, labels, value=1):
        entry = out.setdefault(family, {})
        entry[key(labels)] = entry.get(key(labels), 0) + value

    uses, results, seen_lines, sessions = {}, {}, set(), set()
    task_types, task_runs = {}, {}
    kept = {}
    for line in lines_of(roots):
        message = line.get("message") if isinstance(line.get("message"), dict) else {}
        content = message.get("content")
        blocks = [b for b in content if isinstance(b, dict)] if isinstance(content, list) else []
        sidechain = line.get("isSidechain") is True
        usage = message.get("usage") if isinstance(message.get("usage"), dict) else None
        if isinstance(line.get("sessionId"), str) and not sidechain and (usage is not None or line.get("type") == "user"):
            sessions.add(line["sessionId"])
        for block in blocks:
            if block.get("type") == "tool_use" and isinstance(block.get("id"), str) and block.get("name"):
                uses.setdefault(block["id"], tool_labels(block["name"], block.get("input")))
                tool_input = block.get("input") if isinstance(block.get("input"), dict) else {}
                if isinstance(tool_input.get("subagent_type"), str):
                    task_types.setdefault(block["id"], tool_input["subagent_type"])
        line_results = [b for b in blocks if b.get("type") == "tool_result" and isinstance(b.get("tool_use_id"), str)]
        for index, block in enumerate(line_results):
            outcome = "ok"
            if block.get("is_error") is True:
                text = first_text(block.get("content")) or ""
                rejected = text.startswith("The user doesn't want to proceed") or text.startswith("[Request interrupted by user")
                outcome = "rejected" if rejected else "error"
            if block["tool_use_id"] in results:
                continue
            result = line.get("toolUseResult") if index == 0 else None
            added = removed = 0
            if isinstance(result, dict):
                patch = result.get("structuredPatch")
                hunks = [h for h in patch if isinstance(h, dict)] if isinstance(patch, list) else []
                if hunks:
                    for hunk in hunks:
                        for text in hunk.get("lines") or []:
                            if isinstance(text, str) and text.startswith("+"):
                                added += 1
                            elif isinstance(text, str) and text.startswith("-"):
                                removed += 1
                elif result.get("type") == "create" and isinstance(result.get("content"), str):
                    added = created_lines(result["content"])
                elif isinstance(result.get("new_source"), str) and result.get("edit_mode") != "delete":
                    added = created_lines(result["new_source"])
                if isinstance(result.get("agentId"), str):
                    task_runs.setdefault(block["tool_use_id"], result["agentId"])
            results[block["tool_use_id"]] = (outcome, added, removed)
        text = content if isinstance(content, str) else first_text([b for b in blocks if b.get("type") == "text"])
        uuid = line.get("uuid")
        if line.get("isApiErrorMessage") is True:
            if ("e", uuid) not in seen_lines:
                seen_lines.add(("e", uuid))
                add("llm_usage_api_errors_total", (("kind", error_kind(text) if isinstance(text, str) else "other"),))
        elif (line.get("type") == "user" and not sidechain and line.get("isMeta") is not True
              and line.get("isCompactSummary") is not True and not line_results and isinstance(text, str)
              and not text.startswith("[Request interrupted by user") and not text.startswith("<local-command-stdout>")):
            if ("p", uuid) not in seen_lines:
                seen_lines.add(("p", uuid))
                add("llm_usage_prompts_total", ())
        model = message.get("model")
        if usage is not None and message.get("id") and model and model != "<synthetic>":
            cw = usage.get("cache_creation_input_tokens") or 0
            split = usage.get("cache_creation") or {}
            tokens = {
                "input": usage.get("input_tokens") or 0,
                "output": usage.get("output_tokens") or 0,
                "cache_creation": max(cw, (split.get("ephemeral_5m_input_tokens") or 0) + (split.get("ephemeral_1h_input_tokens") or 0)),
                "cache_read": usage.get("cache_read_input_tokens") or 0,
            }
            request = (message["id"], line.get("requestId") or "")
            rank = (not sidechain, sum(tokens.values()))
            run = line.get("agentId") if sidechain and isinstance(line.get("agentId"), str) else None
            if request not in kept or rank > kept[request][0]:
                kept[request] = (rank, tokens, sidechain, run)
    for labels in uses.values():
        add("llm_usage_tool_uses_total", labels)
    for call, (outcome, added, removed) in results.items():
        if added:
            add("llm_usage_code_lines_total", (("change", "added"),), added)
        if removed:
            add("llm_usage_code_lines_total", (("change", "removed"),), removed)
        if call in uses:
            add("llm_usage_tool_results_total", uses[call] + (("outcome", outcome),))
    if sessions:
        add("llm_usage_sessions_started_total", (), len(sessions))
    run_types = {run: task_types[call] for call, run in task_runs.items() if call in task_types}
    for _, tokens, sidechain, run in kept.values():
        agent = "main" if not sidechain else run_types.get(run, "subagent")
        for token_type, value in tokens.items():
            add("llm_usage_agent_tokens_total", (("agent", agent), ("token_type", token_type)), value)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
