#!/usr/bin/env bash
# Runs a private Postfix smtpd, for the relay tests and the benchmark: its own configuration, queue
# and log under DIR, listening on 127.0.0.1:PORT, with STARTTLS from CERT and KEY (PEM), and
# rejecting an EHLO name that is not fully qualified (reject_non_fqdn_helo_hostname), as common
# smarthosts do. Accepted mail goes to Postfix's discard transport after the queue, so it takes what
# a real smarthost takes. Every message's Message-ID and every client's EHLO name are in
# DIR/maillog. Leaves the machine's own Postfix alone; needs root (Postfix drops to its own user).
# MODE is starttls (the default: STARTTLS offered) or tls (implicit TLS, as on port 465).
#
#   scripts/postfix-relay.sh DIR PORT CERT KEY [MODE]
#
# Runs Postfix's master in the foreground: stop it with SIGTERM.
set -euo pipefail
dir="$1" port="$2" cert="$3" key="$4" mode="${5:-starttls}"
if [[ "$mode" != starttls && "$mode" != tls ]]; then
  echo "postfix-relay: MODE must be starttls or tls" >&2
  exit 2
fi
wrapper=no
if [[ "$mode" == tls ]]; then wrapper=yes; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "postfix-relay: needs root, as Postfix does" >&2
  exit 2
fi
mkdir -p "$dir/etc" "$dir/queue" "$dir/data"
chmod 755 "$dir"
chown postfix "$dir/data"
cp "$cert" "$dir/etc/cert.pem"
cp "$key" "$dir/etc/key.pem"
chmod 600 "$dir/etc/key.pem"
echo '/^(.*)$/ WARN helo=$1' > "$dir/etc/helo_log"
cat > "$dir/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = relay.tidings-test.example
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_helo_required = yes
smtpd_helo_restrictions = check_helo_access regexp:$dir/etc/helo_log, reject_non_fqdn_helo_hostname
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_cert_file = $dir/etc/cert.pem
smtpd_tls_key_file = $dir/etc/key.pem
smtpd_tls_security_level = may
default_transport = discard
relay_transport = discard
local_transport = discard
default_process_limit = 100
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
biff = no
CONF
cat > "$dir/etc/master.cf" <<CONF
127.0.0.1:$port inet n - n - - smtpd -o smtpd_tls_wrappermode=$wrapper
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
tlsmgr    unix  - - n 1000? 1 tlsmgr
CONF
postfix -c "$dir/etc" set-permissions create-missing >/dev/null
exec /usr/lib/postfix/sbin/master -c "$dir/etc" -d
