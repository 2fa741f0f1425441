#!/usr/bin/env bash
# deploy/format.sh [--check] — formats the C# sources to .editorconfig (dotnet format: whitespace, usings, style).
# --check changes nothing and fails, naming file and line, where a source differs (CI runs this).
set -euo pipefail

# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$(repo_root)
cd "$ROOT"
ensure_dotnet_node

case ${1:-} in
    --check)
        log "checking formatting (dotnet format --verify-no-changes)"
        t0=$(now_s)
        dotnet format SendDashboard.sln --verify-no-changes -v q ||
            die "sources differ from .editorconfig (listed above); run deploy/format.sh to fix them"
        log "formatting clean ($(($(now_s) - t0)) s)"
        ;;
    "")
        dotnet format SendDashboard.sln -v q
        log "formatted"
        ;;
    *) die "usage: deploy/format.sh [--check]" ;;
esac
