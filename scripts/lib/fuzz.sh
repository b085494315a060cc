# libFuzzer targets (fuzz/): install clang, build them in their own directory, run each for a
# given time. Sourced after common.sh by scripts/test (smoke) and bench/fuzz/run (long runs).

DROVE_FUZZ_PACKAGES=(clang libclang-rt-14-dev)
DROVE_FUZZ_BUILD_DIR="${DROVE_FUZZ_BUILD_DIR:-$DROVE_ROOT/build-fuzz}"
DROVE_FUZZ_TARGETS=(fuzz_operation fuzz_appspec fuzz_responses fuzz_applications fuzz_duration
                    fuzz_inifile fuzz_embeddedconfig fuzz_httpframing)

drove_build_fuzz() {
    drove_install_packages "${DROVE_FUZZ_PACKAGES[@]}"
    local generator=()
    if [ ! -f "$DROVE_FUZZ_BUILD_DIR/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
        generator=(-G Ninja)
    fi
    log "Configuring the fuzz targets in $DROVE_FUZZ_BUILD_DIR (clang, ASan+UBSan+libFuzzer)"
    cmake -S "$DROVE_ROOT" -B "$DROVE_FUZZ_BUILD_DIR" "${generator[@]}" \
        -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Fuzz \
        "-DCMAKE_CXX_FLAGS_FUZZ=-O1 -gline-tables-only" \
        -DDROVE_BUILD_FUZZ=ON -DDROVE_BUILD_TESTS=OFF -DDROVE_BUILD_BENCH=OFF >/dev/null
    cmake --build "$DROVE_FUZZ_BUILD_DIR" --parallel "$(nproc)" --target fuzz_all
}

# drove_run_fuzz SECONDS_PER_TARGET [TARGET...]: runs each target on a working copy of its
# checked-in corpus (stopping early after DROVE_FUZZ_RUNS executions when that is set); prints one summary line per target (executions, exec/s, new corpus size)
# and returns non-zero if any target crashed (the input is kept as crash-* in the run directory).
drove_run_fuzz() {
    local seconds="$1"
    shift
    local targets=("$@")
    [ ${#targets[@]} -gt 0 ] || targets=("${DROVE_FUZZ_TARGETS[@]}")
    local run_dir="$DROVE_FUZZ_BUILD_DIR/runs/$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$run_dir"
    local failed=0 target
    for target in "${targets[@]}"; do
        local binary="$DROVE_FUZZ_BUILD_DIR/bin/fuzz/$target"
        local work="$DROVE_FUZZ_BUILD_DIR/corpus/$target"
        mkdir -p "$work"
        log "Fuzzing $target for ${seconds}s"
        local status=0
        # malloc_context_size=2: ASan records the stack of every allocation, unwinding by frame
        # pointers; through Qt's frames (built without them) deeper frames are stack garbage, so
        # nearly every allocation stored a new "unique" stack (1.8 M after 40,000 executions of
        # fuzz_inifile, ~45 per execution): the depot grew without bound (RSS > 1 GB) and each
        # allocation got slower as it filled. Two frames keep it at a few hundred stacks; errors
        # still get their full stack, and `$binary <crash-file>` without ASAN_OPTIONS shows the
        # allocation stacks in full.
        ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:malloc_context_size=2" \
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
        QT_QPA_PLATFORM=offscreen \
            "$binary" -max_total_time="$seconds" -runs="${DROVE_FUZZ_RUNS:--1}" -timeout=10 \
            -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$run_dir/$target-" \
            "$work" "$DROVE_ROOT/fuzz/corpus/$target" >"$run_dir/$target.log" 2>&1 || status=$?
        local execs rate
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run_dir/$target.log" | tail -1)
        rate=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' "$run_dir/$target.log" | tail -1)
        printf '%-22s status %-3s executions %-12s exec/s %-8s corpus %s\n' "$target" \
            "$status" "${execs:-?}" "${rate:-?}" "$(find "$work" -type f | wc -l)" \
            | tee -a "$run_dir/summary.txt"
        if [ "$status" -ne 0 ]; then
            failed=1
            log "$target failed; log: $run_dir/$target.log"
            tail -40 "$run_dir/$target.log" >&2
        fi
    done
    log "Fuzz run recorded in $run_dir"
    return $failed
}
