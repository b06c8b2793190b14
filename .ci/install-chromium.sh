#!/usr/bin/env bash
# Installs Debian's chromium for eval/html.browser.test.ts, which opens the HTML precision report
# in a real browser. Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install-chromium: $CHROMIUM already installed ($("$CHROMIUM" --version 2>/dev/null || echo "version unknown"))" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: apt-get not found; install Debian's chromium package so that $CHROMIUM exists" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium: need root (or sudo) to install chromium with apt-get" >&2
    exit 1
  fi
fi

$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "install-chromium: apt-get installed chromium but $CHROMIUM is missing; expected the Debian package layout" >&2
  exit 1
fi
echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
