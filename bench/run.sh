#!/usr/bin/env bash
# One command for issue 6's benchmark: see bench/README.md. Arguments go to bench/run.mjs.
set -euo pipefail; cd "$(dirname "$0")/.." && exec node bench/run.mjs "$@"
