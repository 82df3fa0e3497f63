#!/usr/bin/env bash
# Times `kubecompass adr` writing every record for the webshop against Debian's adr-tools
# creating the same number of records with `adr new`, in one hyperfine run, and prints the
# medians and their ratio. Needs hyperfine and adr-tools (apt-get install hyperfine adr-tools).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/kubecompass"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp examples/webshop.yaml "$work/"

# How many records kubecompass writes for the webshop, and their titles, for adr-tools to repeat.
(cd "$work" && "$bin" adr webshop.yaml --date 2026-11-22 >/dev/null)
titles="$work/titles.txt"
for f in "$work"/doc/adr/0*.md; do head -1 "$f" | cut -d' ' -f3-; done > "$titles"
count=$(wc -l < "$titles")

cat > "$work/adr-tools.sh" <<SCRIPT
#!/usr/bin/env bash
set -e
cd "$work/tools"
while IFS= read -r title; do VISUAL=true EDITOR=true adr new "\$title" >/dev/null; done < "$titles"
SCRIPT
chmod +x "$work/adr-tools.sh"

hyperfine --style basic --warmup 3 --runs "${RUNS:-30}" --export-json "$work/result.json" \
  --prepare "rm -rf $work/doc $work/tools && mkdir -p $work/tools" \
  -n kubecompass "cd $work && $bin adr webshop.yaml --date 2026-11-22" \
  -n "adr-tools (adr new x$count)" "$work/adr-tools.sh"

python3 - "$work/result.json" "$count" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
medians = {r["command"]: r["median"] for r in results}
ours, theirs = list(medians.values())
print(f"records: {sys.argv[2]}")
for name, m in medians.items():
    print(f"median {name}: {m * 1000:.1f} ms")
print(f"adr-tools / kubecompass: {theirs / ours:.1f}x")
PY
