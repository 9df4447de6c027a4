#!/usr/bin/env bash
# Packs OpsReady from this checkout and builds samples/ against it, so you can see what a service
# team sees: the OPS warnings in the build output, and the ownership manifests it writes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# A fresh version every run: NuGet caches a package version forever once it has restored it.
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
feed="$root/artifacts/packages"
manifests="$root/artifacts/manifests"
rm -rf "$manifests"

echo "==> Packing OpsReady $version into $feed"
dotnet pack "$root/nuget/OpsReady.csproj" -c Release -o "$feed" -p:Version="$version" -nologo -v:q

echo "==> Building samples/ (warnings below are OpsReady's findings)"
dotnet build "$root/samples/Samples.slnx" --no-incremental -nologo -v:q \
  -p:OpsReadyVersion="$version" \
  -p:RestoreAdditionalProjectSources="$feed" \
  -p:OpsReadyCollectDir="$manifests/"

echo
echo "==> Ownership manifests (each also sits beside its service in bin/Debug/net10.0/):"
for manifest in "$manifests"/*.ownership.json; do
  echo "--- $manifest"
  cat "$manifest"
done

echo
echo "==> Building the handoff bundle (samples/handoff/handoff.proj, Sdk=\"OpsReady\")"
# The SDK resolver reads the version from global.json and the feeds from nuget.config beside the project.
printf '{ "msbuild-sdks": { "OpsReady": "%s" } }\n' "$version" > "$root/samples/handoff/global.json"
cat > "$root/samples/handoff/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="opsready-local" value="$feed" />
  </packageSources>
</configuration>
CONFIG
dotnet build "$root/samples/handoff/handoff.proj" -m -nologo -v:q -p:OpsReadyVersion="$version"
echo
echo "==> samples/handoff/bin/handoff/handoff.md:"
cat "$root/samples/handoff/bin/handoff/handoff.md"
