#!/bin/sh
# Runs "$@" against a throwaway gnome-keyring inside the D-Bus session that dbus-run-session made for
# this test: never the person's own keyring. HOME and the XDG folders point into a temporary directory,
# so the keyring files land there and disappear with it. The daemon exits when the session bus closes.
# With --no-keyring, runs "$@" on that bus with no Secret Service at all.
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-vault.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/run" TMPDIR="$tmp/tmp"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$TMPDIR"
chmod 700 "$XDG_RUNTIME_DIR"
# No desktop: keep QtKeychain on the Secret Service path and gnome-keyring from looking for a display.
unset DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_KEYRING_CONTROL
if [ "${1:-}" = "--no-keyring" ]; then
    shift
else
    # An empty password line on stdin creates and unlocks the "login" keyring, the default collection
    # (with no bytes at all, the daemon starts but creates no collection).
    eval "$(printf '\n' | gnome-keyring-daemon --unlock --components=secrets)"
    # The daemon forks before it owns org.freedesktop.secrets: wait (at most 5 s) until it does.
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
        i=$((i + 1))
        [ "$i" -le 100 ] || { echo "gnome-keyring-daemon did not appear on the bus" >&2; exit 1; }
        sleep 0.05
    done
fi
"$@"
