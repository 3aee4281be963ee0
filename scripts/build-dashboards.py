#!/usr/bin/env python3
"""Writes grafana/dashboards/*.json: the source of the bundled dashboards.

Every panel has a description and a unit, every query matches the `job` and `instance`
variables and reads counters through rate() or increase(); the datasource is the
`datasource` variable. The tests check all of that and run every query against a real
Prometheus. Run it after changing a panel:  python3 scripts/build-dashboards.py
"""
import json
import os

M = 'job=~"$job",instance=~"$instance"'
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "grafana", "dashboards")


def panel(kind, title, description, unit, exprs, w=8, h=8, legend=None, options=None, extra=None):
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
    result = {"type": kind, "title": title, "description": description,
              "datasource": {"type": "prometheus", "uid": "${datasource}"},
              "gridPos": {"h": h, "w": w, "x": 0, "y": 0},
              "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
              "options": options or {}, "targets": targets}
    if extra:
        result.update(extra)
    return result


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
    variable = lambda name, query: {
        "name": name, "label": name, "type": "query", "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "query": {"query": query, "refId": name}, "definition": query, "refresh": 2, "multi": True,
        "includeAll": True, "allValue": ".+", "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "sort": 1}
    return {
        "uid": uid, "id": None, "title": title, "description": description, "tags": ["llm-usage"],
        "schemaVersion": 39, "version": 1, "editable": True, "timezone": "", "refresh": "30s",
        "time": {"from": "now-24h", "to": "now"},
        "templating": {"list": [
            {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
             "current": {}, "hide": 0},
            variable("job", "label_values(llm_usage_exporter_build_info, job)"),
            variable("instance", 'label_values(llm_usage_exporter_build_info{job=~"$job"}, instance)'),
        ]},
        "annotations": {"list": []},
        "panels": layout(panels),
    }


usd = "currencyUSD"
overview = dashboard("llm-usage-overview", "LLM usage: overview",
                     "Spend against budgets, the active five-hour block, cost and tokens by model and project.", [
    panel("stat", "Spend today", "Cost since local midnight in the exporter's time zone (--time-zone), all sources.", usd,
          f'sum(llm_usage_period_cost_usd{{period="day",{M}}})', w=4, h=5),
    panel("stat", "Spend this week", "Cost since the start of the week (--week-start).", usd,
          f'sum(llm_usage_period_cost_usd{{period="week",{M}}})', w=4, h=5),
    panel("stat", "Spend this month", "Cost since the first of the month.", usd,
          f'sum(llm_usage_period_cost_usd{{period="month",{M}}})', w=4, h=5),
    panel("gauge", "Budget use", "Cost of each configured budget's current period over the budget; the thresholds are the alert ratios.",
          "percentunit", (f'max by (period, scope, scope_value) (llm_usage_budget_used_ratio{{{M}}})', "{{period}} {{scope}} {{scope_value}}"),
          w=6, h=5, options={"reduceOptions": {"calcs": ["lastNotNull"]}},
          extra={"fieldConfig": {"defaults": {"unit": "percentunit", "min": 0, "max": 1.2, "thresholds": {"mode": "absolute", "steps": [
              {"color": "green", "value": None}, {"color": "orange", "value": 0.8}, {"color": "red", "value": 0.95}]}}, "overrides": []}}),
    panel("stat", "Burn rate", "Spend per hour over the last few minutes (all sources).", usd,
          f'sum(rate(llm_usage_cost_usd_total{{{M}}}[$__rate_interval])) * 3600', w=4, h=5),
    panel("stat", "Active block: cost and projection", "Cost of the active five-hour block so far, and where the current burn rate takes it by the block's end.",
          usd, [(f'sum(llm_usage_block_cost_usd{{{M}}})', "so far"), (f'sum(llm_usage_block_projected_cost_usd{{{M}}})', "projected")], w=6, h=5),
    panel("stat", "Active block: tokens and limit", "Tokens of the active block, its projection at the block's end, and the token limit (--block.token-limit).",
          "short", [(f'sum(llm_usage_block_tokens{{{M}}})', "tokens"), (f'sum(llm_usage_block_projected_tokens{{{M}}})', "projected"),
                    (f'max(llm_usage_block_limit_tokens{{{M}}})', "limit")], w=6, h=5),
    panel("stat", "Active block: time left", "Seconds until the active five-hour block ends.", "s",
          f'max(llm_usage_block_end_timestamp_seconds{{{M}}}) - time()', w=6, h=5),
    panel("stat", "Cache efficiency (24h)", "cache_read / (input + cache_creation + cache_read) over the last day: the share of prompt tokens served from the cache.",
          "percentunit", f'avg(instance:llm_usage_cache_efficiency:ratio1d{{{M}}})', w=6, h=5),
    panel("timeseries", "Cost by model", "Cost per interval, by model.", usd,
          (f'sum by (model) (increase(llm_usage_cost_usd_total{{{M}}}[$__rate_interval]))', "{{model}}"), w=12),
    panel("timeseries", "Cost by project", "Cost per interval, by project.", usd,
          (f'sum by (project) (increase(llm_usage_cost_usd_total{{{M}}}[$__rate_interval]))', "{{project}}"), w=12),
    panel("timeseries", "Tokens by model and type", "Tokens per second, by model and token type.", "short",
          (f'sum by (model, token_type) (rate(llm_usage_tokens_total{{{M}}}[$__rate_interval]))', "{{model}} {{token_type}}"), w=12),
    panel("timeseries", "Cost per hour by model (recorded)", "The recording rule model:llm_usage_cost_usd:increase1h.", usd,
          (f'model:llm_usage_cost_usd:increase1h{{{M}}}', "{{model}}"), w=12),
    panel("table", "Top sessions", "The costliest sessions active in the exporter's session window.", usd,
          f'topk(10, llm_usage_session_cost_usd{{{M}}})', w=12),
    panel("table", "Top branches (7 days)", "The costliest git branches over the last 7 days; a branch stands for a pull request.", usd,
          f'topk(10, llm_usage_branch_cost_usd{{{M}}})', w=12),
    panel("table", "Alerts", "Alerts of the bundled rules, pending or firing, for the selected exporters.", "short",
          f'ALERTS{{{M}}}', w=24),
])

teams = dashboard("llm-usage-teams", "LLM usage: teams and CI",
                  "Team usage records by user and phase, capture failures, prompt estimation accuracy, tenants and application services.", [
    panel("table", "Cost by user and phase", "Team usage records over the selected range.", usd,
          f'sum by (user, phase) (increase(llm_usage_cost_usd_total{{source="team_usage",{M}}}[$__range]))', w=12),
    panel("timeseries", "Cost per hour by user", "The recording rule user:llm_usage_cost_usd:increase1h.", usd,
          (f'sum by (user) (user:llm_usage_cost_usd:increase1h{{{M}}})', "{{user}}"), w=12),
    panel("timeseries", "Capture failures", "Sessions whose usage a hook could not capture, by reason, per interval.", "short",
          (f'sum by (reason) (increase(llm_usage_capture_failures_total{{{M}}}[$__rate_interval]))', "{{reason}}"), w=12),
    panel("heatmap", "Estimation error", "Distribution of |estimated - actual| / actual of prompt audits per interval.", "percentunit",
          (f'sum by (le) (increase(llm_usage_estimation_error_ratio_bucket{{{M}}}[$__rate_interval]))', "{{le}}"), w=12),
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
          (f'sum by (source, reason) (increase(llm_usage_lines_rejected_total{{{M}}}[$__rate_interval]))', "{{source}} {{reason}}"), w=12),
    panel("timeseries", "Bytes read", "Bytes of logs read per second, by source.", "Bps",
          (f'sum by (source) (rate(llm_usage_bytes_read_total{{{M}}}[$__rate_interval]))', "{{source}}"), w=12),
    panel("timeseries", "Newest usage age", "Seconds since the newest usage record of each source.", "s",
          (f'time() - max by (source) (llm_usage_last_event_timestamp_seconds{{{M}}})', "{{source}}"), w=12),
    panel("timeseries", "Source errors and file resets", "Unreadable paths and files read again from their start, per interval.", "short",
          [(f'sum by (source, reason) (increase(llm_usage_source_errors_total{{{M}}}[$__rate_interval]))', "error {{source}} {{reason}}"),
           (f'sum by (source, reason) (increase(llm_usage_file_resets_total{{{M}}}[$__rate_interval]))', "reset {{source}} {{reason}}")], w=12),
    panel("timeseries", "Duplicate lines", "Lines that repeated a request already counted, per second.", "short",
          (f'sum by (source) (rate(llm_usage_duplicate_lines_total{{{M}}}[$__rate_interval]))', "{{source}}"), w=12),
])

for name, board in [("overview", overview), ("teams", teams), ("exporter-health", health)]:
    with open(os.path.join(ROOT, name + ".json"), "w") as handle:
        json.dump(board, handle, indent=2)
        handle.write("\n")
