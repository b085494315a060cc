# Shared set-up for scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not executed.

DROVE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DROVE_BUILD_DIR="${DROVE_BUILD_DIR:-$DROVE_ROOT/build}"

# Let ccache share results between clones in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$DROVE_ROOT}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

# System packages the build, the tests and packaging need (Debian 12 / Ubuntu 24.04 names).
DROVE_PACKAGES=(
    g++ cmake ninja-build ccache pkg-config file dpkg-dev
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
    qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qtkeychain-qt6-dev
    desktop-file-utils appstream
    fonts-dejavu-core
    curl
    libsimdjson-dev
)

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

drove_install_packages() {
    local missing=() extra=("$@")
    local pkg
    for pkg in "${DROVE_PACKAGES[@]}" "${extra[@]}"; do
        if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            continue
        fi
        missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "All ${#DROVE_PACKAGES[@]} required system packages are present."
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "These packages are missing and apt-get is not available: ${missing[*]}"
        return 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            log "Not root and no sudo: install these packages yourself: ${missing[*]}"
            return 1
        fi
    fi
    log "Installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

drove_configure_and_build() {
    local build_type="${1:-RelWithDebInfo}"
    shift || true
    local generator=()
    if [ ! -f "$DROVE_BUILD_DIR/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then
        generator=(-G Ninja)
    fi
    log "Configuring in $DROVE_BUILD_DIR ($build_type)"
    cmake -S "$DROVE_ROOT" -B "$DROVE_BUILD_DIR" "${generator[@]}" \
        -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
    log "Building with $(nproc) jobs"
    cmake --build "$DROVE_BUILD_DIR" --parallel "$(nproc)"
}
