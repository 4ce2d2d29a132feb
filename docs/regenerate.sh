#!/usr/bin/env bash
# Regenerates the shell completions and the man page from the argument parser.
# Run from the repository root after changing a command.
set -euo pipefail
swift build >/dev/null
for shell in bash zsh fish; do
    .build/debug/snapread --generate-completion-script "$shell" > "docs/completions/snapread.$shell"
done
swift package --allow-writing-to-package-directory generate-manual >/dev/null
cp .build/plugins/GenerateManual/outputs/snapread/snapread.1 docs/man/snapread.1
echo "regenerated docs/completions and docs/man"
