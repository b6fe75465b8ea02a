#!/usr/bin/env bash
# Makes sure Debian's Chromium and ChromeDriver are installed for the browser tests (Selenium):
# installs the packages chromium and chromium-driver with apt-get where they are missing. Safe to
# run again.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
echo "ensure-chromium: installing chromium and chromium-driver with apt-get" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq || true
"${sudo_cmd[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "ensure-chromium: chromium or chromedriver is still missing after apt-get" >&2
  exit 1
fi
