#!/usr/bin/env bash
# Refreshes the vendored SignalR browser client in wwwroot/lib/signalr/ from the npm registry.
# Run by hand when the version changes; CI only checks the committed files with scripts/check-vendored.sh.
set -euo pipefail

VERSION="10.0.11"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="$ROOT/wwwroot/lib/signalr"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack "@microsoft/signalr@$VERSION" --silent > /dev/null
tar -xzf "microsoft-signalr-$VERSION.tgz"

# NOTE: the npm package ships no LICENSE file, but its package.json declares "MIT". The text below is the MIT
# licence of the dotnet/aspnetcore repository, where the client's source lives. The check runs before any file in
# $TARGET changes, so a rejected version leaves the vendored copy as it was.
license="$(node -p 'require("./package/package.json").license')"
if [[ "$license" != "MIT" ]]; then
    echo "package.json of @microsoft/signalr $VERSION declares licence '$license', not MIT." \
        "Review the licence before vendoring this version." >&2
    exit 1
fi

mkdir -p "$TARGET"
cp package/dist/browser/signalr.min.js "$TARGET/signalr.min.js"
cat > "$TARGET/LICENSE" <<'LICENSE_TEXT'
@microsoft/signalr (https://github.com/dotnet/aspnetcore/tree/main/src/SignalR), licensed under the MIT License:

The MIT License (MIT)

Copyright (c) .NET Foundation and Contributors

All rights reserved.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE_TEXT
echo "@microsoft/signalr $VERSION from the npm registry (dist/browser/signalr.min.js)" > "$TARGET/VERSION"

cd "$TARGET"
sha256sum signalr.min.js LICENSE VERSION > SHA256SUMS
echo "Vendored @microsoft/signalr $VERSION into $TARGET"
