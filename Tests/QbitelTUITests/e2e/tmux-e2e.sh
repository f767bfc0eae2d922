#!/usr/bin/env bash
# End-to-end test of the workbench: the real binary in tmux on a sample capture. Sends keys and asserts on the
# captured screen after each step, waiting until the assertion holds (never on fixed timings). Checks the message
# list, the hex view, a field selected, the help overlay, resize, and that quit, Ctrl-C, SIGTERM and SIGTSTP/SIGCONT
# leave the terminal restored. Also checks that without a TTY or with TERM=dumb it exits with error 9008.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
CAPTURE=${1:-sample-captures/ntp.pcap}
command -v tmux >/dev/null || { echo "tmux-e2e: tmux is not installed"; exit 1; }
swift build --product qbitel >/dev/null 2>&1 || swift build --product qbitel
BIN="$(swift build --show-bin-path)/qbitel"
WORK=$(mktemp -d)
SESSION="qbitel-e2e-$$"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null || true; rm -rf "$WORK"' EXIT
PASS=0

fail() { echo "FAIL: $*"; echo "---- screen ----"; tmux capture-pane -t "$SESSION" -p 2>/dev/null || true; exit 1; }
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
screen() { tmux capture-pane -t "$SESSION" -p; }
# wait_for TEXT [SECONDS]: until the screen contains TEXT.
wait_for() {
  local deadline=$((SECONDS + ${2:-20}))
  while ((SECONDS < deadline)); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  fail "timed out waiting for '$1'"
}
wait_gone() {
  local deadline=$((SECONDS + ${2:-10}))
  while ((SECONDS < deadline)); do
    screen | grep -qF -- "$1" || return 0
    sleep 0.1
  done
  fail "'$1' still on screen"
}
# The terminal is sane again: canonical mode and echo on.
check_restored() {
  local tty; tty=$(tmux display -p -t "$SESSION" '#{pane_tty}')
  local s; s=$(stty -F "$tty" -a)
  grep -qw -- "icanon" <<<"$s" && ! grep -qw -- "-icanon" <<<"$s" || fail "$1: terminal left without icanon"
  grep -qw -- "echo" <<<"$s" && ! grep -qw -- "-echo" <<<"$s" || fail "$1: terminal left without echo"
  ok "$1: terminal restored (icanon, echo)"
}
# start: run the workbench in a fresh session; the pid goes to $WORK/pid, the exit status is printed as EXIT:n.
start() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  tmux new-session -d -s "$SESSION" -x 160 -y 45 \
    "bash -c 'sh -c \"echo \\\$\\\$ > $WORK/pid; exec $BIN open $CAPTURE\"; echo EXIT:\$?; sleep 120'"
  wait_for "1 Messages"
}

# 1. No TTY and TERM=dumb: one clear line, code 9008, non-zero exit, no hang.
set +e
timeout 10 "$BIN" open "$CAPTURE" </dev/null >"$WORK/out" 2>"$WORK/err"; rc=$?
set -e
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "error 9008" "$WORK/err" || fail "no-TTY run: rc=$rc, stderr: $(cat "$WORK/err")"
ok "no TTY: exits $rc with error 9008"
tmux new-session -d -s "$SESSION" -x 100 -y 20 "TERM=dumb $BIN open $CAPTURE; echo EXIT:\$?; sleep 60"
wait_for "EXIT:1"
screen | grep -q "error 9008" || fail "TERM=dumb should print error 9008"
ok "TERM=dumb: error 9008"

# 2. First screen: message list, hex view, status bar; discovery finishes in the background.
start
wait_for "discovery done" 60
screen | grep -qE "▶ +1 " || fail "first message not listed and selected"
ok "message list shows frame 1 selected"
screen | grep -qF "000000 " || fail "hex view offset column missing"
ok "hex view shows offset column"

# 3. Drill into the bytes, move the cursor, select a field.
tmux send-keys -t "$SESSION" Enter l l
wait_for "cursor 2"
ok "hex cursor moves"
tmux send-keys -t "$SESSION" Enter
wait_for "3 Fields"
screen | grep -qF "field f" || fail "no field selected under the cursor"
screen | grep -qF "3 Fields" | head -1
ok "a field is selected (inspector names it)"
tmux send-keys -t "$SESSION" j
wait_for "cursor"
ok "field selection moves"

# 4. Help overlay opens and closes.
tmux send-keys -t "$SESSION" "?"
wait_for "Help — keys"
screen | grep -qF "zoom the focused pane" || fail "help overlay does not list the zoom key"
ok "help overlay lists bindings"
tmux send-keys -t "$SESSION" Escape
wait_gone "Help — keys"
ok "help overlay closes"

# 4b. Metrics screen: discovery's phase times are on it after the run.
tmux send-keys -t "$SESSION" "P"
wait_for "Metrics (Esc closes"
screen | grep -qF "messages processed" || fail "metrics screen does not show messages processed"
screen | grep -qF "phase " || fail "metrics screen shows no discovery phase"
ok "metrics screen shows discovery figures"
tmux send-keys -t "$SESSION" Escape
wait_gone "Metrics (Esc closes"
ok "metrics screen closes"

# 5. Resize: the layout follows.
tmux resize-window -t "$SESSION" -x 100 -y 30
deadline=$((SECONDS + 10))
first_line_ok() {
  local l; l=$(screen | head -1)
  [ "$(printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m)" -eq 100 ] && grep -qF "1 Messages" <<<"$l" && grep -qE "[┐┓]$" <<<"$l"
}
until first_line_ok; do
  ((SECONDS < deadline)) || fail "layout did not follow the resize"
  sleep 0.1
done
ok "resize to 100x30 re-lays out"
tmux resize-window -t "$SESSION" -x 50 -y 12
wait_for "terminal too small"
tmux resize-window -t "$SESSION" -x 160 -y 45
wait_for "1 Messages"
ok "too-small screen and back"

# 6. Quit with q: exit 0 and the terminal restored.
tmux send-keys -t "$SESSION" q
wait_for "EXIT:0"
check_restored "q"

# 7. Ctrl-C quits cleanly.
start
tmux send-keys -t "$SESSION" C-c
wait_for "EXIT:0"
check_restored "Ctrl-C"

# 8. SIGTERM quits with the terminal restored.
start
kill -TERM "$(cat "$WORK/pid")"
wait_for "EXIT:"
check_restored "SIGTERM"

# 9. Suspend and resume under an interactive shell with job control (as an analyst runs it): SIGTSTP leaves the
#    workbench and shows the shell, `fg` brings it back repainted, and Ctrl-Z does the same.
tmux kill-session -t "$SESSION" 2>/dev/null || true
tmux new-session -d -s "$SESSION" -x 160 -y 45 "env PS1='e2e\$ ' bash --norc --noprofile -i"
wait_for 'e2e$'
tmux send-keys -t "$SESSION" "sh -c 'echo \$\$ > $WORK/pid; exec $BIN open $CAPTURE'; echo EXIT:\$?" Enter
wait_for "1 Messages"
pid=$(cat "$WORK/pid")
kill -TSTP "$pid"
wait_for "Stopped"
[ "$(awk '{print $3}' "/proc/$pid/stat")" = "T" ] || fail "SIGTSTP did not stop the process"
screen | grep -qF "1 Messages" && fail "workbench still drawn while stopped"
ok "SIGTSTP: stopped, shell screen back"
tmux send-keys -t "$SESSION" "clear; fg" Enter
wait_for "1 Messages"
ok "fg: workbench repainted"
tmux send-keys -t "$SESSION" C-z
wait_for "Stopped"
ok "Ctrl-Z suspends"
tmux send-keys -t "$SESSION" "clear; fg" Enter
wait_for "1 Messages"
tmux send-keys -t "$SESSION" q
deadline=$((SECONDS + 10))
while [ -e "/proc/$pid" ]; do
  ((SECONDS < deadline)) || fail "did not quit after resume"
  sleep 0.1
done
wait_gone "1 Messages"
ok "quit after resume"

echo "tmux-e2e: all $PASS checks passed"
