#!/usr/bin/env bash
# Makes sure PostgreSQL's server programs (initdb, pg_ctl) are on this machine for the storage tests'
# throwaway clusters (tests/helpers/postgres.ts), installing them from the package manager when
# missing. `start DIR` also starts a cluster in DIR and prints its URL (for CFO_DATABASE_URL);
# `stop DIR` stops it and deletes DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

have_postgres() {
  { command -v initdb && command -v pg_ctl; } >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

install_postgres() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
  if command -v apt-get >/dev/null; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  elif command -v dnf >/dev/null; then
    $sudo dnf install -y -q postgresql-server
  elif command -v apk >/dev/null; then
    $sudo apk add --quiet postgresql
  elif command -v brew >/dev/null; then
    brew install --quiet postgresql@15 && brew link --force postgresql@15
  else
    echo "no known package manager: install PostgreSQL (initdb, pg_ctl) by hand; the PostgreSQL storage tests skip themselves until then" >&2
    exit 1
  fi
}

if ! have_postgres; then
  echo "== installing PostgreSQL (initdb not found)"
  install_postgres
fi

case "${1:-}" in
  "") ;;
  start | stop) ./node_modules/.bin/bun tests/helpers/postgres.ts "$1" "${2:?usage: .ci/postgres.sh start|stop DIR}" ;;
  *) echo "usage: .ci/postgres.sh [start DIR | stop DIR]" >&2; exit 2 ;;
esac
