"""Prices from LiteLLM's model_prices_and_context_window.json, for the independent counts.

Written apart from the Swift parser, with Python's json module, from the rules in the README:
a model id is looked up as it is (lower-cased); then without a path prefix (`converse/`) or
Claude Code's `[1m]`; then by its normalised name (dates, platform and region prefixes,
Bedrock versions and `-latest` removed), which the file's keys claim in this order: the
provider's own entry over a cloud's (Bedrock, Vertex AI, Foundry) over anyone else's; then the
least decorated key (a region's own id last); then the latest date. `alias_of` entries take
their target's prices under their own id only; scripts/price-supplement.json adds the
published rules LiteLLM lacks to the direct Anthropic ids. A request whose prompt (input,
cache writes and reads) exceeds an entry's `*_above_<N>k_tokens` threshold is priced whole at
that tier; cache rates an entry lacks are 1.25x, 2x and 0.1x the input for Claude, else the
input price; fast mode multiplies by the entry's fast multiplier.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "shared", "reference", "prices", "litellm-1.110.2.json")


REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


def normalised(key):
    """(name, date, decoration) of a key: decoration 0 regional, 1 platform prefix, 2 provider
    prefix, 3 suffix only, 4 none."""
    name = re.sub(r"\[[^\]]*\]$", "", key.lower().strip())
    decoration = 4
    if "/" in name:
        prefix, name = name.rsplit("/", 1)
        if any(REGION.match(part) for part in prefix.split("/")):
            decoration = 0
        else:
            decoration = 2 if prefix in ("anthropic", "openai") else 1
    if "anthropic." in name:
        platform, name = name.split("anthropic.", 1)
        decoration = min(decoration, 2 if platform == "" else 1 if platform == "global." else 0)
    date, suffixed = "", False
    if "@" in name:
        name, tail = name.split("@", 1)
        date = tail if re.fullmatch(r"\d{8}", tail) else ""
        suffixed = True
    version = re.search(r"-v\d[\d:]*$", name)
    if version:
        name, suffixed = name[: version.start()], True
    if name.endswith("-latest"):
        name, suffixed = name[: -len("-latest")], True
    dated = re.search(r"-(\d{8})$", name) or re.search(r"-(\d{4})-(\d{2})-(\d{2})$", name)
    if dated:
        date, name, suffixed = "".join(dated.groups()), name[: dated.start()], True
    if suffixed and decoration == 4:
        decoration = 3
    return name, date, decoration


def trust(provider):
    if provider in ("", None, "anthropic", "openai"):
        return 2
    return 1 if provider.startswith(("bedrock", "vertex_ai", "azure")) else 0


class LiteLLMPrices:
    def __init__(self, path=REFERENCE):
        with open(path) as handle:
            self.entries = {key.lower(): value for key, value in json.load(handle).items() if isinstance(value, dict)}
        with open(os.path.join(HERE, "price-supplement.json")) as handle:
            self.supplement = {base: model["fields"] for base, model in json.load(handle)["models"].items()}
        # Which key prices each normalised name.
        self.claims = {}
        for key, entry in self.entries.items():
            if "input_cost_per_token" not in entry and "output_cost_per_token" not in entry:
                continue
            name, date, decoration = normalised(key)
            rank = (trust(entry.get("litellm_provider")), decoration, date)
            if name not in self.claims or rank > self.claims[name][0]:
                self.claims[name] = (rank, key)

    def entry(self, model):
        """The LiteLLM entry pricing a model id, or None."""
        name = model.lower().strip()
        bare = re.sub(r"\[[^\]]*\]$", "", name).split("/")[-1]
        claimed = self.claims.get(normalised(model)[0])
        for key in (name, bare, claimed[1] if claimed else None):
            entry = self.entries.get(key)
            if entry is None:
                continue
            if "alias_of" in entry and "input_cost_per_token" not in entry:
                entry = self.entries.get(entry["alias_of"].lower())
                if entry is None:
                    continue
            if "input_cost_per_token" not in entry and "output_cost_per_token" not in entry:
                continue
            base = re.sub(r"-\d{8}$", "", key)
            if entry.get("litellm_provider") == "anthropic" and base in self.supplement:
                entry = dict(self.supplement[base], **entry)
            return entry
        return None

    def cost(self, model, input=0, output=0, write_5m=0, write_1h=0, cache_read=0, fast=False):
        """USD for one request, or None when the model has no price."""
        entry = self.entry(model)
        if entry is None:
            return None
        claude = "claude" in model.lower()
        tiers = [int(m.group(1)) for f in entry for m in [re.fullmatch(r"input_cost_per_token_above_(\d+)k_tokens", f)] if m]
        suffix = ""
        if tiers and input + write_5m + write_1h + cache_read > min(tiers) * 1000:
            suffix = "_above_%dk_tokens" % min(tiers)
        rate = entry.get("input_cost_per_token" + suffix) or 0
        out = entry.get("output_cost_per_token" + suffix, entry.get("output_cost_per_token")) or 0
        w5 = entry.get("cache_creation_input_token_cost" + suffix, rate * 1.25 if claude else rate)
        w1 = entry.get("cache_creation_input_token_cost_above_1hr" + suffix, rate * 2 if claude else w5)
        read = entry.get("cache_read_input_token_cost" + suffix, rate * 0.1 if claude else rate)
        value = input * rate + output * out + write_5m * w5 + write_1h * w1 + cache_read * read
        if fast:
            value *= entry.get("fast_multiplier") or (entry.get("provider_specific_entry") or {}).get("fast") or 1
        return value
