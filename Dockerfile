# llm-usage-exporter in a container.
#   docker build -t llm-usage-exporter .
#   docker run -p 10120:10120 -v ~/.claude:/data/claude:ro -v llm-usage-state:/var/lib/llm-usage-exporter llm-usage-exporter
# (Docker does not run on the machine this was written on; scripts/check-container-binary
#  builds the same binary and runs it in a root holding only what this file copies.)

# Build: the official Swift image; the Swift runtime is linked in, so the binary needs
# only the C library, zlib (gzip scrapes) and OpenSSL (TLS) at run time.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends zlib1g-dev libssl-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --static-swift-stdlib --product llm-usage-exporter \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/llm-usage-exporter" /out/llm-usage-exporter

# Run: a small Debian with the zone database (for --time-zone) and CA certificates.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata ca-certificates libcrypt1 libstdc++6 zlib1g libssl3 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10120 --user-group --home-dir /var/lib/llm-usage-exporter --create-home llm-usage
COPY --from=build /out/llm-usage-exporter /usr/local/bin/llm-usage-exporter
USER llm-usage
# Counted usage survives restarts and history Claude Code deletes.
VOLUME /var/lib/llm-usage-exporter
EXPOSE 10120
# Inside a container the exporter listens on all interfaces; transcripts are mounted read-only
# under /data (Claude Code at /data/claude, Codex at /data/codex).
ENTRYPOINT ["/usr/local/bin/llm-usage-exporter", "--web.listen-address=:10120", "--state.dir=/var/lib/llm-usage-exporter", "--source.claude-code=/data/claude", "--source.codex=/data/codex"]
