#!/usr/bin/env python3
"""Writes grafana/dashboards/*.json: the source of the bundled dashboards.

Every panel has a description and a unit, every query matches the `job`, `instance`,
`team` and `developer` variables and reads counters through rate() or increase(); the
datasource is the `datasource` variable. Cost over time is drawn as bars of the increase
over each bar's own interval (at least an hour), totals use $__range, tables hide
__name__, job and instance. The tests check all of that and run every query against a
real Prometheus. Run it after changing a panel:  python3 scripts/build-dashboards.py
"""
import json
import os

M = 'job=~"$job",instance=~"$instance",team=~"$team",developer=~"$developer"'
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
# Tables show the labels that matter.
HIDDEN = {"id": "organize", "options": {"excludeByName": {
    "Time": True, "__name__": True, "job": True, "instance": True, "team": True, "developer": True}}}
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grafana", "dashboards")


def panel(kind, title, description, unit, exprs, w=8, h=8, legend=None, options=None, extra=None, bars=None):
    """A panel; `bars` (a minimum interval such as "1h") draws each point as a bar of its own
    interval, the queries' increase() taken over [$__interval]."""
    targets = []
    for index, expr in enumerate(exprs if isinstance(exprs, list) else [exprs]):
        if isinstance(expr, tuple):
            expr, legend_format = expr
        else:
            legend_format = legend or ""
        target = {"refId": chr(ord("A") + index), "datasource": {"type": "prometheus", "uid": "${datasource}"},
                  "expr": expr, "legendFormat": legend_format}
        if kind == "table":
            target.update({"instant": True, "format": "table"})
        if kind == "heatmap":
            target.update({"format": "heatmap"})
        targets.append(target)
    if bars:
        for target in targets:
            target["expr"] = target["expr"].replace("[$__rate_interval]", "[$__interval]")
    result = {"type": kind, "title": title, "description": description,
              "datasource": {"type": "prometheus", "uid": "${datasource}"},
              "gridPos": {"h": h, "w": w, "x": 0, "y": 0},
              "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
              "options": options or {}, "targets": targets}
    if kind == "table":
        result["transformations"] = [HIDDEN]
    if bars:
        result["interval"] = bars
        result["fieldConfig"]["defaults"]["custom"] = {
            "drawStyle": "bars", "fillOpacity": 80, "lineWidth": 1, "stacking": {"mode": "normal", "group": "A"}}
    if extra:
        result.update(extra)
    return result


def row(title, description):
    """A row: a heading across the dashboard for the panels after it."""
    return {"type": "row", "title": title, "description": description, "collapsed": False, "panels": [],
            "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0}}


def layout(panels):
    x = y = row_h = 0
    for index, p in enumerate(panels):
        p["id"] = index + 1
        w, h = p["gridPos"]["w"], p["gridPos"]["h"]
        if x + w > 24:
            x, y, row_h = 0, y + row_h, 0
        p["gridPos"].update({"x": x, "y": y})
        x += w
        row_h = max(row_h, h)
    return panels


def dashboard(uid, title, description, panels):
    def variable(name, query, all_value=".+", description=None):
        result = {
            "name": name, "label": name, "type": "query", "datasource": DATASOURCE,
            "query": {"query": query, "refId": name}, "definition": query, "refresh": 2, "multi": True,
            "includeAll": True, "allValue": all_value, "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
            "sort": 1}
        if description:
            result["description"] = description
        return result
    target_label = "A target label your scrape config adds (README: a team's scrape config); All when it has none."
    return {
        "uid": uid, "id": None, "title": title, "description": description, "tags": ["llm-usage"],
        "schemaVersion": 39, "version": 1, "editable": False, "timezone": "", "refresh": "30s",
        "time": {"from": "now-24h", "to": "now"},
        "links": [{"title": "LLM usage dashboards", "type": "dashboards", "tags": ["llm-usage"], "asDropdown": False,
                   "includeVars": True, "keepTime": True}],
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0},
            variable("job", "label_values(llm_usage_exporter_build_info, job)"),
            variable("instance", 'label_values(llm_usage_exporter_build_info{job=~"$job"}, instance)'),
            # ".*" also matches a target without the label.
            variable("team", 'label_values(llm_usage_exporter_build_info{job=~"$job"}, team)', ".*", target_label),
            variable("developer", 'label_values(llm_usage_exporter_build_info{job=~"$job"}, developer)', ".*",
                     target_label),
        ]},
        "annotations": {"list": []},
        "panels": layout(panels),
    }


usd = "currencyUSD"
overview = dashboard("llm-usage-overview", "LLM usage: overview",
                     "Spend against budgets, the active five-hour block, cost and tokens by model and project.", [
    *[panel("stat", "Spend " + name,
            f"Cost of the current {period} in each exporter's time zone (--time-zone{', --week-start' if period == 'week' else ''}), summed over the exporters; a machine asleep counts with its last value until its {period} ends (recorded rule instance:llm_usage_period_cost_usd:carried).",
            usd, f'sum(instance:llm_usage_period_cost_usd:carried{{period="{period}",{M}}})', w=4, h=5)
      for period, name in [("day", "today"), ("week", "this week"), ("month", "this month")]],
    panel("stat", "Spend in range", "Cost counted in the dashboard's time range (increase over $__range), all exporters.", usd,
          f'sum(increase(llm_usage_cost_usd_total{{{M}}}[$__range]))', w=6, h=5),
    panel("gauge", "Budget use",
          "Cost of each configured budget's current period over the budget; the orange and red thresholds are the exporter's alert ratios (llm_usage_budget_alert_ratio), as the alerts use them.",
          "percentunit", [(f'max by (period, scope, scope_value) (llm_usage_budget_used_ratio{{{M}}})', "{{period}} {{scope}} {{scope_value}}"),
                          (f'max(llm_usage_budget_alert_ratio{{severity="warning",{M}}})', "warning"),
                          (f'max(llm_usage_budget_alert_ratio{{severity="critical",{M}}})', "critical")],
          w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}},
          extra={"fieldConfig": {"defaults": {"unit": "percentunit", "min": 0, "max": 1.2, "thresholds": {"mode": "absolute", "steps": [
              {"color": "green", "value": None}, {"color": "orange", "value": 0.8}, {"color": "red", "value": 0.95}]}}, "overrides": []},
              # The fallback steps above are replaced by the queries B and C.
              "transformations": [
                  {"id": "configFromData", "options": {"configRefId": ref, "mappings": [
                      {"fieldName": name, "handlerKey": key}, {"fieldName": "Time", "handlerKey": "__ignore"}],
                      "applyTo": {"id": "byFrameRefID", "options": "A"}}}
                  for ref, name, key in [("B", "warning", "threshold1"), ("C", "critical", "threshold2")]]}),
    panel("stat", "Burn rate (last 15 minutes)",
          "Cost per hour at the rate of the last 15 minutes (a fixed window: the number does not change with the zoom).", usd,
          f'sum(rate(llm_usage_cost_usd_total{{{M}}}[15m])) * 3600', w=4, h=5),
    panel("stat", "Active block: cost and projection", "Cost of the active five-hour block so far, and where the current burn rate takes it by the block's end.",
          usd, [(f'sum(llm_usage_block_cost_usd{{{M}}})', "so far"), (f'sum(llm_usage_block_projected_cost_usd{{{M}}})', "projected")], w=6, h=5),
    panel("stat", "Active block: tokens and limit", "Tokens of the active block, its projection at the block's end, and the token limit (--block.token-limit).",
          "short", [(f'sum(llm_usage_block_tokens{{{M}}})', "tokens"), (f'sum(llm_usage_block_projected_tokens{{{M}}})', "projected"),
                    (f'max(llm_usage_block_limit_tokens{{{M}}})', "limit")], w=6, h=5),
    panel("stat", "Active block: time left", "Seconds until the active five-hour block ends.", "s",
          f'max(llm_usage_block_end_timestamp_seconds{{{M}}}) - time()', w=6, h=5),
    panel("stat", "Cache efficiency (24h)",
          "Prompt tokens read from the cache over all prompt tokens in the last 24 hours: a ratio of the sums over the exporters, not an average of their ratios.",
          "percentunit",
          f'sum(instance:llm_usage_cache_read_tokens:increase1d{{{M}}}) / sum(instance:llm_usage_prompt_tokens:increase1d{{{M}}})', w=6, h=5),
    panel("timeseries", "Cost by model", "Cost in each bar's interval (an hour, or more when zoomed out), by model: bars add up to the spend of the range.", usd,
          (f'sum by (model) (increase(llm_usage_cost_usd_total{{{M}}}[$__rate_interval]))', "{{model}}"), w=12, bars="1h"),
    panel("timeseries", "Cost by project", "Cost in each bar's interval (an hour, or more when zoomed out), by project: bars add up to the spend of the range.", usd,
          (f'sum by (project) (increase(llm_usage_cost_usd_total{{{M}}}[$__rate_interval]))', "{{project}}"), w=12, bars="1h"),
    panel("timeseries", "Tokens by model and type", "Tokens in each bar's interval (an hour, or more when zoomed out), by model and token type.", "short",
          (f'sum by (model, token_type) (increase(llm_usage_tokens_total{{{M}}}[$__rate_interval]))', "{{model}} {{token_type}}"), w=12, bars="1h"),
    panel("timeseries", "Cost per hour by model (recorded)", "The recording rule model:llm_usage_cost_usd:increase1h.", usd,
          (f'model:llm_usage_cost_usd:increase1h{{{M}}}', "{{model}}"), w=12),
    *[panel("table", f"Cost by {name} (range)", description, usd,
            f'sort_desc(sum by ({label}) (increase(llm_usage_cost_usd_total{{{selector}{M}}}[$__range])))', w=8)
      for name, label, selector, description in [
          ("model", "model", "", "Cost in the dashboard's time range, by model."),
          ("project", "project", "", "Cost in the dashboard's time range, by project."),
          ("developer", "user", 'user!="",',
           "Cost in the dashboard's time range, by the user label (--label.user on each machine, the user of team usage records).")]],
    panel("table", "Top sessions", "The costliest sessions active in the exporter's session window.", usd,
          f'topk(10, llm_usage_session_cost_usd{{{M}}})', w=12),
    panel("table", "Top branches (7 days)", "The costliest git branches over the last 7 days; a branch stands for a pull request.", usd,
          f'topk(10, llm_usage_branch_cost_usd{{{M}}})', w=12),
    panel("table", "Alerts", "Alerts of the bundled rules, pending or firing, for the selected exporters.", "short",
          f'ALERTS{{{M}}}', w=24),
    row("Tools, skills, MCP servers, subagents, edits and API errors",
        "What Claude Code did, from its transcripts (the activity families; --source.disable-activity turns them off)."),
    panel("timeseries", "Tool uses by tool", "Tool uses in each bar's interval, by tool (MCP tools as mcp, skills as Skill).", "short",
          (f'sum by (tool) (increase(llm_usage_tool_uses_total{{{M}}}[$__interval]))', "{{tool}}"), w=8, bars="1h"),
    panel("table", "MCP servers and skills (range)", "Uses of each MCP server and skill in the dashboard's time range.", "short",
          f'sum by (tool, mcp_server, skill) (increase(llm_usage_tool_uses_total{{tool=~"mcp|Skill",{M}}}[$__range]))', w=8),
    panel("stat", "Tool success (range)", "Tool results that succeeded, of all tool results in the range (errors and the user's refusals fail).", "percentunit",
          f'sum(increase(llm_usage_tool_results_total{{outcome="ok",{M}}}[$__range])) / sum(increase(llm_usage_tool_results_total{{{M}}}[$__range]))', w=8),
    panel("timeseries", "Tool errors and refusals", "Tool results that failed (error) or that the user refused (rejected), in each bar's interval, by tool.", "short",
          (f'sum by (tool, outcome) (increase(llm_usage_tool_results_total{{outcome!="ok",{M}}}[$__interval]))', "{{tool}} {{outcome}}"), w=8, bars="1h"),
    panel("timeseries", "Lines of code changed", "Lines Claude Code's edits added and removed in each bar's interval.", "short",
          (f'sum by (change) (increase(llm_usage_code_lines_total{{{M}}}[$__interval]))', "{{change}}"), w=8, bars="1h"),
    panel("timeseries", "API errors by kind", "API errors Claude Code met (rate limits, overload, prompts too long), in each bar's interval.", "short",
          (f'sum by (kind) (increase(llm_usage_api_errors_total{{{M}}}[$__interval]))', "{{kind}}"), w=8, bars="1h"),
    panel("table", "Cost by agent (range)", "Cost in the range by agent: the main thread, each subagent type the Task tool named, or subagent when unknown.", usd,
          f'sum by (agent) (increase(llm_usage_agent_cost_usd_total{{{M}}}[$__range]))', w=8),
    panel("table", "Activity by user (range)", "Prompts, sessions started, tool uses and lines added in the range, by the user label (--label.user on each machine).", "short",
          [(f'sum by (user) (increase(llm_usage_prompts_total{{{M}}}[$__range]))', "prompts"),
           (f'sum by (user) (increase(llm_usage_sessions_started_total{{{M}}}[$__range]))', "sessions"),
           (f'sum by (user) (increase(llm_usage_tool_uses_total{{{M}}}[$__range]))', "tool uses"),
           (f'sum by (user) (increase(llm_usage_code_lines_total{{change="added",{M}}}[$__range]))', "lines added")], w=16,
          extra={"transformations": [{"id": "merge", "options": {}}, HIDDEN]}),
])

def absent(ref_source, flag, what):
    return (f'absent(llm_usage_files_watched{{source="{ref_source}",{M}}})', f"{what}: not configured ({flag})")


notice = panel(
    "stat", "Sources this dashboard needs",
    "The panels below read team usage records (--source.team-usage), application events (--source.events) and prompt audits (--source.prompt-audit). A source that no exporter in the selection reads is named here: start one with its flag (README, Sources); 'all configured' when every one is read.",
    "none", [absent("team_usage", "--source.team-usage", "team usage records"),
             absent("events", "--source.events", "application events"),
             absent("prompt_audit", "--source.prompt-audit", "prompt audits")], w=24, h=4,
    options={"textMode": "name", "colorMode": "background", "reduceOptions": {"calcs": ["lastNotNull"]}})
notice["fieldConfig"]["defaults"].update({
    "noValue": "all configured", "mappings": [{"type": "value", "options": {"1": {"text": "not configured", "color": "orange"}}}]})

teams = dashboard("llm-usage-teams", "LLM usage: teams and CI",
                  "Team usage records by user and phase, capture failures, prompt estimation accuracy, tenants and application services.", [
    notice,
    panel("table", "Cost by user and phase", "Team usage records over the selected range.", usd,
          f'sum by (user, phase) (increase(llm_usage_cost_usd_total{{source="team_usage",{M}}}[$__range]))', w=12),
    panel("timeseries", "Cost per hour by user", "The recording rule user:llm_usage_cost_usd:increase1h.", usd,
          (f'sum by (user) (user:llm_usage_cost_usd:increase1h{{{M}}})', "{{user}}"), w=12),
    panel("timeseries", "Capture failures", "Sessions whose usage a team usage hook could not capture, in each bar's interval, by reason.", "short",
          (f'sum by (reason) (increase(llm_usage_capture_failures_total{{{M}}}[$__rate_interval]))', "{{reason}}"), w=12, bars="1h"),
    panel("heatmap", "Estimation error", "Distribution of |estimated - actual| / actual of prompt audits per interval.", "percentunit",
          (f'sum by (le) (increase(llm_usage_estimation_error_ratio_bucket{{{M}}}[$__interval]))', "{{le}}"), w=12,
          extra={"interval": "1h"}),
    panel("stat", "Estimation bias", "Estimated tokens over actual tokens in the selected range (1 = unbiased).", "percentunit",
          f'sum(increase(llm_usage_estimated_tokens_total{{{M}}}[$__range])) / sum(increase(llm_usage_estimation_actual_tokens_total{{{M}}}[$__range]))', w=6, h=5),
    panel("stat", "Estimation error p90 (24h)", "The recording rule instance:llm_usage_estimation_error_ratio:p90_1d; the goal is under 5 %.", "percentunit",
          f'max(instance:llm_usage_estimation_error_ratio:p90_1d{{{M}}})', w=6, h=5),
    panel("stat", "Audits waiting for a record", "Prompt audits without an actual count whose usage record has not been read.", "short",
          f'sum(llm_usage_estimation_unmatched{{{M}}})', w=6, h=5),
    panel("stat", "Capture failures (range)", "Capture failures in the selected range.", "short",
          f'sum(increase(llm_usage_capture_failures_total{{{M}}}[$__range]))', w=6, h=5),
    panel("table", "Cost by tenant", "Application events over the selected range, by tenant.", usd,
          f'sum by (tenant) (increase(llm_usage_cost_usd_total{{source="events",{M}}}[$__range]))', w=8),
    panel("table", "Cost by application service", "Application events over the selected range, by service and tenant.", usd,
          f'sum by (app_service, tenant) (increase(llm_usage_cost_usd_total{{source="events",{M}}}[$__range]))', w=8),
    panel("table", "Cache lookups", "Application cache hits (no request, no cost) and misses over the selected range.", "short",
          f'sum by (app_service, result) (increase(llm_usage_cache_lookups_total{{{M}}}[$__range]))', w=8),
    panel("timeseries", "Cost per request (p90)", "90th percentile of the cost of one request, by model.", usd,
          (f'histogram_quantile(0.9, sum by (le, model) (rate(llm_usage_request_cost_usd_bucket{{{M}}}[$__rate_interval])))', "{{model}}"), w=12),
    panel("timeseries", "Daily cost by application service (recorded)", "The recording rule app_service:llm_usage_cost_usd:increase1d.", usd,
          (f'app_service:llm_usage_cost_usd:increase1d{{{M}}}', "{{app_service}}"), w=12),
])

health = dashboard("llm-usage-exporter-health", "LLM usage: exporter health",
                   "Lines read and rejected, files, bytes, scrape duration, memory and readiness of llm-usage-exporter.", [
    panel("stat", "Ready", "1 once the exporter has read every source after a start.", "short", f'min(llm_usage_exporter_ready{{{M}}})', w=4, h=5),
    panel("stat", "Up", "Whether Prometheus can scrape the exporter.", "short", f'min(up{{{M}}})', w=4, h=5),
    panel("stat", "Resident memory", "Resident memory of the exporter.", "bytes", f'max(process_resident_memory_bytes{{{M}}})', w=4, h=5),
    panel("stat", "Dedup table", "Memory of the table that remembers counted requests.", "bytes", f'max(llm_usage_dedup_memory_bytes{{{M}}})', w=4, h=5),
    panel("stat", "Scrape duration", "How long the last scrape took.", "s", f'max(scrape_duration_seconds{{{M}}})', w=4, h=5),
    panel("stat", "Files watched", "Log files being tailed, all sources.", "short", f'sum(llm_usage_files_watched{{{M}}})', w=4, h=5),
    panel("timeseries", "Lines read", "Lines read per second, by source.", "short",
          (f'sum by (source) (rate(llm_usage_lines_read_total{{{M}}}[$__rate_interval]))', "{{source}}"), w=12),
    panel("timeseries", "Lines rejected", "Rejected lines per interval, by source and reason.", "short",
          (f'sum by (source, reason) (increase(llm_usage_lines_rejected_total{{{M}}}[$__rate_interval]))', "{{source}} {{reason}}"), w=12,
          bars="1m"),
    panel("timeseries", "Bytes read", "Bytes of logs read per second, by source.", "Bps",
          (f'sum by (source) (rate(llm_usage_bytes_read_total{{{M}}}[$__rate_interval]))', "{{source}}"), w=12),
    panel("timeseries", "Newest usage age", "Seconds since the newest usage record of each source.", "s",
          (f'time() - max by (source) (llm_usage_last_event_timestamp_seconds{{{M}}})', "{{source}}"), w=12),
    panel("timeseries", "Source errors and file resets", "Unreadable paths and files read again from their start, per interval.", "short",
          [(f'sum by (source, reason) (increase(llm_usage_source_errors_total{{{M}}}[$__rate_interval]))', "error {{source}} {{reason}}"),
           (f'sum by (source, reason) (increase(llm_usage_file_resets_total{{{M}}}[$__rate_interval]))', "reset {{source}} {{reason}}")], w=12,
          bars="1m"),
    panel("timeseries", "Duplicate lines", "Lines that repeated a request already counted, per second.", "short",
          (f'sum by (source) (rate(llm_usage_duplicate_lines_total{{{M}}}[$__rate_interval]))', "{{source}}"), w=12),
])

for name, board in [("overview", overview), ("teams", teams), ("exporter-health", health)]:
    with open(os.path.join(ROOT, name + ".json"), "w") as handle:
        json.dump(board, handle, indent=2)
        handle.write("\n")
