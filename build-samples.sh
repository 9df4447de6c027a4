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

# The handoff bundle project uses OpsReady as an MSBuild SDK; the SDK resolver finds this local
# version through samples/global.json and samples/nuget.config (both written here, not committed).
cat > "$root/samples/global.json" <<JSON
{ "msbuild-sdks": { "OpsReady": "$version" } }
JSON
cat > "$root/samples/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="opsready-local" value="$feed" />
  </packageSources>
</configuration>
XML

echo
echo "==> Building the handoff bundle (samples/handoff/handoff.proj)"
dotnet build "$root/samples/handoff/handoff.proj" -nologo -v:q -p:OpsReadyVersion="$version"
bundle="$root/samples/handoff/bin/handoff"
echo
echo "==> Handoff bundle in $bundle:"
(cd "$bundle" && find . -type f | sort)
echo
echo "--- $bundle/handoff.md"
cat "$bundle/handoff.md"
