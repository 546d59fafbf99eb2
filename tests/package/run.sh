#!/usr/bin/env bash
# `make package-test`: the .deb and .rpm as a user gets them.
#
#   tests/package/run.sh HARU.deb HARU.rpm HARU-NEXT.deb
#
# HARU-NEXT.deb is a second build that differs only in its version (for the upgrade). Steps:
#  1. contents: both packages hold the same files (binaries, ONNX Runtime, the model as it is
#     in models/, catalogues, desktop entry, icons 16…512, AppStream metainfo), declare their
#     dependencies, carry no maintainer scripts and no path of this checkout; .deb ≤ 80 MB;
#  2. install with `apt-get install ./HARU.deb` (its dependencies are already there: `make setup`
#     installs them, so nothing is downloaded);
#  3. the installed `haru`: analyse, add, list, search, history, recommend, with HOME and the
#     XDG folders in a temporary folder, from an empty working folder, and the checkout hidden
#     under an empty tmpfs in a private mount namespace (so nothing can come from it);
#  4. the installed app under Xvfb through tauri-driver: a smoke subset of tests/e2e/ (emotions,
#     recommendations, search by feeling, history), also with the checkout hidden;
#  5. the .deb unpacked, and the .rpm installed with `rpm --root`, into throw-away roots: their
#     `haru` works from there, and `rpm -e` removes every file;
#  6. bundled files missing or damaged (model, ONNX Runtime, a catalogue), in unpacked copies:
#     the CLI and the app name the file and keep saving;
#  7. upgrade to HARU-NEXT.deb: the diary folder is byte for byte the same, its export (entries,
#     settings) unchanged, and the upgraded app shows the entry, the language and the theme;
#  8. apt-get remove, then dpkg --purge: the program is gone, the diary folder is byte for byte
#     the same and still opens.
#
# Runs as root (it installs a package) and refuses to start when Haru is already installed.
# Never touches the real user's data: HOME is a temporary folder.
set -euo pipefail

DEB=$(realpath "${1:?usage: run.sh HARU.deb HARU.rpm HARU-NEXT.deb}")
RPM=$(realpath "${2:?}")
NEXT=$(realpath "${3:?}")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PKG=haru
LIB=usr/lib/Haru
ORT=libonnxruntime.so.1.31.1
MAX_DEB_BYTES=80000000
STARTED=$SECONDS
CHECKS=0

say() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - STARTED)); }
ok() { CHECKS=$((CHECKS + 1)); echo "  ok: $*"; }
fail() {
	echo "package-test: FAIL: $*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root: the test installs and removes the package"
if dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "installed"; then
	fail "Haru is installed on this machine; the test installs and removes it: remove it first"
fi
for tool in dpkg-deb apt-get rpm python3 node xvfb-run; do
	command -v "$tool" >/dev/null || fail "$tool is missing (make package-test installs it)"
done
TAURI_DRIVER=${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}
[ -x "$TAURI_DRIVER" ] || fail "tauri-driver not found (make setup installs it)"
export TAURI_DRIVER

T=$(mktemp -d /tmp/haru-package-test.XXXXXX)
installed_by_us=0
cleanup() {
	local rc=$?
	if [ "$installed_by_us" = 1 ]; then
		echo "package-test: removing the package after a failure" >&2
		dpkg --purge "$PKG" >/dev/null 2>&1 || true
	fi
	rm -rf "$T"
	exit $rc
}
trap cleanup EXIT

# A user's session: a home of its own, nothing of the developer's environment.
export HOME=$T/home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
export XDG_STATE_HOME=$HOME/.local/state
unset HARU_DATA_DIR HARU_MODEL_DIR HARU_ORT_LIB ORT_DYLIB_PATH HARU_RESOURCE_DIR HARU_APP HARU_CLI \
	HARU_PASSPHRASE HARU_RECOVERY_KEY HARU_PROFILE HARU_E2E_LOCALE
mkdir -p "$HOME" "$T/cwd"
DIARY=$XDG_DATA_HOME/haru
cd "$T/cwd"

# Runs a command with the checkout hidden: an empty tmpfs over it in a private mount namespace.
HIDE=1
unshare -m true 2>/dev/null || HIDE=0
outside() {
	if [ "$HIDE" = 1 ]; then
		unshare -m -- sh -c 'mount -t tmpfs -o size=1m,mode=0755 haru-checkout-hidden "$0" && exec "$@"' \
			"$REPO" "$@"
	else
		"$@"
	fi
}
# The app's display: the caller's, else a virtual one (inside the namespace: `outside "${XVFB[@]}" …`).
XVFB=()
[ -n "${DISPLAY:-}" ] || XVFB=(xvfb-run -a -s "-screen 0 1280x860x24")
# Copies of the test scripts, so they still exist when the checkout is hidden.
cp -r "$REPO/tests/e2e" "$REPO/tests/package" "$T/"
rm -rf "$T/e2e/artifacts"
digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

say "1. contents of $(basename "$DEB") and $(basename "$RPM")"
size=$(stat -c %s "$DEB")
[ "$size" -le "$MAX_DEB_BYTES" ] || fail ".deb is $size bytes, over $MAX_DEB_BYTES"
ok ".deb is $((size / 1000000)) MB ($size bytes), .rpm $(($(stat -c %s "$RPM") / 1000000)) MB"
version=$(dpkg-deb -f "$DEB" Version)
[ "$(dpkg-deb -f "$DEB" Package)" = "$PKG" ] || fail "package name is not $PKG"
depends=$(dpkg-deb -f "$DEB" Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libssl3; do
	grep -qE "(^|[ ,|])$dep( |,|$)" <<<"$depends" || fail ".deb does not depend on $dep: $depends"
done
ok ".deb $PKG $version depends on: $depends"
requires=$(rpm -qp --requires "$RPM" 2>/dev/null)
for dep in 'libwebkit2gtk-4.1.so.0()(64bit)' 'libgtk-3.so.0()(64bit)' 'libcrypto.so.3()(64bit)'; do
	grep -qF "$dep" <<<"$requires" || fail ".rpm does not require $dep: $requires"
done
ok ".rpm requires: $(grep -v '^rpmlib' <<<"$requires" | tr '\n' ' ')"
scripts=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -t | grep -vE '^(\./)?$|^(\./)?(control|md5sums)$' || true)
[ -z "$scripts" ] || fail ".deb has maintainer scripts: $scripts"
[ -z "$(rpm -qp --scripts "$RPM" 2>/dev/null)" ] || fail ".rpm has scriptlets"
ok "no maintainer scripts in either package: installing and removing run nothing of ours"

# The .deb unpacked with dpkg-deb; the .rpm installed by rpm itself into a throw-away root
# (without resolving dependencies: that root's rpm database is empty).
mkdir -p "$T/deb-root" "$T/rpm-root"
dpkg-deb -x "$DEB" "$T/deb-root"
rpm_root() { rpm --root "$T/rpm-root" --dbpath /var/lib/rpm "$@"; }
rpm_root --initdb
rpm_root -i --nodeps --nosignature "$RPM" 2>"$T/rpm.log" || {
	cat "$T/rpm.log" >&2
	fail "rpm -i into a throw-away root"
}
rpm_root -V --nodeps "$PKG" || fail "rpm -V"
files() { (cd "$1" && find usr -type f -o -type l | sed 's|^|/|' | sort); }
files "$T/deb-root" >"$T/deb-files"
files "$T/rpm-root" >"$T/rpm-files"
diff -u "$T/deb-files" "$T/rpm-files" >&2 || fail "the .deb and the .rpm hold different files"
ok ".deb and .rpm hold the same $(wc -l <"$T/deb-files") files"
need="/usr/bin/haru-app /usr/bin/haru /$LIB/$ORT /$LIB/models/haru-emotion.onnx
/$LIB/models/haru-emotion.json /$LIB/models/tokenizer.json /$LIB/resources/catalogue/movies.jsonl
/$LIB/resources/catalogue/music.jsonl /$LIB/resources/catalogue/music_mapping.json
/usr/share/applications/Haru.desktop /usr/share/metainfo/app.haru.Haru.metainfo.xml"
for size in 16 22 24 32 48 64 96 128 256 512; do
	need="$need /usr/share/icons/hicolor/${size}x${size}/apps/haru-app.png"
done
for f in $need; do grep -qxF "$f" "$T/deb-files" || fail "missing in the packages: $f"; done
ok "binaries, ONNX Runtime, model, catalogues, desktop entry, metainfo, icons 16…512"
for f in haru-emotion.onnx haru-emotion.json tokenizer.json; do
	cmp -s "$REPO/models/$f" "$T/deb-root/$LIB/models/$f" || fail "$f differs from models/$f"
	cmp -s "$REPO/models/$f" "$T/rpm-root/$LIB/models/$f" || fail "$f in the .rpm differs from models/$f"
done
for f in movies.jsonl music.jsonl music_mapping.json; do
	cmp -s "$REPO/resources/catalogue/$f" "$T/deb-root/$LIB/resources/catalogue/$f" || fail "catalogue $f differs"
done
cmp -s "$REPO/.setup/onnxruntime/$ORT" "$T/deb-root/$LIB/$ORT" || fail "$ORT differs from .setup/"
ok "model, catalogues and ONNX Runtime are this checkout's (models/ as it is now)"
for bin in haru haru-app; do
	if grep -qaF "$REPO" "$T/deb-root/usr/bin/$bin"; then
		fail "usr/bin/$bin contains this checkout's path $REPO (build with HARU_PACKAGE_BUILD=1)"
	fi
done
ok "no path of this checkout ($REPO) in the binaries"
# What the binaries link, as dpkg-shlibdeps reads it, must come with the declared dependencies.
if command -v dpkg-shlibdeps >/dev/null; then
	mkdir -p "$T/shlibs/debian"
	printf 'Source: haru\n\nPackage: haru\nArchitecture: amd64\n' >"$T/shlibs/debian/control"
	linked=$(cd "$T/shlibs" && dpkg-shlibdeps -O -e "$T/deb-root/usr/bin/haru" -e "$T/deb-root/usr/bin/haru-app" \
		-e "$T/deb-root/$LIB/$ORT" 2>/dev/null | sed 's/^shlibs:Depends=//')
	declared=$(tr ',|' '\n\n' <<<"$depends" | sed 's/(.*//; s/ //g' | grep -v '^$' | grep -vx libssl3t64)
	closure=$(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances $declared 2>/dev/null | grep -v '^ ' | sed 's/:.*//')
	for dep in $(tr ',' '\n' <<<"$linked" | sed 's/(.*//; s/ //g'); do
		grep -qx "$dep" <<<"$closure" || fail "the binaries link $dep, which the declared dependencies do not bring"
	done
	ok "everything the binaries link comes with the dependencies ($linked)"
fi
desktop=$T/deb-root/usr/share/applications/Haru.desktop
grep -qx 'Name=Haru' "$desktop" && grep -qx 'Name\[ko\]=하루' "$desktop" &&
	grep -qx 'Exec=haru-app' "$desktop" && grep -qx 'Icon=haru-app' "$desktop" ||
	fail "desktop entry: $(cat "$desktop")"
if command -v desktop-file-validate >/dev/null; then
	desktop-file-validate "$desktop" || fail "desktop-file-validate"
fi
ok "desktop entry: Name=Haru, Name[ko]=하루, Exec=haru-app, Icon=haru-app (desktop-file-validate)"
metainfo=$T/deb-root/usr/share/metainfo/app.haru.Haru.metainfo.xml
if command -v appstreamcli >/dev/null; then
	appstreamcli validate --no-net "$metainfo" >"$T/appstream.log" 2>&1 || {
		cat "$T/appstream.log" >&2
		fail "appstreamcli validate"
	}
fi
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no <release> for $version"
ok "AppStream metainfo valid, lists release $version"

say "2. apt-get install $(basename "$DEB")"
installed_by_us=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >"$T/apt.log" 2>&1 || {
	cat "$T/apt.log" >&2
	fail "apt-get install"
}
[ "$(command -v haru)" = /usr/bin/haru ] && [ "$(command -v haru-app)" = /usr/bin/haru-app ] ||
	fail "haru and haru-app are not on the PATH from /usr/bin"
dpkg --verify "$PKG" || fail "dpkg --verify"
for f in /usr/bin/haru /usr/bin/haru-app "/$LIB/$ORT"; do
	if ldd "$f" | grep -q "not found"; then
		ldd "$f" >&2
		fail "$f: a shared library is missing"
	fi
done
ok "installed $PKG $(dpkg-query -W -f='${Version}' "$PKG"); every shared library resolves"

say "3. the installed haru, checkout hidden=$HIDE, HOME=$HOME"
[ "$HIDE" = 1 ] || echo "  note: no private mount namespace here; the checkout stays visible"
outside bash "$T/package/cli.sh" haru
[ -f "$DIARY/haru.sqlite3" ] || fail "the diary is not in the default folder $DIARY"
ok "analyze, add, list, show, search, history, recommend; the diary is $DIARY/haru.sqlite3"

say "4. the installed app under Xvfb: e2e smoke subset, checkout hidden=$HIDE"
(
	cd "$T"
	HARU_APP=/usr/bin/haru-app HARU_CLI=/usr/bin/haru outside "${XVFB[@]}" \
		node --test --test-concurrency=1 \
		e2e/emotions.test.mjs e2e/recommend.test.mjs e2e/search_feeling.test.mjs e2e/history.test.mjs
) || fail "e2e smoke subset against the installed app"
ok "emotions (and the missing-model notice), recommendations, search by feeling, history"

say "5. the packages in throw-away roots (.deb unpacked, .rpm installed with rpm --root)"
for root in "$T/deb-root" "$T/rpm-root"; do
	outside bash "$T/package/cli.sh" "$root/usr/bin/haru" "$T/diary-$(basename "$root")"
done
rpm_root -e --nodeps "$PKG" 2>>"$T/rpm.log" || fail "rpm -e"
[ -z "$(find "$T/rpm-root/usr" -type f)" ] || fail "rpm -e left files: $(find "$T/rpm-root/usr" -type f)"
ok "haru from the unpacked .deb and from the .rpm installed with rpm into a root; rpm -e removes it all"

say "6. bundled files missing or damaged (unpacked copies)"
damaged_roots=""
breakage() { # NAME FILE-IN-LIB HOW: a hard-linked copy of the unpacked .deb with one file broken
	local root=$T/case-$1
	cp -al "$T/deb-root" "$root"
	rm -f "$root/$LIB/$2"
	case $3 in
	missing) ;;
	cut) head -c 1000000 "$T/deb-root/$LIB/$2" >"$root/$LIB/$2" ;;
	text) echo "not a library" >"$root/$LIB/$2" ;;
	badline) { head -n 5 "$T/deb-root/$LIB/$2" && echo '{"id": "broken' && tail -n +6 "$T/deb-root/$LIB/$2"; } >"$root/$LIB/$2" ;;
	esac
	damaged_roots="$damaged_roots $1=$root"
}
breakage model-missing models/haru-emotion.onnx missing
breakage model-damaged models/haru-emotion.onnx cut
breakage ort-damaged "$ORT" text
breakage catalogue-damaged resources/catalogue/movies.jsonl badline
expect_cli() { # NAME PATTERN COMMAND...: fails with PATTERN on stderr, and the diary keeps saving
	local name=$1 pattern=$2 root=$T/case-$1 data=$T/diary-case-$1
	shift 2
	local err
	if err=$(outside "$root/usr/bin/haru" --data-dir "$data" "$@" 2>&1 >/dev/null); then
		fail "$name: haru $* succeeded"
	fi
	grep -qE "$pattern" <<<"$err" || fail "$name: haru $* said: $err"
	grep -qF "$root/$LIB" <<<"$err" || fail "$name: the message does not name the file in $root: $err"
	id=$(outside "$root/usr/bin/haru" --data-dir "$data" add --date 2026-04-01 --text "Still saving. 그래도 저장된다.")
	outside "$root/usr/bin/haru" --data-dir "$data" history --json >/dev/null 2>"$T/history.err" ||
		fail "$name: haru history failed: $(cat "$T/history.err")"
	grep -q "Still saving" <<<"$(outside "$root/usr/bin/haru" --data-dir "$data" show "$id" --json)" ||
		fail "$name: the entry written without a model is not there"
	ok "$name: 'haru $1' says: $(head -c 160 <<<"$err")…; add, history and show still work"
}
expect_cli model-missing 'haru-emotion\.onnx is missing: reinstall Haru' analyze --text "hi"
expect_cli model-damaged 'haru-emotion\.onnx is damaged .*: reinstall Haru' analyze --text "hi"
expect_cli ort-damaged "$ORT is damaged or not ONNX Runtime .*: reinstall Haru" analyze --text "hi"
expect_cli catalogue-damaged 'movies\.jsonl is damaged .*: reinstall Haru' recommend --text "a sad day"
(
	cd "$T"
	HARU_DAMAGED_ROOTS=$damaged_roots outside "${XVFB[@]}" node --test --test-concurrency=1 package/damaged.mjs
) || fail "the app with missing or damaged files"
ok "the app names the missing or damaged file and keeps saving, in each case"

say "7. upgrade to $(basename "$NEXT") over a diary with settings"
(
	cd "$T"
	HARU_APP=/usr/bin/haru-app HARU_CLI=/usr/bin/haru HARU_UPGRADE_PHASE=before HARU_UPGRADE_DIARY=$DIARY \
		outside "${XVFB[@]}" node --test package/upgrade.mjs
) || fail "writing an entry and choosing settings in the installed app"
SOURCE_DATE_EPOCH=0 haru export --format json --output "$T/before.json"
python3 -c "import json,sys; rows=json.load(open(sys.argv[1]))['tables']['settings']; \
s=dict((r['key'], r['value']) if isinstance(r, dict) else tuple(r[:2]) for r in rows); \
assert s.get('language')=='ko' and s.get('theme')=='dark', s" "$T/before.json" ||
	fail "the settings chosen in the app are not in the diary"
digest "$DIARY" >"$T/diary-before-upgrade"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$NEXT" >"$T/apt.log" 2>&1 || {
	cat "$T/apt.log" >&2
	fail "apt-get install of the next version"
}
next_version=$(dpkg-deb -f "$NEXT" Version)
[ "$(dpkg-query -W -f='${Version}' "$PKG")" = "$next_version" ] && [ "$next_version" != "$version" ] ||
	fail "not upgraded to $next_version"
digest "$DIARY" | diff -u "$T/diary-before-upgrade" - >&2 || fail "the upgrade changed the diary folder"
SOURCE_DATE_EPOCH=0 haru export --format json --output "$T/after.json"
cmp -s "$T/before.json" "$T/after.json" || fail "the diary's export differs after the upgrade"
(
	cd "$T"
	HARU_APP=/usr/bin/haru-app HARU_CLI=/usr/bin/haru HARU_UPGRADE_PHASE=after HARU_UPGRADE_DIARY=$DIARY \
		outside "${XVFB[@]}" node --test package/upgrade.mjs
) || fail "the upgraded app on the same diary"
ok "$version → $next_version: diary folder byte for byte the same, export (entries, settings) the same, the app shows them"

say "8. remove, then purge"
entries=$(haru list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
digest "$DIARY" >"$T/diary-before-remove"
listing_before=$(ls -la "$DIARY")
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$PKG" >"$T/apt.log" 2>&1 || {
	cat "$T/apt.log" >&2
	fail "apt-get remove"
}
[ ! -e /usr/bin/haru ] && [ ! -e /usr/bin/haru-app ] && [ ! -e "/$LIB" ] || fail "files left after remove"
digest "$DIARY" | diff -u "$T/diary-before-remove" - >&2 || fail "removing changed the diary folder"
# No conffiles, so `remove` already left nothing; purge all the same, as a user would.
dpkg --purge "$PKG" >"$T/apt.log" 2>&1 || {
	cat "$T/apt.log" >&2
	fail "dpkg --purge"
}
installed_by_us=0
! dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -q "installed" || fail "still installed after purge"
digest "$DIARY" | diff -u "$T/diary-before-remove" - >&2 || fail "purging changed the diary folder"
# The diary still opens, with the CLI of the unpacked package.
after=$("$T/deb-root/usr/bin/haru" --data-dir "$DIARY" list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
[ "$after" = "$entries" ] || fail "the diary had $entries entries, now $after"
echo "$listing_before" | sed 's/^/    /'
ok "removed and purged; $DIARY unchanged ($(wc -l <"$T/diary-before-remove") files, $entries entries)"

echo
echo "package-test: all steps passed in $((SECONDS - STARTED)) s"
echo "$CHECKS passed, 0 failed"
