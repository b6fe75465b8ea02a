#!/usr/bin/env bash
# Makes sure the real mail servers of the relay tests are installed: Python's aiosmtpd (STARTTLS,
# implicit TLS and AUTH relays), OpenSSL (the tests' own CA and certificates), Postfix (smtpd,
# smtp-sink, smtp-source) and stunnel4 (TLS in front of smtp-sink in the benchmark). Installs the
# missing Debian packages with apt-get, configuring Postfix as "No configuration" so that no
# system mail service is set up or started. Safe to run again.
set -euo pipefail

packages=(python3-aiosmtpd openssl postfix stunnel4)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "ensure-relays: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
echo "postfix postfix/main_mailer_type select No configuration" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
  || { "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; }
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  echo "ensure-relays: /usr/bin/python3 cannot import aiosmtpd after apt-get" >&2
  exit 1
fi
