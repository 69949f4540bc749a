# shellcheck shell=bash
# A private apt configuration: its own architecture list, sources, package lists and an empty
# dpkg status, so foreign-architecture .debs can be downloaded without touching the host's dpkg
# state (its architecture list, its status, its caches, its apt.conf.d hooks).
# Source this file; it defines private_apt_init and private_apt_get.

DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# private_apt_init DIR NATIVE_ARCH [MORE_ARCHES...]
# Writes DIR/apt.conf and downloads the package lists (network: fails loudly when unreachable).
private_apt_init() {
    local dir=$1 native=$2
    shift 2
    local arches="\"$native\";" arch
    for arch in "$@"; do arches+=" \"$arch\";"; done
    rm -rf "$dir"
    mkdir -p "$dir/parts" "$dir/preferences.d" "$dir/sources.list.d" \
        "$dir/lists/partial" "$dir/archives/partial" "$dir/log"
    : >"$dir/status"
    echo "deb [signed-by=$DEBIAN_KEYRING] $DEBIAN_MIRROR $DEBIAN_SUITE main" >"$dir/sources.list"
    cat >"$dir/apt.conf" <<EOF
// Read nothing of the host's configuration (its apt.conf.d hooks clean the host's caches).
Dir::Etc::Parts "$dir/parts";
Dir::Etc::Main "/dev/null";
Dir::Etc::SourceList "$dir/sources.list";
Dir::Etc::SourceParts "$dir/sources.list.d";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$dir/preferences.d";
Dir::State "$dir";
Dir::State::Lists "$dir/lists";
Dir::State::status "$dir/status";
Dir::Cache "$dir";
Dir::Cache::Archives "$dir/archives";
Dir::Log "$dir/log";
APT::Architecture "$native";
APT::Architectures { $arches };
APT::Install-Recommends "false";
APT::Sandbox::User "root";
Acquire::Languages "none";
Debug::NoLocking "true";
EOF
    # apt-get update can exit 0 after a failed fetch; check the lists really arrived.
    private_apt_get "$dir" update -q >"$dir/log/update.log" 2>&1 || {
        cat "$dir/log/update.log" >&2
        echo "FATAL: apt-get update against $DEBIAN_MIRROR failed (registry unreachable?)" >&2
        return 1
    }
    if grep -qE '^(W|E): (Failed|Some index)' "$dir/log/update.log" ||
        ! compgen -G "$dir/lists/*_Packages*" >/dev/null; then
        cat "$dir/log/update.log" >&2
        echo "FATAL: no package lists from $DEBIAN_MIRROR" >&2
        return 1
    fi
}

# private_apt_get DIR APT-GET-ARGS...
private_apt_get() {
    local dir=$1
    shift
    APT_CONFIG="$dir/apt.conf" apt-get "$@"
}
