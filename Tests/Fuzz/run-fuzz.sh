#!/usr/bin/env bash
# Fuzzes one capture reader with libFuzzer + AddressSanitizer.
#   Tests/Fuzz/run-fuzz.sh pcap|pcapng|hex SECONDS [extra libFuzzer flags]
# Builds fuzz-artifacts/READER/fuzz-READER from the engine's Capture, Model and Errors sources plus FuzzHarness.swift,
# writes a seed corpus (make-seeds.py), runs for SECONDS and keeps the grown corpus, crash files and log in
# fuzz-artifacts/READER/. Exit status is non-zero when libFuzzer found a crash, leak or timeout.
set -euo pipefail
reader=${1:?usage: run-fuzz.sh pcap|pcapng|hex SECONDS}
seconds=${2:?usage: run-fuzz.sh pcap|pcapng|hex SECONDS}
shift 2
case "$reader" in
  pcap) flag=FUZZ_PCAP ;;
  pcapng) flag=FUZZ_PCAPNG ;;
  hex) flag=FUZZ_HEX ;;
  *) echo "unknown reader $reader (pcap, pcapng, hex)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$root/fuzz-artifacts/$reader"
mkdir -p "$work/seeds" "$work/corpus" "$work/crashes"
bin="$work/fuzz-$reader"
# Compile a snapshot of the sources, so edits made while fuzzing cannot break the build.
rm -rf "$work/src" && mkdir -p "$work/src"
cp "$root"/Sources/QbitelEngine/Capture/*.swift "$root"/Sources/QbitelEngine/Model/*.swift \
  "$root"/Sources/QbitelEngine/Errors/*.swift "$here/FuzzHarness.swift" "$work/src/"
echo "building $bin" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O -D "$flag" -module-name QbitelFuzz "$work"/src/*.swift \
  -o "$bin" 2> >(grep -v "ld.gold: warning" >&2)
python3 "$here/make-seeds.py" "$reader" "$work/seeds"
echo "fuzzing $reader for $seconds s" >&2
set +e
"$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/" "$@" "$work/corpus" "$work/seeds" 2>&1 | tee "$work/fuzz.log" | grep -E "^#|ERROR|SUMMARY|Done|stat::" | tail -n 40
status=${PIPESTATUS[0]}
set -e
echo "runs/crashes: $(grep -E '^stat::number_of_executed_units' "$work/fuzz.log" || true); crash files: $(ls "$work/crashes" | wc -l)"
exit "$status"
