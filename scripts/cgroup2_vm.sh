#!/usr/bin/env bash
# Runs test paths on a cgroup v2 kernel, for hosts that are cgroup v1 (or hybrid) and must
# stay that way. Boots Debian's kernel in QEMU with virtme-ng, the host's root shared
# read-only (this checkout is an overlay, writable in the guest only), cgroup2 the only
# hierarchy. The tests run in a delegated child group (as under systemd's Delegate=yes)
# with the memory, pids and cpu controllers enabled, exactly as `make unit` runs them.
#
# Usage: scripts/cgroup2_vm.sh [pytest paths...]   (default: tests/sandbox tests/hostile)
# Exit status: pytest's; 12 if the guest was not cgroup v2 with memory and pids in use;
# 13 if the VM gave no result.
#
# Environment:
#   CG2VM_DIR     kernel, virtme-ng venv and results (default: var/cgroup2-vm)
#   CG2VM_ACCEL   kvm, tcg or auto (default): KVM where /dev/kvm can run a stock kernel
#   CG2VM_CPUS / CG2VM_MEMORY   guest size (default 2 and 8G)
#   CG2VM_LAYOUT  service (default: tests in a child group, as a systemd unit would be)
#                 or root (tests in the root group)
#   CG2VM_PYTEST_ARGS   extra pytest arguments (word-split)
#   CG2VM_HIERARCHY=v1  a control run: the same VM with cgroup v1 hierarchies instead
#   CG2VM_TIME_FACTOR   SCALEBOX_TIME_FACTOR in the guest. By default 1 under KVM; under
#                 the emulator, measured: three times how much more CPU starting Python
#                 takes in the guest than on the host, so that time limits mean what they
#                 mean on the host (memory, process and output limits are not scaled)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
SELF="$REPO/scripts/cgroup2_vm.sh"

startup_cpu_ms() {
    # CPU time of ten runs of /usr/bin/python3 -I -S -c pass: starting a judged program.
    /usr/bin/python3 -I -S -c '
import os, resource, subprocess
for _ in range(10):
    subprocess.run(["/usr/bin/python3", "-I", "-S", "-c", "pass"], check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(max(1, round((usage.ru_utime + usage.ru_stime) * 1000)))'
}

time_factor() {
    # SCALEBOX_TIME_FACTOR for this guest (see CG2VM_TIME_FACTOR).
    if [ -n "${CG2VM_TIME_FACTOR:-}" ]; then
        echo "$CG2VM_TIME_FACTOR"
        return
    fi
    if [ "${CG2VM_ACCEL_USED:-kvm}" = kvm ]; then
        echo 1
        return
    fi
    local guest
    guest=$(startup_cpu_ms)
    awk -v g="$guest" -v h="${CG2VM_HOST_STARTUP_MS:-1}" \
        'BEGIN { f = int(3 * g / h + 0.999); if (f < 1) f = 1; if (f > 1000) f = 1000; print f }'
}

pytest_unit() {
    # As `make unit` runs it.
    # shellcheck disable=SC2086
    env -u DATABASE_URL -u CELERY_BROKER_URL -u CELERY_RESULT_BACKEND \
        .venv/bin/pytest -m "not integration" -q -p no:cacheprovider ${CG2VM_PYTEST_ARGS:-} "$@"
}

guest_v1() {
    # The control run: the same VM with cgroup v1 hierarchies, to tell what the emulator's
    # slowness fails from what cgroup v2 fails.
    umount /sys/fs/cgroup
    mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
    for c in memory pids cpuacct freezer; do
        mkdir "/sys/fs/cgroup/$c"
        mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
    done
    echo "== CONTROL RUN: cgroup v1 ($(grep -c ' cgroup ' /proc/mounts) hierarchies)"
    cat /proc/self/cgroup
    export SCALEBOX_EXPECT_CGROUP_VERSION=1 PYTHONUNBUFFERED=1 HOME=${HOME:-/root}
    local rc=0
    pytest_unit "$@" || rc=$?
    echo "== pytest exit status: $rc"
    return "$rc"
}

guest() {
    # Inside the VM: check the hierarchy, move into a delegated group, run pytest.
    cd "$REPO"
    echo "== guest: $(uname -r), $(nproc) cpus, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo)"
    SCALEBOX_TIME_FACTOR=$(time_factor)
    export SCALEBOX_TIME_FACTOR
    echo "== SCALEBOX_TIME_FACTOR=$SCALEBOX_TIME_FACTOR (accel ${CG2VM_ACCEL_USED:-kvm}; Python start-up CPU: host ${CG2VM_HOST_STARTUP_MS:-?} ms per 10 runs)"
    if [ "${CG2VM_HIERARCHY:-v2}" = v1 ]; then
        guest_v1 "$@"
        return
    fi
    if grep -q ' /sys/fs/cgroup/[^ ]* cgroup ' /proc/mounts; then
        echo "FAIL: a cgroup v1 hierarchy is mounted in the guest"
        return 12
    fi
    if ! grep -q '^cgroup2 /sys/fs/cgroup cgroup2 ' /proc/mounts; then
        mount -t cgroup2 cgroup2 /sys/fs/cgroup
    fi
    local controllers
    controllers=$(cat /sys/fs/cgroup/cgroup.controllers)
    echo "== root cgroup.controllers: $controllers"
    for c in memory pids; do
        case " $controllers " in
            *" $c "*) ;;
            *) echo "FAIL: controller $c not available"; return 12 ;;
        esac
    done
    if [ "${CG2VM_LAYOUT:-service}" = service ]; then
        local unit=/sys/fs/cgroup/scalebox-tests.service
        mkdir -p "$unit"
        echo "+memory +pids +cpu" > /sys/fs/cgroup/cgroup.subtree_control
        echo "$BASHPID" > "$unit/cgroup.procs"
    fi
    echo "== /proc/self/cgroup:"
    cat /proc/self/cgroup
    if [ "$(grep -vc '^0::' /proc/self/cgroup)" != 0 ]; then
        echo "FAIL: /proc/self/cgroup has lines other than the unified one"
        return 12
    fi
    export SCALEBOX_EXPECT_CGROUP_VERSION=2 PYTHONUNBUFFERED=1
    export HOME=${HOME:-/root}
    local rc=0
    pytest_unit "$@" || rc=$?
    # The sandbox must have made its groups with both controllers below the test's group.
    local own base
    own=$(sed -n 's/^0:://p' /proc/self/cgroup)
    own=${own%/scalebox-workers}  # where the sandbox moves its group's processes
    base=/sys/fs/cgroup${own%/}/scalebox
    echo "== sandbox cgroup base: $base"
    if [ ! -d "$base" ]; then
        echo "FAIL: the sandbox made no cgroup under $base"
        return 12
    fi
    echo "== $base/cgroup.subtree_control: $(cat "$base/cgroup.subtree_control")"
    for c in memory pids; do
        if ! grep -qw "$c" "$base/cgroup.subtree_control"; then
            echo "FAIL: controller $c not enabled for the sandbox's groups"
            return 12
        fi
    done
    echo "== pytest exit status: $rc"
    return "$rc"
}

run_guest() {
    local out=$1
    shift
    {
        rc=0
        guest "$@" || rc=$?
        echo "$rc" > "$out/status"
    } 2>&1 | tee "$out/guest.log"
}

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    local apt=(apt-get -o DPkg::Lock::Timeout=900 -y -q --no-install-recommends)
    "${apt[@]}" install "$@" >/dev/null || { apt-get update -q >/dev/null && "${apt[@]}" install "$@" >/dev/null; }
}

host() {
    VMDIR=${CG2VM_DIR:-$REPO/var/cgroup2-vm}
    mkdir -p "$VMDIR"
    VMDIR=$(cd "$VMDIR" && pwd)
    [ $# -gt 0 ] || set -- tests/sandbox tests/hostile
    started=$(date +%s)

    need=()
    command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
    command -v depmod >/dev/null || [ -x /usr/sbin/depmod ] || need+=(kmod)
    command -v busybox >/dev/null || need+=(busybox-static)
    if [ ${#need[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || { echo "missing packages: ${need[*]} (run as root)" >&2; exit 1; }
        echo "installing: ${need[*]}"
        apt_install "${need[@]}"
    fi
    export PATH="$PATH:/usr/sbin:/sbin"

    # The project's venv, bubblewrap and the compilers, on the host: the guest sees the host's root.
    "$REPO/scripts/setup.sh"

    # Debian's kernel: the one linux-image-amd64 currently depends on.
    kernel=$(find "$VMDIR/kernel/boot" -name 'vmlinuz-*' 2>/dev/null | sort | tail -1 || true)
    if [ -z "$kernel" ]; then
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        if [ -z "$pkg" ]; then
            apt-get update -q >/dev/null
            pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        fi
        echo "fetching kernel package $pkg"
        rm -rf "$VMDIR/deb" && mkdir -p "$VMDIR/deb"
        (cd "$VMDIR/deb" && apt-get download "$pkg")
        dpkg-deb -x "$VMDIR"/deb/*.deb "$VMDIR/kernel"
        rm -rf "$VMDIR/deb"
        kernel=$(find "$VMDIR/kernel/boot" -name 'vmlinuz-*' | sort | tail -1)
    fi

    # virtme-ng in a venv of its own.
    if [ ! -x "$VMDIR/venv/bin/vng" ]; then
        python3 -m venv "$VMDIR/venv"
        "$VMDIR/venv/bin/pip" install --quiet --disable-pip-version-check 'virtme-ng==1.42'
    fi
    export PATH="$VMDIR/venv/bin:$PATH"

    # KVM unless this /dev/kvm cannot run a stock kernel (PVM, a paravirtual KVM for nested
    # guests, needs a specially built one): then QEMU's emulator, much slower.
    accel=${CG2VM_ACCEL:-auto}
    if [ "$accel" = auto ]; then
        if [ -w /dev/kvm ] && [ ! -d /sys/module/kvm_pvm ]; then accel=kvm; else accel=tcg; fi
    fi
    vng_accel=()
    [ "$accel" = kvm ] || vng_accel=(--disable-kvm)

    out="$VMDIR/out-${CG2VM_HIERARCHY:-v2}"
    rm -rf "$out" && mkdir -p "$out"
    echo "booting $(basename "$kernel") ($accel, ${CG2VM_CPUS:-2} cpus, ${CG2VM_MEMORY:-8G}); testing: $*"
    quoted=$(printf ' %q' "$@")
    guest_env="CG2VM_LAYOUT=${CG2VM_LAYOUT:-service} CG2VM_HIERARCHY=${CG2VM_HIERARCHY:-v2}"
    guest_env="$guest_env CG2VM_ACCEL_USED=$accel CG2VM_HOST_STARTUP_MS=$(startup_cpu_ms)"
    [ -z "${CG2VM_TIME_FACTOR:-}" ] || guest_env="$guest_env CG2VM_TIME_FACTOR=$CG2VM_TIME_FACTOR"
    guest_env="$guest_env CG2VM_PYTEST_ARGS=$(printf %q "${CG2VM_PYTEST_ARGS:-}")"
    set +e
    timeout "${CG2VM_TIMEOUT:-5400}" vng --verbose "${vng_accel[@]}" --run "$kernel" \
        --cpus "${CG2VM_CPUS:-2}" --memory "${CG2VM_MEMORY:-8G}" \
        --overlay-rwdir="$REPO" --rwdir="$out" \
        --exec "env $guest_env $(printf %q "$SELF") --guest $(printf %q "$out")$quoted" \
        > "$out/console.log" 2>&1
    vm_rc=$?
    set -e
    elapsed=$(($(date +%s) - started))
    if [ ! -f "$out/status" ]; then
        echo "the VM gave no result (vng exit $vm_rc); console:" >&2
        tr '\r' '\n' < "$out/console.log" | tail -40 >&2
        exit 13
    fi
    cat "$out/guest.log"
    status=$(cat "$out/status")
    echo "cgroup ${CG2VM_HIERARCHY:-v2} VM: exit $status after ${elapsed}s ($accel); logs in $out"
    exit "$status"
}

# The whole file is read before anything runs (it may change while a VM runs it).
if [ "${1:-}" = --guest ]; then
    shift
    run_guest "$@"
    exit 0
fi
host "$@"  # exits
