#!/usr/bin/env bash
# Installs what the benchmarks need and the tests do not: Hugo (Debian's 0.111), to build the
# same archives side by side (`bench_build.py --against hugo`), and Minutebook itself, editable,
# into .venv/ (the venv scripts/test makes). Never run by the tests or CI.
# Usage: benchmarks/setup.sh    then: .venv/bin/python benchmarks/bench_build.py --against hugo
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! command -v hugo >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null
fi
hugo version
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  python3 -m venv --clear .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
# The converter from ../shared/bench/ needs PyYAML, which Minutebook already installs.
echo "ready: .venv/bin/python benchmarks/bench_build.py --against hugo"
