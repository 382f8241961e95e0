# Sourced by the eng/ scripts: their output helpers and the end of their argument parsing. The sourcing script
# defines usage() and sets quiet=1 for --quiet.

say() { [ "${quiet:-0}" -eq 1 ] || echo "$@"; }
die() { echo "error: $*" >&2; exit 1; }

# The last case of an argument loop: -h/--help prints the usage (exit 0), anything else is a usage error (exit 2).
help_or_usage_error() {
  case "$1" in
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
}
