#!/bin/sh
# install_tree_test.sh BUILD_DIR: `cmake --install` into a temporary prefix (no root), then the
# installed files are where the package puts them, and the installed copy of poolscope, run from
# a directory with no assets/ and no POOLSCOPE_DATA_DIR, finds its presets in
# <prefix>/share/poolscope and renders a shot of one by its name.
set -eu
build=$1
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/usr
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "cmake --install failed (build every target first: the man page and icons are built ones)"
  exit 1
fi
fail=0
for f in bin/poolscope share/poolscope/scenarios/02-seed-program.json \
         share/applications/poolscope.desktop share/icons/hicolor/scalable/apps/poolscope.svg \
         share/icons/hicolor/16x16/apps/poolscope.png share/icons/hicolor/32x32/apps/poolscope.png \
         share/icons/hicolor/48x48/apps/poolscope.png share/icons/hicolor/64x64/apps/poolscope.png \
         share/icons/hicolor/128x128/apps/poolscope.png \
         share/icons/hicolor/256x256/apps/poolscope.png \
         share/man/man1/poolscope.1.gz share/doc/poolscope/copyright; do
  [ -s "$prefix/$f" ] || { echo "not installed: $f"; fail=1; }
done
if [ -e "$prefix/bin/poolscope-build-assets" ]; then
  echo "the build tree's marker was installed"
  fail=1
fi
n_src=$(ls "$here/../../assets/scenarios/"*.json | wc -l)
n_inst=$(ls "$prefix/share/poolscope/scenarios/"*.json | wc -l)
[ "$n_src" = "$n_inst" ] || { echo "$n_inst of $n_src presets installed"; fail=1; }
gzip -t "$prefix/share/man/man1/poolscope.1.gz" || fail=1
zcat "$prefix/share/man/man1/poolscope.1.gz" | grep -q 'poolscope bench\\-ui' ||
  { echo "the man page does not describe bench-ui"; fail=1; }
grep -q '^License: Expat' "$prefix/share/doc/poolscope/copyright" ||
  { echo "the copyright file names no license"; fail=1; }

cd "$tmp"
unset POOLSCOPE_DATA_DIR DISPLAY WAYLAND_DISPLAY
"$prefix/bin/poolscope" shot --scenario seed --at 0.3 --size 640x400 --out "$tmp/shot.png" ||
  { echo "the installed poolscope could not render a shot of the seed preset"; fail=1; }
/usr/bin/python3 "$here/png_check.py" "$tmp/shot.png" 640 400 || fail=1
exit $fail
