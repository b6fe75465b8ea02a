#!/usr/bin/env bash
# Makes sure Debian's Chromium and ChromeDriver are installed for the browser tests (Selenium),
# with the Noto CJK and colour emoji fonts so Japanese text and emoji render in screenshots:
# installs the packages with apt-get where they are missing. Safe to run again.
set -euo pipefail

packages=(chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "ensure-chromium: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq || true
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "ensure-chromium: chromium or chromedriver is still missing after apt-get" >&2
  exit 1
fi
