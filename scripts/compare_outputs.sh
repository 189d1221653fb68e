#!/usr/bin/env bash
# The refactor's check: two svf binaries give the same bytes on every shipped input.
#
#   scripts/compare_outputs.sh OLD_BIN NEW_BIN
#
# Runs OLD_BIN and NEW_BIN over the same inputs (the demo bucket, spec/examples, tests/corpus,
# fuzz/corpus/{report,rcc_and_lead_times,table}, demo/, tests/data/, data/), each case once per
# binary in a folder of its own under one temporary folder, and compares per case: standard
# output, standard error, the exit code and every file the case wrote (recursively, `diff -r`).
# Prints `same: CASE` or `DIFFERENT: CASE` per case and a closing `compare: N same, M different`;
# exits 1 when any case differs (the diffs are then kept, and their folder is named on stderr).
# Set KEEP=1 to keep the temporary folder in any case.
#
# How the two runs are made alike, so that nothing needs normalising that is not legitimately
# different:
# - Every input is copied once into a shared folder ($TMP/in) with fixed modification times
#   (receipt times in svf are files' modification times), and both binaries read those same
#   copies. Uploads added to a bucket get fixed, distinct modification times too.
# - Each binary is run through a symbolic link named `svf` (clap prints argv[0]'s name in its
#   usage lines), with the case's own folder as working directory, outputs at relative paths.
# - `svf decide` is always given --decided-on (its default is today's date).
# - Where a case needs the demo's stored assessments as input (payments, budget), both binaries
#   read the same copies: the ones the OLD binary's demo case wrote.
# - Cases that continue a bucket (decide --bucket, process, status, watch) start from a copy
#   (cp -a, times kept) of that side's bucket after the previous step.
#
# Normalisations (applied to stdout, stderr and every file written, on both sides alike), each
# found by running one binary twice, and once against a copy of itself with another commit id
# patched in, and diffing:
# 1. The case's folder: each side runs under $TMP/old or $TMP/new, and svf prints absolute,
#    canonical paths of its bucket (`svf demo`'s closing lines, `svf decide --bucket`'s
#    `recorded …`); that prefix becomes `@TMP@`.
# 2. The binary's own path (the `svf` link's path, and the real path given on the command line)
#    becomes `svf`, should it be printed.
# 3. The commit svf was built from (build.rs: `git describe --always --dirty`, which differs
#    between builds of different commits and gains `-dirty` in a changed checkout): in stored
#    assessments and payments.json as `"commit": "…"` and in the summary page's footer as
#    `svf 0.1.0 (…)`; the id becomes `@COMMIT@`. svf's version (`0.1.0`) is kept: a refactor
#    does not change it.
# 4. The clock of a summary run: the history (`history/{year}/*.json`, `"at": "…"`) records when
#    the summary was written, and the summary page lists it (`<h3>2026-12-07 04:48</h3>`), so
#    two runs a second apart differ there; the time becomes `@CLOCK@`, in those files only. The
#    page's SHA-256 in payments.json's `generation` then differs too and becomes `@PAGE@`: the
#    page itself is compared, normalised, as a file of its own.
# No other "generated at" instant or build id was found: notification ids come from the
# upload's key, content and modification time, all fixed here.
set -euo pipefail
shopt -s nullglob dotglob

if [[ $# -ne 2 ]]; then
    echo "usage: $0 OLD_BIN NEW_BIN" >&2
    exit 2
fi
OLD_BIN=$(realpath -e "$1")
NEW_BIN=$(realpath -e "$2")
for bin in "$OLD_BIN" "$NEW_BIN"; do
    [[ -x $bin ]] || { echo "$0: $bin is not executable" >&2; exit 2; }
done
REPO=$(realpath "$(dirname "${BASH_SOURCE[0]}")/..")
export LC_ALL=C TZ=UTC
# In memory (/dev/shm, about 120 MB) unless TMPDIR says otherwise: thousands of small files are
# written, copied and removed, and on a disk shared with a cargo build that takes minutes.
if [[ -z ${TMPDIR:-} && -d /dev/shm && -w /dev/shm ]]; then
    TMPDIR=/dev/shm
fi
TMP=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/svf-compare.XXXXXX")")
cleanup() {
    if [[ ${KEEP:-0} == 1 || ${DIFFERENT:-0} -gt 0 ]]; then
        echo "compare_outputs: outputs and diffs kept in $TMP (diffs: $TMP/diff)" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT

# The shared, read-only inputs, with fixed modification times.
IN=$TMP/in
mkdir -p "$IN/fuzz" "$IN/tests" "$IN/demo-assessments"
cp -r "$REPO/spec" "$REPO/demo" "$REPO/data" "$IN/"
cp -r "$REPO/tests/corpus" "$REPO/tests/data" "$IN/tests/"
for corpus in report rcc_and_lead_times table decision; do
    cp -r "$REPO/fuzz/corpus/$corpus" "$IN/fuzz/"
done
# A sample decision (contract §6) for `svf payments` and `svf budget`: Norrbotten not paid the
# second payment of 2024.
cat >"$IN/decision-2024-25.json" <<'EOF'
{"schema": "svf-decision/1", "agreement_year": 2024, "region_code": "25",
 "decided_by": "Socialdepartementet", "decided_on": "2024-12-02", "case": "S2024/01009",
 "parts": [{"id": "second", "eligible": false, "reason": "Inklusionsmålet nås inte"}]}
EOF
cat >"$IN/rules-2024.json" <<'EOF'
{"schema": "svf-rules/1", "agreement_year": 2024, "inclusion_goal_percent": 80, "deadline": "10-15", "policy": "withhold"}
EOF
cat >"$IN/rules-2026.json" <<'EOF'
{"schema": "svf-rules/1", "agreement_year": 2026, "lead_time_goal_percent": 75, "policy": "withhold"}
EOF
echo '{"schema": "svf-rules/1", "inclusion_goal_percent": 170}' >"$IN/rules-bad.json"
find "$IN" -exec touch -h -d '2024-09-15T08:00:00Z' {} +

for side in old new; do
    mkdir -p "$TMP/$side/bin" "$TMP/$side/run" "$TMP/$side/cmp"
done
ln -s "$OLD_BIN" "$TMP/old/bin/svf"
ln -s "$NEW_BIN" "$TMP/new/bin/svf"
mkdir -p "$TMP/diff"

# The normalisations above, in place, on every file under $TMP/$1/cmp (side $1).
normalise() {
    local side=$1 real
    if [[ $side == old ]]; then real=$OLD_BIN; else real=$NEW_BIN; fi
    N_LINK="$TMP/$side/bin/svf" N_REAL="$real" N_RUN="$TMP/$side" \
        find "$TMP/$side/cmp" -type f -exec perl -pi -e '
            s/\Q$ENV{N_LINK}\E/svf/g;
            s/\Q$ENV{N_REAL}\E/svf/g;
            s/\Q$ENV{N_RUN}\E/\@TMP\@/g;
            s/("commit":\s*")[^"]*(")/$1\@COMMIT\@$2/g;
            s/(svf \d+\.\d+\.\d+\S* \()[^()\s]*(\))/$1\@COMMIT\@$2/g;
            if ($ARGV =~ m{/history/\d+/[^/]+\.json$}) {
                s/("at":\s*")\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(")/$1\@CLOCK\@$2/g;
            }
            if ($ARGV =~ m{/summary/\d+/index\.html$}) {
                s{<h3>\d{4}-\d\d-\d\d \d\d:\d\d</h3>}{<h3>\@CLOCK\@</h3>}g;
            }
            if ($ARGV =~ m{/payments\.json$}) {
                s{("summary/\d+/index\.html":\s*")[0-9a-f]{64}(")}{$1\@PAGE\@$2}g;
            }
        ' {} +
}

declare -i CASES=0 SAME=0 DIFFERENT=0
declare -a NAMES=()
LAST=
# run NAME ARGS...: one case, run by both binaries; what it gave is kept under
# $TMP/{old,new}/cmp/ID (stdout, stderr, exit, files/) and compared at the end. FROM=ID starts
# each side's folder from a copy of that side's folder after case ID; SETUP=FUNCTION runs in the
# folder first; STDIN=FILE feeds standard input.
run() {
    local name=$1 side id dir cmp rc written
    shift
    CASES+=1
    printf -v id '%03d' "$CASES"
    NAMES[CASES]=$name
    if [[ -z ${FROM:-} ]]; then
        mkdir "$TMP/old/run/$id" "$TMP/new/run/$id" "$TMP/old/cmp/$id" "$TMP/new/cmp/$id"
    else
        mkdir "$TMP/old/cmp/$id" "$TMP/new/cmp/$id"
    fi
    for side in old new; do
        dir=$TMP/$side/run/$id
        cmp=$TMP/$side/cmp/$id
        if [[ -n ${FROM:-} ]]; then
            cp -a "$TMP/$side/run/$FROM" "$dir"
        fi
        if [[ -n ${SETUP:-} ]]; then
            (cd "$dir" && "$SETUP")
        fi
        rc=0
        (cd "$dir" && exec timeout 120 "$TMP/$side/bin/svf" "$@") \
            <"${STDIN:-/dev/null}" >"$cmp/stdout" 2>"$cmp/stderr" || rc=$?
        echo "$rc" >"$cmp/exit"
        # The files written (the run folder stays as it is, for the cases that continue it).
        written=("$dir"/*)
        if [[ ${#written[@]} -gt 0 ]]; then
            cp -a "$dir" "$cmp/files"
        fi
    done
    LAST=$id
}

# Normalises both sides, then compares every case: one line each, and the closing count.
compare_all() {
    local -A differs=()
    local -i n
    local id line
    normalise old
    normalise new
    while IFS= read -r line; do
        # `Files A/cmp/ID/… and B/…  differ`, `Only in A/cmp/ID…: name`
        if [[ $line =~ /old/cmp/([0-9]+) || $line =~ /new/cmp/([0-9]+) ]]; then
            differs[${BASH_REMATCH[1]}]=1
        else
            echo "compare_outputs: unexpected diff output: $line" >&2
            exit 2
        fi
    done < <(diff -rq "$TMP/old/cmp" "$TMP/new/cmp" || true)
    for ((n = 1; n <= CASES; n++)); do
        printf -v id '%03d' "$n"
        if [[ -n ${differs[$id]:-} ]]; then
            DIFFERENT+=1
            diff -r "$TMP/old/cmp/$id" "$TMP/new/cmp/$id" >"$TMP/diff/$id-diff.txt" 2>&1 || true
            echo "DIFFERENT: ${NAMES[n]} (diff: $id-diff.txt)"
        else
            SAME+=1
            echo "same: ${NAMES[n]}"
        fi
    done
}

# --- help and usage -------------------------------------------------------------------------
run "--help" --help
run "--version" --version
for sub in allocate assess payments decide process demo watch status budget checker; do
    run "$sub --help" "$sub" --help
done
run "help assess" help assess
run "no subcommand"
run "unknown subcommand" frobnicate

# --- demo -----------------------------------------------------------------------------------
run "demo bucket" demo bucket
DEMO=$LAST
cp "$TMP/old/run/$DEMO/bucket/assessments/2024/"*.json "$IN/demo-assessments/"
touch -d '2024-09-15T08:00:00Z' "$IN/demo-assessments" "$IN/demo-assessments/"*
FROM=$DEMO run "demo bucket, again (nothing new)" demo bucket
foreign() { echo x >bucket/stray.txt; }
FROM=$DEMO SETUP=foreign run "demo bucket holding a foreign file (refused)" demo bucket
run "demo, default folder" demo

# --- process: the demo bucket with the examples and the broken corpus uploaded ---------------
at() { touch -d "@$1" "$2"; }
add_uploads() {
    local b=bucket f name
    local -i i=0
    mkdir -p $b/reports/2022/03 $b/reports/2024/01 $b/reports/2024/13 $b/reports/2024/25 \
        $b/reports/2026/14 $b/reports/2024/rcc/vast $b/config/2022 $b/config/2026
    cp "$IN/spec/examples/2022-03-uppsala.json" $b/reports/2022/03/redovisning.json
    at 1663660800 $b/reports/2022/03/redovisning.json # 2022-09-20T08:00Z
    cp "$IN/spec/examples/2024-01-stockholm.json" $b/reports/2024/01/ny-version.json
    at 1727510400 $b/reports/2024/01/ny-version.json # 2024-09-28T08:00Z
    # After the deadline, after Halland's demo report: judged on its first accepted one.
    cp "$IN/spec/examples/2024-13-halland-incomplete.json" $b/reports/2024/13/komplettering.json
    at 1728115200 $b/reports/2024/13/komplettering.json # 2024-10-05T08:00Z
    cp "$IN/spec/examples/2024-25-norrbotten-below-inclusion.json" $b/reports/2024/25/ny.json
    at 1727596800 $b/reports/2024/25/ny.json # 2024-09-29T08:00Z
    cp "$IN/spec/examples/2026-14-vastra-gotaland.json" $b/reports/2026/14/redovisning.json
    at 1789891200 $b/reports/2026/14/redovisning.json # 2026-09-20T08:00Z
    cp "$IN/spec/examples/rcc-2024-vast-first.json" $b/reports/2024/rcc/vast/andra.json
    at 1731398400 $b/reports/2024/rcc/vast/andra.json # 2024-11-12T08:00Z
    # The broken corpus, each file uploaded as Stockholm's report, a minute apart.
    for f in "$IN"/tests/corpus/*.json; do
        name=$(basename "$f")
        cp "$f" "$b/reports/2024/01/corpus-$name"
        at $((1727769600 + 60 * i)) "$b/reports/2024/01/corpus-$name" # from 2024-10-01T08:00Z
        i+=1
    done
    # Uploads in the wrong place: another region's key, an unknown region, no region folder.
    mkdir -p $b/reports/2024/24 $b/reports/2024/99
    cp "$IN/spec/examples/2024-25-norrbotten-below-inclusion.json" $b/reports/2024/24/fel-region.json
    cp "$IN/spec/examples/2024-01-stockholm.json" $b/reports/2024/99/okand.json
    cp "$IN/spec/examples/2024-01-stockholm.json" $b/reports/2024/utan-region.json
    at 1727337600 $b/reports/2024/24/fel-region.json
    at 1727337660 $b/reports/2024/99/okand.json
    at 1727337720 $b/reports/2024/utan-region.json
    # Population tables for 2022 and 2026 (so their summaries are made), the agency's
    # wait-time data and a rules file for 2026.
    cp "$IN/demo/populations-2024.csv" $b/config/2022/populations.csv
    cp "$IN/demo/populations-2024.csv" $b/config/2026/populations.csv
    cp "$IN/fuzz/rcc_and_lead_times/lead_times.csv" $b/config/2026/lead_times.csv
    cp "$IN/rules-2026.json" $b/config/2026/rules.json
    at 1780000000 $b/config/2022/populations.csv
    at 1780000000 $b/config/2026/populations.csv
    at 1780000060 $b/config/2026/lead_times.csv
    at 1780000120 $b/config/2026/rules.json
}
decision_args=(--year 2024 --region 25 --case S2024/01009 --part second --eligible yes
    --reason "Pandemins påverkan på inklusionen beaktas" --decided-on 2024-12-02)
FROM=$DEMO SETUP=add_uploads run "decide --bucket (demo bucket with uploads added)" \
    decide --bucket bucket "${decision_args[@]}"
ADDED=$LAST
FROM=$ADDED run "decide --bucket again without --replace (refused)" \
    decide --bucket bucket "${decision_args[@]}"
FROM=$ADDED run "decide --bucket --replace" decide --bucket bucket --replace \
    --year 2024 --region 25 --case S2024/01010 --part second --eligible no \
    --reason "Omprövat" --decided-by Regeringen --decided-on 2024-12-03
FROM=$ADDED run "process (examples, corpus, decision, 2022/2026 config)" process bucket
PROCESSED=$LAST
FROM=$PROCESSED run "process again (nothing new)" process bucket
FROM=$PROCESSED run "status" status bucket
FROM=$PROCESSED run "status --year 2024 --region 25" status bucket --year 2024 --region 25
FROM=$PROCESSED run "status --year 2026" status bucket --year 2026
FROM=$PROCESSED run "status --year 2022 --region 03" status bucket --year 2022 --region 03
FROM=$PROCESSED run "status --region 01" status bucket --region 01
FROM=$DEMO run "status (demo bucket)" status bucket
FROM=$ADDED run "watch --rounds 2 --interval 0.1" watch bucket --rounds 2 --interval 0.1
broken_rules() { echo '{"schema": "svf-rules/1", "policy": "sometimes"}' >bucket/config/2024/rules.json; }
FROM=$PROCESSED SETUP=broken_rules run "process with a broken config/2024/rules.json" process bucket
run "process a missing folder (usage)" process no-such-bucket
run "status a missing folder (usage)" status no-such-bucket

# --- assess -----------------------------------------------------------------------------------
assess_each() {
    local f kind
    for f in "$@"; do
        for kind in json text; do
            run "assess --format $kind ${f#"$IN"/}" assess "$f" --format "$kind"
        done
    done
}
assess_each "$IN"/spec/examples/*.json "$IN"/tests/corpus/*.json "$IN"/fuzz/report/*
assess_each "$IN"/fuzz/rcc_and_lead_times/*.json
for f in "$IN"/spec/examples/*.json; do
    for kind in json text; do
        run "assess --format $kind --received (late) --first-received ${f#"$IN"/}" assess "$f" \
            --format "$kind" --received 2026-10-05T12:00:00Z --first-received 2026-09-28T08:00:00Z
        run "assess --format $kind --received (on time) --rules ${f#"$IN"/}" assess "$f" \
            --format "$kind" --received 2024-09-30T21:59:59Z --rules "$IN/rules-2024.json"
    done
done
run "assess --rules for 2026 (2026 report)" assess "$IN/spec/examples/2026-14-vastra-gotaland.json" \
    --received 2026-09-30T10:00:00Z --rules "$IN/rules-2026.json"
run "assess a bad rules file (usage)" assess "$IN/spec/examples/2024-01-stockholm.json" \
    --rules "$IN/rules-bad.json"
run "assess a bad instant (usage)" assess "$IN/spec/examples/2024-01-stockholm.json" --received yesterday
run "assess a missing file (usage)" assess "$IN/no-such-report.json"
STDIN=$IN/spec/examples/2024-01-stockholm.json run "assess - (standard input)" assess - \
    --received 2024-09-27T08:00:00Z

# --- allocate ---------------------------------------------------------------------------------
pop=$IN/demo/populations-2024.csv
for format in json csv annex; do
    for unit in ore kr; do
        run "allocate demo populations --format $format --unit $unit" \
            allocate "$pop" --total 182500000 --unit "$unit" --format "$format"
    done
    run "allocate demo populations --format $format --total 1234567,89" \
        allocate "$pop" --total "1 234 567,89" --format "$format"
    for f in "$IN"/fuzz/table/* "$IN"/tests/data/*.csv "$IN"/tests/data/*.tsv; do
        run "allocate ${f#"$IN"/} --format $format --unit kr" \
            allocate "$f" --total 182_500_000 --unit kr --format "$format"
    done
done
run "allocate --unit kr, total not a multiple (refused)" allocate "$pop" --total 100,50 --unit kr
run "allocate --total not a number (usage)" allocate "$pop" --total abc
run "allocate a negative total" allocate "$pop" --total -5
STDIN=$pop run "allocate - (standard input)" allocate - --total 365000000 --unit kr --format annex
run "allocate a corpus report as a table (refused)" allocate "$IN/tests/corpus/truncated.json" --total 1

# --- payments ---------------------------------------------------------------------------------
assessments=("$IN"/demo-assessments/*.json)
assessment_flags=()
for f in "${assessments[@]}"; do assessment_flags+=(--assessments "$f"); done
for format in json csv annex; do
    for policy in redistribute withhold; do
        run "payments --format $format --policy $policy" payments --year 2024 \
            --populations "$pop" --policy "$policy" --format "$format" "${assessments[@]}"
        run "payments --format $format --policy $policy --decisions" payments --year 2024 \
            --populations "$pop" --policy "$policy" --format "$format" \
            --decisions "$IN/decision-2024-25.json" "${assessments[@]}"
        run "payments --format $format --policy $policy, 3 regions without assessment" \
            payments --year 2024 --populations "$pop" --policy "$policy" --format "$format" \
            "${assessments[@]:3}"
    done
done
run "payments, one assessment twice (refused)" payments --year 2024 --populations "$pop" \
    "${assessments[@]}" "${assessments[0]}"
run "payments, wrong year (refused)" payments --year 2026 --populations "$pop" "${assessments[@]}"
run "payments, decision of another year (refused)" payments --year 2024 --populations "$pop" \
    --decisions "$IN/fuzz/decision/grant-2022.json" "${assessments[@]}"
run "payments 2022, no assessments, with a decision" payments --year 2022 --populations "$pop" \
    --decisions "$IN/fuzz/decision/grant-2022.json"
run "payments 2026, no assessments, with a decision" payments --year 2026 --populations "$pop" \
    --decisions "$IN/fuzz/decision/2026-two-parts.json" --format annex
run "payments, the published annex as the population table" payments --year 2024 \
    --populations "$IN/tests/data/annex-2024-second-payment.tsv" "${assessments[@]}"

# --- budget -----------------------------------------------------------------------------------
for format in table tsv; do
    run "budget 2024 --format $format (no --halland: exit 1)" budget 2024 --format "$format"
    run "budget 2024 --halland demo --format $format" budget 2024 \
        --halland "$IN/demo/halland-2024.csv" --format "$format"
    run "budget 2024 --halland tests/data --populations tests/data --format $format" budget 2024 \
        --halland "$IN/tests/data/halland-2023-12.csv" \
        --populations "$IN/tests/data/populations-2024-11-with-halland-2023-12.csv" \
        --format "$format"
    run "budget 2024 --halland demo --assessments --decisions --format $format" budget 2024 \
        --halland "$IN/demo/halland-2024.csv" --format "$format" \
        "${assessment_flags[@]}" \
        --decisions "$IN/decision-2024-25.json"
    run "budget 2026 --agreement --populations --format $format" budget 2026 \
        --agreement "$IN/data/agreement-2024-allocation.tsv" --populations "$pop" \
        --format "$format"
    run "budget 2026 --agreement --populations --halland --format $format" budget 2026 \
        --agreement "$IN/data/agreement-2024-allocation.tsv" --populations "$pop" \
        --halland "$IN/demo/halland-2024.csv" --format "$format"
done
run "budget 2024, halland not summing to the table (refused)" budget 2024 \
    --halland "$IN/tests/data/halland-2023-12.csv"
run "budget 2026 without --agreement (refused)" budget 2026
run "budget 2030 (refused)" budget 2030

# --- decide -----------------------------------------------------------------------------------
run "decide --out" decide --out decision.json "${decision_args[@]}"
run "decide to standard output, 2026, two parts" decide --year 2026 --region 14 --case S2026/1 \
    --part second_a --eligible yes --reason "Beviljas" --part second_b --eligible no \
    --reason "Ledtiderna nås inte" --decided-by "Socialdepartementet" --decided-on 2026-12-01
run "decide an unknown part (refused)" decide --out decision.json --year 2024 --region 25 \
    --case S1 --part second_b --eligible yes --reason r --decided-on 2024-12-02
run "decide a blank reason (refused)" decide --year 2024 --region 25 --case S1 --part second \
    --eligible yes --reason " " --decided-on 2024-12-02
run "decide, parts and reasons not paired (usage)" decide --year 2024 --region 25 --case S1 \
    --part second --eligible yes --decided-on 2024-12-02
run "decide --bucket a missing folder (usage)" decide --bucket no-such-bucket "${decision_args[@]}"

# --- checker ----------------------------------------------------------------------------------
run "checker --out FILE" checker --out checker.html
run "checker to standard output" checker

compare_all
echo "compare: $SAME same, $DIFFERENT different"
[[ $DIFFERENT -eq 0 ]]
