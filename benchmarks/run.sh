#!/bin/sh
# Measures the tunnel against direct nginx (issue 14's figures), in one run:
#   benchmarks/run.sh
# Installs nginx-light (nginx with its echo module) and wrk with apt-get when they are missing (needs root or sudo),
# builds the jars, then runs the benchmark profile, which starts nginx, the local backend and agent jars, and the
# desktop app's embedded backend as processes of their own and prints the tables. Nothing is asserted.
#
# Environment: BENCH_SECONDS (per figure, default 10), BENCH_WARMUP_SECONDS (a warm-up round, default 10; at least 8 rounds, repeated until the throughput settles, at most 15), BENCH_PROFILE=1 (further
# loads under JDK Flight Recorder, with the top frames per request), BENCH_VARIANT_JAVA_OPTIONS (the jars once more with
# these JVM options, an A/B comparison in one run), BENCH_SYSTEMS (which Porthole systems
# besides direct nginx: jars,embedded by default), BENCH_COMPARE=<script> (another
# tunnel side by side; see dev.porthole.agent.bench.Targets#compared), BENCH_NGINX_PORT (default: any free port).
set -eu
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1 || [ ! -x /usr/sbin/nginx ] || [ ! -f /usr/lib/nginx/modules/ngx_http_echo_module.so ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "Installing nginx-light and wrk (Debian packages)..." >&2
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q nginx-light wrk
fi

./mvnw -B -q -pl agent -am -Pbenchmark -DskipTests "$@" verify
