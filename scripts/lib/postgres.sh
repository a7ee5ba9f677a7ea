# Sourced by scripts/test and scripts/soak: installs what is missing on a fresh Debian machine and starts a
# throwaway PostgreSQL server (initdb into a temp folder, as a non-root user, on a free loopback port), stopped and
# removed on exit. Exports ATLAS_TEST_POSTGRES for the tests.

install_missing() { # extra apt packages the caller needs beyond PostgreSQL
  local need_apt=("$@")
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need_apt+=(postgresql)
  if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing ${need_apt[*]}"
    local sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
}

start_throwaway_postgres() {
  pg_dir=$(mktemp -d /tmp/atlas-pg.XXXXXX)
  run_as=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$pg_dir"
    run_as=(runuser -u postgres --)
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
  echo "== PostgreSQL on 127.0.0.1:$port"
  "${run_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  export ATLAS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

stop_throwaway_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  "${run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
