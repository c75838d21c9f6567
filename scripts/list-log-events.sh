#!/usr/bin/env bash
# Lists every source-generated log message of the app ([LoggerMessage] in src/**/*Log.cs) as a Markdown table:
# event id, event name, level, class and message template, whose {Names} are the structured properties.
# Usage: bash scripts/list-log-events.sh            prints the table
#        bash scripts/list-log-events.sh --update   rewrites the table between the log-events markers in docs/deploy.md
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
doc="$repo_root/docs/deploy.md"
start_marker='<!-- log-events:start -->'
end_marker='<!-- log-events:end -->'

print_table() {
  echo "| Event id | Event name | Level | Class | Message |"
  echo "| ---: | --- | --- | --- | --- |"
  # An attribute spans one or more lines up to its closing ")]"; the class name comes from the file's
  # "static partial class" line. Rows are sorted by class, then id, so classes with the same ids stay apart.
  find "$repo_root/src" -name '*Log.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print0 | sort -z | while IFS= read -r -d '' file; do
    awk '
      /static partial class/ { for (i = 1; i <= NF; i++) if ($i == "class") class = $(i + 1) }
      /\[LoggerMessage\(/ { collecting = 1; text = "" }
      collecting { line = $0; sub(/^[ \t]+/, "", line); text = text " " line }
      collecting && /\)\]/ {
        collecting = 0
        id = text; sub(/.*EventId = /, "", id); sub(/[^0-9].*/, "", id)
        name = text; sub(/.*EventName = "/, "", name); sub(/".*/, "", name)
        level = text; sub(/.*Level = LogLevel\./, "", level); sub(/[^A-Za-z].*/, "", level)
        message = text; sub(/.*Message = "/, "", message); sub(/"\)\][ \t]*$/, "", message)
        gsub(/" \+ "/, "", message)
        gsub(/\|/, "\\|", message)
        printf "%s\t%d\t| %s | %s | %s | %s | %s |\n", class, id, id, name, level, class, message
      }
    ' "$file"
  done | sort -t $'\t' -k1,1 -k2,2n | cut -f3
}

case "${1:-}" in
  "") print_table ;;
  --update)
    grep -qF "$start_marker" "$doc" && grep -qF "$end_marker" "$doc" \
      || { echo "list-log-events: $doc lacks the markers $start_marker and $end_marker." >&2; exit 1; }
    table="$(print_table)"
    awk -v start="$start_marker" -v end="$end_marker" -v table="$table" '
      $0 == start { print; print table; skipping = 1; next }
      $0 == end { skipping = 0 }
      !skipping { print }
    ' "$doc" > "$doc.tmp"
    mv "$doc.tmp" "$doc"
    echo "list-log-events: updated the table in $doc."
    ;;
  *) echo "Usage: bash scripts/list-log-events.sh [--update]" >&2; exit 2 ;;
esac
