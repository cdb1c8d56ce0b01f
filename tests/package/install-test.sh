#!/usr/bin/env bash
# install-test.sh POOLSCOPE.deb — installs the package in a brand-new minimal Debian 12 and runs
# it there with no display: `poolscope --version`, and `poolscope shot` of an installed preset
# (by its path and by its name), whose PNG must be the asked size and show a real picture. Also
# checks that no compiler came with the package. Run by `make package-test`, not `make test`:
# it needs root (debootstrap, chroot, mounts), a Debian mirror, and a few minutes.
#
# The fresh system is debootstrap's minbase variant of bookworm, built once (about a minute) and
# kept as a tarball in $POOLSCOPE_TEST_CACHE (default /var/tmp/poolscope-install-test); every run
# unpacks it into a new tmpfs. It uses the host's apt sources (and its Acquire:: settings), so it
# reaches the same mirror. The screenshot is copied to $POOLSCOPE_TEST_OUT (default
# ./install-test-shot.png) to be looked at.
set -euo pipefail

deb=$(realpath "${1:?usage: $0 POOLSCOPE.deb}")
[ -f "$deb" ] || { echo "install-test: no such package: $deb" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "install-test: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
here=$(dirname "$(realpath "$0")")
cache=${POOLSCOPE_TEST_CACHE:-/var/tmp/poolscope-install-test}
out=$(realpath -m "${POOLSCOPE_TEST_OUT:-install-test-shot.png}")
pristine=$cache/bookworm-minbase.tar
version=$(dpkg-deb -f "$deb" Version)

mirror() {  # the first Debian URI the host's apt uses, security excepted
  { awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null
    awk '$1=="deb"{print $2}' /etc/apt/sources.list 2>/dev/null; } | grep -v security | head -n 1
}

root=$(mktemp -d /tmp/poolscope-install-test.XXXXXX)
cleanup() {  # processes left inside first, then the mounts, deepest first
  local p
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
  done
  findmnt -rn -o TARGET | grep -E "^$root(/|\$)" | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"; done
  rmdir "$root" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount -t tmpfs -o size=6g,mode=755 poolscope-install-test "$root"

in_root() {
  chroot "$root" env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@" </dev/null
}
mount_system() {
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --bind /dev "$root/dev"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}
unmount_system() { umount "$root/dev" "$root/sys" "$root/proc"; }

if [ ! -s "$pristine" ]; then
  command -v debootstrap >/dev/null || {
    echo "install-test: installing debootstrap" >&2
    apt-get install -y -qq debootstrap >&2
  }
  m=$(mirror) || true
  [ -n "$m" ] || { echo "install-test: no Debian mirror in /etc/apt" >&2; exit 2; }
  echo "install-test: building a minimal Debian 12 from $m (once; cached in $cache)"
  mkdir -p "$cache"
  debootstrap --variant=minbase bookworm "$root" "$m" >"$cache/debootstrap.log" 2>&1 || {
    echo "install-test: debootstrap failed; the end of $cache/debootstrap.log:" >&2
    tail -n 5 "$cache/debootstrap.log" >&2
    exit 2
  }
  # The host's sources (same mirror and suites) and its Acquire:: settings (proxies, validity).
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/"
    : >"$root/etc/apt/sources.list"
  fi
  for f in /etc/apt/apt.conf.d/*; do
    if [ -f "$f" ] && ! grep -vE '^[[:space:]]*(#|//|$|Acquire::)' "$f" >/dev/null; then
      cp "$f" "$root/etc/apt/apt.conf.d/"
    fi
  done
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"  # no services start
  chmod +x "$root/usr/sbin/policy-rc.d"
  tar --numeric-owner -C "$root" -cpf "$pristine.tmp" . && mv "$pristine.tmp" "$pristine"
else
  tar --numeric-owner -C "$root" -xpf "$pristine"
fi
mount_system

in_root dpkg-query -W -f '${Package}\n' | sort >"$root/tmp/before.txt"
cp "$deb" "$root/tmp/"
echo "install-test: apt-get install ./$(basename "$deb") on the fresh system"
in_root apt-get update -qq
in_root sh -c "cd /tmp && apt-get install -y -q ./$(basename "$deb")" >"$root/tmp/apt.log" 2>&1 || {
  tail -n 20 "$root/tmp/apt.log" >&2
  echo "install-test: FAILED: apt-get install" >&2
  exit 1
}
in_root dpkg-query -W -f '${Package}\n' | sort >"$root/tmp/after.txt"
added=$(comm -13 "$root/tmp/before.txt" "$root/tmp/after.txt")
echo "install-test: apt-get installed $(echo "$added" | wc -l) packages:" $added
# For the record: what a plain grep for compilers finds (gcc-12-base and libgcc-s1 are run-time
# parts that minbase already has; a compiler would be gcc-12, g++-12 or cpp-12).
echo "install-test: dpkg -l | grep -E 'g\+\+|gcc':" \
  $(in_root dpkg -l | grep -E 'g\+\+|gcc' | awk '{print $2}')

fail=0
check() {  # check WHAT COMMAND...: runs COMMAND, says ok or FAILED
  local what=$1
  shift
  if "$@"; then echo "  ok: $what"; else echo "  FAILED: $what"; fail=1; fi
}

# Nothing to build with came along: no compiler, no -dev package, no make.
tools=$(echo "$added" | grep -E '^(gcc|g\+\+|cpp|clang|make|cmake)(-[0-9.]+)?$|-dev$' || true)
check "no compiler, make or -dev package installed${tools:+ (found: $(echo $tools))}" \
  test -z "$tools"
check "no cc, gcc, g++ or c++ on PATH" \
  in_root sh -c '! command -v cc && ! command -v gcc && ! command -v g++ && ! command -v c++'

v=$(in_root poolscope --version 2>&1) || true
echo "  poolscope --version: $v"
check "the version is the package's ($version)" test "$v" = "poolscope $version"

for f in /usr/share/poolscope/scenarios/02-seed-program.json \
         /usr/share/applications/poolscope.desktop \
         /usr/share/icons/hicolor/scalable/apps/poolscope.svg \
         /usr/share/icons/hicolor/48x48/apps/poolscope.png \
         /usr/share/man/man1/poolscope.1.gz /usr/share/doc/poolscope/copyright; do
  check "installed $f" test -s "$root$f"
done

shot() {  # shot SCENARIO PNG SIZE [OPTIONS]: a shot, no display, from /tmp (no assets/ around)
  in_root sh -c "cd /tmp && poolscope shot --scenario '$1' --at 1.5 --size $3 --out '$2' ${4:-}" \
    >"$root/tmp/shot.log" 2>&1
  local rc=$?
  sed 's/^/    /' "$root/tmp/shot.log"
  return $rc
}
check "poolscope shot of the installed preset's path" \
  shot /usr/share/poolscope/scenarios/02-seed-program.json /tmp/x.png 800x600
check "the PNG is 800x600 and shows a picture" \
  /usr/bin/python3 "$here/png_check.py" "$root/tmp/x.png" 800 600
check "poolscope shot --scenario seed (a preset's name, found in /usr/share/poolscope)" \
  shot seed /tmp/by-name.png 1280x800 "--tab lessons"
check "poolscope run --scenario 02-seed-program completes its 5 jobs" \
  in_root sh -c 'cd /tmp && poolscope run --scenario 02-seed-program --json | grep -q "\"completed\":5"'

for f in x by-name; do  # to be looked at: the shot, and the lessons tab listing the presets
  [ -s "$root/tmp/$f.png" ] || continue
  dest=$out
  [ "$f" = x ] || dest=${out%.png}-$f.png
  cp "$root/tmp/$f.png" "$dest"
  echo "install-test: a shot: $dest"
done
if [ "$fail" = 0 ]; then echo "install-test: PASSED"; else echo "install-test: FAILED"; fi
exit "$fail"
