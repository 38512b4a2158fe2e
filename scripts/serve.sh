#!/usr/bin/env bash
# Start the task worker and the web server; stop both when this script exits,
# however it exits (Ctrl-C, a signal, or one of them failing). Used by `make run`.
set -euo pipefail

cd "$(dirname "$0")/.."
PY=.venv/bin/python
PIDS=()

stop_all() {
    trap - EXIT INT TERM
    if [ "${#PIDS[@]}" -gt 0 ]; then
        kill "${PIDS[@]}" 2>/dev/null || true
        wait "${PIDS[@]}" 2>/dev/null || true
    fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PY" manage.py db_worker &
PIDS+=($!)

"$PY" manage.py demo_signins

echo "Serving on http://127.0.0.1:8000/ (Ctrl-C to stop)"
.venv/bin/gunicorn alongside.wsgi -b 127.0.0.1:8000 --workers 2 --access-logfile - &
PIDS+=($!)
wait "${PIDS[-1]}"
