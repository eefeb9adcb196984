#!/usr/bin/env bash
# bench/history.sh compares redline's revision listing (package history,
# driven by bench/cmd/histbench) with `git log --format=%H -- PATH` on
#   1. the shared corpus bundle (../shared/corpora/pga-versions.bundle,
#      Open Terms Archive data, ODC-By 1.0), cloned to a temporary folder;
#   2. a deterministic synthetic repository (bench/cmd/synthrepo), packed
#      by git gc so that it also has a commit-graph.
# For each, PATH is one folder and the whole tree. It checks that the lists
# are equal and prints a table: best-of-N CPU time (user+system, steadier
# than wall time on a shared machine; wall time in the last column), ratio
# to git (target <= 2x), peak RSS (target <= 300 MB) and the time of a
# cached run after one new commit against the cold run (target <= 10%).
#
# A second table, "classified history", times `redline log --format json`
# (the whole pipeline: walk, parse, align, classify, JSON) against
# `git log -p --word-diff -- PATH` on the corpus (target <= 2x) and on the
# synthetic repository (target <= 1x; RSS <= 300 MB at COMMITS=20000)
# and on one 5 MB page revised 60 times (target <= 2x), then a warm run on
# this repository's own content (target <= 3x),
# best of CLASSIFY_RUNS runs (default 3: a run over the corpus takes
# seconds). SKIP_CLASSIFIED=1 leaves it out.
#
# usage: bench/history.sh            (from the module root)
#   COMMITS=5000 DOCS=200 RUNS=5 bench/history.sh
set -euo pipefail

cd "$(dirname "$0")/.."
COMMITS=${COMMITS:-5000}
DOCS=${DOCS:-200}
RUNS=${RUNS:-5}
BUNDLE=${BUNDLE:-../shared/corpora/pga-versions.bundle}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org

go build -o "$work/histbench" ./bench/cmd/histbench
go build -o "$work/synthrepo" ./bench/cmd/synthrepo
go build -o "$work/runbest" ./bench/cmd/runbest
go build -o "$work/redline" ./cmd/redline
hb="$work/histbench"

# measure CMD...: "WALL CPU RSS" of a command, best of RUNS runs.
measure() { "$work/runbest" -n "$RUNS" "$@"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) b = 1; printf "%.2f", a / b }'; }

row() { # row NAME REPO PATH FILE-TO-EDIT
	local name=$1 repo=$2 path=$3 edit=$4
	local gitout="$work/git.txt" ours="$work/ours.txt" status=ok
	git -C "$repo" log --format=%H -- "$path" >"$gitout"
	"$hb" -repo "$repo" -paths "$path" -full -hashes >"$ours"
	cmp -s "$gitout" "$ours" || status=DIFFERENT
	local n; n=$(wc -l <"$gitout")
	local g f o gw ow rss
	read -r gw g _ < <(measure git -C "$repo" log --format=%H -- "$path")
	read -r _ f _ < <(measure git -C "$repo" log --format='%H%n%an%n%ae%n%ad%n%B' --name-status -- "$path")
	read -r ow o rss < <(measure "$hb" -repo "$repo" -paths "$path" -full -hashes)

	# Incremental: fill a cache, add one commit, time the cached run. Each
	# timed run starts from the cache as it was before the commit, so it
	# pays for everything a real run after one commit does, saving included.
	local cache="$work/cache-$RANDOM"
	"$hb" -repo "$repo" -paths "$path" -full -cache "$cache" >/dev/null
	cp -r "$cache" "$cache.before"
	echo "bench edit $(date +%s%N)" >>"$repo/$edit"
	git -C "$repo" commit -q -am "bench: one more commit"
	local cold incr
	read -r _ cold _ < <(measure "$hb" -repo "$repo" -paths "$path" -full -hashes)
	read -r _ incr _ < <("$work/runbest" -n "$RUNS" -setup "rm -rf '$cache' && cp -r '$cache.before' '$cache'" \
		"$hb" -repo "$repo" -paths "$path" -full -cache "$cache" -hashes)
	git -C "$repo" reset -q --hard HEAD~1
	printf "| %-22s | %-18s | %5s | %5s | %6s | %6s | %6s | %5s | %7s | %4s | %5s | %5s | %9s |\n" \
		"$name" "$path" "$n" "$status" "$g" "$f" "$o" "$(ratio "$o" "$g")" "$(ratio "$o" "$f")" "$(ratio "$ow" "$gw")" "$rss" "$incr" "$(ratio "$incr" "$cold")"
}

printf "| %-22s | %-18s | %5s | %5s | %6s | %6s | %6s | %5s | %7s | %4s | %5s | %5s | %9s |\n" \
	repository path revs equal "git" "+files" "ours" "x git" "x files" "wall" "RSS" "incr" "incr/cold"
echo "|------------------------|--------------------|-------|-------|--------|--------|--------|-------|---------|------|-------|-------|-----------|"

if [ -f "$BUNDLE" ]; then
	git clone -q "$BUNDLE" "$work/corpus"
	row "corpus (no graph)" "$work/corpus" Facebook "Facebook/Terms of Service.md"
	row "corpus (no graph)" "$work/corpus" . "Facebook/Terms of Service.md"
else
	echo "($BUNDLE not found: corpus rows skipped)" >&2
fi

git init -q -b main "$work/synth"
"$work/synthrepo" -commits "$COMMITS" -docs "$DOCS" | git -C "$work/synth" fast-import --quiet
git -C "$work/synth" reset -q --hard main
git -C "$work/synth" gc -q
edit=$(cd "$work/synth" && ls content/section-03/*.md | head -1)
row "synthetic $COMMITS (graph)" "$work/synth" content/section-03 "$edit"
row "synthetic $COMMITS (graph)" "$work/synth" . "$edit"
echo
echo "CPU ms (user+system), best of $RUNS runs. git: git log --format=%H -- PATH; +files: the same with author, message"
echo "and --name-status (what redline also reads); ours: histbench -full (history.Log with metadata and changed files);"
echo "x git: ours/git CPU; x files: ours/(+files) CPU, the same work on both sides; wall: ours/git wall time;"
echo "RSS: peak MB of ours; incr: a cached run after one new commit, from the cache as it was before it (saving"
echo "the cache included); incr/cold: incr against an uncached run."

# Classified history: redline log --format json against git's word diff.
classified() { # classified NAME REPO PATH
	local name=$1 repo=$2 path=$3 runs=${CLASSIFY_RUNS:-3}
	local gw g ow o rss n iw i cache="$work/diffcache-$RANDOM"
	n=$(git -C "$repo" log --first-parent --format=%H -- "$path" | wc -l)
	read -r gw g _ < <("$work/runbest" -n "$runs" git -C "$repo" log -p --word-diff -- "$path")
	read -r ow o rss < <("$work/runbest" -n "$runs" "$work/redline" --repo "$repo" --no-cache log --format json -- "$path")
	# Incremental: the caches as a run before the newest commit left them,
	# restored before each timed run.
	local tip; tip=$(git -C "$repo" rev-parse HEAD)
	git -C "$repo" checkout -q --detach HEAD~1
	"$work/redline" --repo "$repo" --cache-dir "$cache" log --format json -- "$path" >/dev/null
	git -C "$repo" checkout -q --detach "$tip"
	cp -r "$cache" "$cache.before"
	read -r iw i _ < <("$work/runbest" -n "$runs" -setup "rm -rf '$cache' && cp -r '$cache.before' '$cache'" \
		"$work/redline" --repo "$repo" --cache-dir "$cache" log --format json -- "$path")
	"$work/redline" --repo "$repo" --cache-dir "$cache" log --format json -- "$path" | cmp -s - <("$work/redline" --repo "$repo" --no-cache log --format json -- "$path") ||
		echo "warning: the cached run's output differs from the uncached run's" >&2
	rm -rf "$cache" "$cache.before"
	printf "| %-22s | %-18s | %5s | %7s | %7s | %7s | %7s | %6s | %5s | %7s | %9s |\n" \
		"$name" "$path" "$n" "$g" "$gw" "$o" "$ow" "$(ratio "$o" "$g")" "$rss" "$i" "$(ratio "$i" "$o")"
}

if [ "${SKIP_CLASSIFIED:-}" != 1 ]; then
	echo
	echo "classified history: redline log --format json vs git log -p --word-diff"
	echo
	printf "| %-22s | %-18s | %5s | %7s | %7s | %7s | %7s | %6s | %5s | %7s | %9s |\n" \
		repository path revs "git cpu" "git wal" "ours" "ours wl" "x git" "RSS" "incr" "incr/cold"
	echo "|------------------------|--------------------|-------|---------|---------|---------|---------|--------|-------|---------|-----------|"
	if [ -f "$BUNDLE" ]; then
		rm -rf "$work/corpus" && git clone -q "$BUNDLE" "$work/corpus"
		classified "corpus" "$work/corpus" Facebook
		classified "corpus" "$work/corpus" .
	fi
	# The synthetic history: peak RSS should follow its largest page, not
	# its length (compare COMMITS=5000 with COMMITS=20000).
	classified "synthetic $COMMITS" "$work/synth" content
	# One page of about 5 MB revised 60 times, a few words at a time.
	git init -q -b main "$work/large"
	"$work/synthrepo" -commits 60 -large-page 5000000 | git -C "$work/large" fast-import --quiet
	git -C "$work/large" reset -q --hard main
	git -C "$work/large" gc -q
	classified "large page 5 MB" "$work/large" content
	echo
	echo "CPU and wall ms, best of ${CLASSIFY_RUNS:-3} runs; ours: redline --no-cache log --format json (first-parent"
	echo "history, each revision's changed pages parsed, aligned and classified); x git: ours/git CPU; RSS: peak MB of ours;"
	echo "incr: CPU of a cached run after one new commit, from the caches as the run before it left them; incr/cold: incr/ours."

	# This repository's own content with warm caches: what a maintainer
	# runs again and again (target <= 3x git). Most of it is starting the
	# process, so the best of many runs.
	warmcache="$work/warmcache"
	"$work/redline" --cache-dir "$warmcache" log --format json -- content >/dev/null
	read -r gw g _ < <("$work/runbest" -n 21 git log -p --word-diff -- content)
	read -r ow o _ < <("$work/runbest" -n 21 "$work/redline" --cache-dir "$warmcache" log --format json -- content)
	read -r vw _ _ < <("$work/runbest" -n 21 "$work/redline" version)
	echo
	echo "this repository, warm caches (log --format json -- content): git ${gw} ms wall, ours ${ow} ms wall ($(ratio "$ow" "$gw")x; CPU $(ratio "$o" "$g")x); starting the process alone (redline version): ${vw} ms"
fi
