#!/usr/bin/env bash
# Publishes the web app (Release) into OUTPUT_DIR, default artifacts/app under the repository root.
# The app must run in Production from publish output, because run from bin/ its _framework and _content assets fail.
# Used by scripts/run-app.sh, .ci/run and the Dockerfile.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output_dir="${1:-$repo_root/artifacts/app}"

# A full build first, then a publish of that build: an incremental publish once left files newly added to the
# top-level wwwroot out of the static assets manifest, so the published app did not serve the board module.
echo "publish: dotnet build src/FedWorkbench.Web --no-incremental"
dotnet build "$repo_root/src/FedWorkbench.Web/FedWorkbench.Web.csproj" \
  --configuration Release \
  --nologo \
  --no-incremental \
  -p:UseAppHost=false
echo "publish: dotnet publish src/FedWorkbench.Web -> $output_dir"
dotnet publish "$repo_root/src/FedWorkbench.Web/FedWorkbench.Web.csproj" \
  --configuration Release \
  --output "$output_dir" \
  --nologo \
  --no-build \
  -p:UseAppHost=false
