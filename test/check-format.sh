#!/usr/bin/env bash
# Copyright (c) 2026 iotsec authors
# SPDX-License-Identifier: GPL-2.0-only
#
# ctest iotsec-format: every C++ source of the module must be formatted with the project's
# .clang-format (ns-3's style). Fix with: ./iotsec format
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format}
command -v "$clang_format" >/dev/null || { echo "iotsec-format: $clang_format not found" >&2; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.h' '*.cc' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
else
    mapfile -t files < <(find model helper examples test utils -name '*.h' -o -name '*.cc' 2>/dev/null)
fi
[ "${#files[@]}" -gt 0 ] || { echo "iotsec-format: no sources found" >&2; exit 1; }
bad=()
for f in "${files[@]}"; do
    if ! "$clang_format" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "iotsec-format: ${#bad[@]} of ${#files[@]} files are not formatted (run ./iotsec format):"
    printf '  %s\n' "${bad[@]}"
    exit 1
fi
echo "iotsec-format: ${#files[@]} files formatted"
