#!/usr/bin/env bash
# Fails when a layer includes a layer it must not depend on (arrows point inward only).
set -euo pipefail
src=${1:-src}
fail=0
check() { # layer forbidden-prefix...
  local layer=$1; shift
  for bad in "$@"; do
    if grep -rnE "#include [<\"]${bad}/" "$src/$layer" >/dev/null 2>&1; then
      grep -rnE "#include [<\"]${bad}/" "$src/$layer" | sed "s/^/forbidden include: /"
      fail=1
    fi
  done
}
check domain app storage codecs integrations http server cli nlohmann boost sqlite3 libpq spdlog
check app storage codecs integrations http server cli nlohmann boost sqlite3 libpq spdlog
check storage codecs integrations http server cli boost
check codecs storage integrations http server cli boost
check integrations storage codecs http server cli
check http storage integrations server cli
if grep -rnE '#include <(boost|sqlite3|libpq)' "$src/domain" "$src/app" >/dev/null 2>&1; then
  echo "domain/app include a third-party library"; fail=1
fi
[ $fail -eq 0 ] && echo "layering: 1 passed, 0 failed" || { echo "layering: 0 passed, 1 failed"; exit 1; }
