# shellcheck shell=bash
# Shared helpers for xeno's shell scripts. Source it; do not execute it.
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Provides:
#   XENO_ROOT          absolute path of the repository (scripts/..)
#   XENO_CACHE         Debian download cache (default $XENO_ROOT/.cache/debian)
#   xeno_die MSG...    print "<script>: error: MSG" to stderr and exit 1
#   xeno_warn MSG...   print "<script>: warning: MSG" to stderr
#   xeno_info MSG...   print "<script>: MSG" to stderr unless XENO_QUIET=1
#   xeno_need CMD PKG  die with an apt-get hint if CMD is missing

XENO_ROOT=${XENO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
XENO_CACHE=${XENO_CACHE:-$XENO_ROOT/.cache/debian}
_xeno_prog=${XENO_PROG:-$(basename "$0")}

xeno_die()  { printf '%s: error: %s\n' "$_xeno_prog" "$*" >&2; exit 1; }
xeno_warn() { printf '%s: warning: %s\n' "$_xeno_prog" "$*" >&2; }
xeno_info() { [ "${XENO_QUIET:-0}" = 1 ] || printf '%s: %s\n' "$_xeno_prog" "$*" >&2; }

xeno_need() {
    command -v "$1" >/dev/null 2>&1 ||
        xeno_die "'$1' not found; install the Debian package '$2' (apt-get install $2)"
}
