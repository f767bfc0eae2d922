#!/usr/bin/env bash
# Records the bundled sample captures from real, independent protocol implementations talking over loopback.
#
#   sample-captures/record.sh              # record all thirteen, then expected-counts.json
#   sample-captures/record.sh ntp http     # record only these (expected-counts.json is regenerated for all files)
#   SKIP_APT=1 sample-captures/record.sh   # do not run apt-get (packages already installed)
#   KEEP_WORK=1 sample-captures/record.sh  # keep the temporary folder (server configs and logs) for inspection
#   OUT_DIR=/tmp/caps sample-captures/record.sh mqtt   # write the captures and their counts there instead
#
# Names (a capture's file name works too, e.g. modbus_pymodbus):
#   ntp syslog http ldap radius                               -> NAME.pcap
#   modbus mqtt snmp coap tftp memcached sip pgsql            -> modbus_pymodbus.pcap, mqtt_mosquitto.pcap,
#                                                                snmp_netsnmp.pcap, coap_libcoap.pcap, tftp_hpa.pcap,
#                                                                memcached_text.pcap, sip_sipp.pcap, pgsql_psql.pcap
#
# Needs root (servers bind privileged ports, tcpdump opens `lo`). Every server runs with a private config under a
# fresh temporary folder, binds 127.0.0.1 only, and is stopped on exit (trap). The system's own services and config
# files are never touched. Only the Debian packages of the named captures are installed; pymodbus (Debian 12's
# python3-pymodbus 3.0 predates the API clients/ uses) is installed with pip into a virtual environment inside the
# temporary folder.
# Client scripts and scenario files live in clients/. Rerunnable: each run overwrites the captures it records.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CLIENTS="$HERE/clients"
OUT="${OUT_DIR:-$HERE}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d /tmp/qbitel-record.XXXXXX)"
chmod 755 "$WORK"
PIDS=()

log() { printf '[record] %s\n' "$*" >&2; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    # Daemons that fork write a pid file; stop those too (PostgreSQL's postmaster.pid holds the pid on line 1).
    local f
    for f in "$WORK"/*.pid "$WORK"/*/data/postmaster.pid; do
        [ -f "$f" ] || continue
        pid="$(head -n 1 "$f" 2>/dev/null || true)"
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------------------------------------------------

ALL_TARGETS=(ntp syslog http ldap radius modbus mqtt snmp coap tftp memcached sip pgsql)

# capture_name TARGET: the capture's file name without .pcap.
capture_name() {
    case "$1" in
        modbus) echo modbus_pymodbus ;;
        mqtt) echo mqtt_mosquitto ;;
        snmp) echo snmp_netsnmp ;;
        coap) echo coap_libcoap ;;
        tftp) echo tftp_hpa ;;
        memcached) echo memcached_text ;;
        sip) echo sip_sipp ;;
        pgsql) echo pgsql_psql ;;
        *) echo "$1" ;;
    esac
}

# packages_for TARGET: the Debian packages that record it (besides tcpdump, tshark and iproute2).
packages_for() {
    case "$1" in
        ntp) echo chrony ntpsec-ntpdate ;;
        syslog) echo rsyslog bsdutils ;;
        http) echo nginx-light curl ;;
        ldap) echo slapd ldap-utils ;;
        radius) echo freeradius freeradius-utils ;;
        modbus) echo python3 python3-venv ;;
        mqtt) echo mosquitto mosquitto-clients ;;
        snmp) echo snmpd snmp snmptrapd ;;
        coap) echo libcoap3-bin ;;
        tftp) echo tftpd-hpa tftp-hpa atftp ;;
        memcached) echo memcached python3 ;;
        sip) echo sip-tester ;;
        pgsql) echo postgresql-15 postgresql-client-15 ;;
    esac
}

PACKAGES=(tcpdump tshark iproute2)
# pymodbus for the Modbus/TCP server and client (PyPI), installed into $WORK/venv by setup_pymodbus.
PYMODBUS_VERSION="${PYMODBUS_VERSION:-3.16.1}"

install_packages() {
    if [ "${SKIP_APT:-0}" = 1 ]; then return; fi
    log "installing: ${PACKAGES[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Keep package installation from starting the system services (chrony, rsyslog, nginx, slapd, freeradius,
    # mosquitto, snmpd, tftpd-hpa, memcached, postgresql): only the private instances below may run.
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' > "$policy"
        chmod 755 "$policy"
        created_policy=1
    fi
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    apt-get update -qq
    apt-get install -y -q "${PACKAGES[@]}" >/dev/null
    if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
}

# --- helpers -------------------------------------------------------------------------------------------------------

# Waits until something listens on 127.0.0.1:PORT (udp or tcp).
wait_listening() {
    local proto="$1" port="$2" i
    for i in $(seq 1 100); do
        if ss -Hln"${proto:0:1}" "sport = :$port" | grep -q "127.0.0.1:$port"; then return 0; fi
        sleep 0.1
    done
    log "nothing listens on 127.0.0.1:$port/$proto"
    return 1
}

port_in_use() {
    local proto="$1" port="$2"
    ss -Hln"${proto:0:1}" "sport = :$port" | grep -q ":$port"
}

CAPTURE_PID=""
CAPTURE_NAME=""

# start_capture NAME BPF-FILTER: tcpdump on lo, full snaplen, classic pcap.
start_capture() {
    CAPTURE_NAME="$1"
    local filter="$2" i
    # --immediate-mode: hand every packet to tcpdump as it arrives. Without it libpcap delivers the ring buffer in
    # blocks, and the packets of the last block can be missing when tcpdump is stopped. In immediate mode each ring
    # slot holds a whole loopback-sized frame, so the default 2 MiB buffer has only a few dozen slots and a busy
    # machine drops packets from it; -B 32768 (32 MiB) leaves room for the bursts of these captures.
    tcpdump -i lo -s 0 -B 32768 -U --immediate-mode -n -Z root -w "$WORK/$CAPTURE_NAME.pcap" "$filter" \
        2>"$WORK/tcpdump-$CAPTURE_NAME.log" &
    CAPTURE_PID=$!
    PIDS+=("$CAPTURE_PID")
    for i in $(seq 1 100); do
        if grep -q "listening on" "$WORK/tcpdump-$CAPTURE_NAME.log"; then return 0; fi
        sleep 0.1
    done
    log "tcpdump did not start: $(cat "$WORK/tcpdump-$CAPTURE_NAME.log")"
    return 1
}

stop_capture() {
    sleep 1
    kill -INT "$CAPTURE_PID"
    wait "$CAPTURE_PID" 2>/dev/null || true
    mv "$WORK/$CAPTURE_NAME.pcap" "$OUT/$CAPTURE_NAME.pcap"
    chmod 644 "$OUT/$CAPTURE_NAME.pcap"
    log "$CAPTURE_NAME.pcap: $(tail -n 3 "$WORK/tcpdump-$CAPTURE_NAME.log" | head -n 1)"
    local dropped
    dropped="$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$WORK/tcpdump-$CAPTURE_NAME.log")"
    if [ -n "$dropped" ] && [ "$dropped" != 0 ]; then
        log "WARNING: $CAPTURE_NAME.pcap is incomplete ($dropped packets dropped by kernel); record it again"
    fi
}

# stop_server PID: ends one server this script started.
stop_server() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# --- NTP: chronyd serves, chronyd -Q and ntpsec's ntpdig/ntpdate query ----------------------------------------------

record_ntp() {
    local port=123
    if port_in_use udp 123; then port=1123; log "udp/123 is taken; NTP server on $port"; fi
    local d="$WORK/ntp"
    mkdir -p "$d"
    cat > "$d/server.conf" <<EOF
port $port
bindaddress 127.0.0.1
cmdport 0
local stratum 8
allow 127.0.0.1
pidfile $d/server.pid
driftfile $d/server.drift
ratelimit interval 1 burst 16 leak 2
EOF
    chronyd -4 -x -d -u root -f "$d/server.conf" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening udp "$port"
    # chronyd needs a moment after start before it serves synchronised (local reference) time.
    sleep 2

    start_capture ntp "udp port $port"
    local i variant
    local variants=("iburst" "iburst version 3" "iburst xleave" "iburst minpoll 0 maxpoll 0" "iburst extfield F323")
    for i in 1 2; do
        for variant in "${variants[@]}"; do
            cat > "$d/client.conf" <<EOF
server 127.0.0.1 port $port $variant maxsamples 4
cmdport 0
pidfile $d/client.pid
EOF
            timeout 20 chronyd -4 -Q -u root -f "$d/client.conf" >>"$d/client.log" 2>&1 || true
        done
        # Symmetric active mode (1) from a second chronyd with its own NTP port, answered in passive mode (2).
        cat > "$d/peer.conf" <<EOF
peer 127.0.0.1 port $port minpoll -1 maxpoll -1
port $((port + 1001))
bindaddress 127.0.0.1
cmdport 0
pidfile $d/peer.pid
EOF
        timeout 15 chronyd -4 -x -d -u root -t 5 -f "$d/peer.conf" >>"$d/client.log" 2>&1 || true
        # A second implementation (NTPsec; it only talks to port 123): single queries.
        if [ "$port" = 123 ]; then
            timeout 10 ntpdig -p 1 -t 2 "127.0.0.1" >>"$d/client.log" 2>&1 || true
            timeout 15 ntpdate -q 127.0.0.1 >>"$d/client.log" 2>&1 || true
        fi
    done
    # A burst of queries that the server's rate limit partly drops.
    if [ "$port" = 123 ]; then
        for i in $(seq 1 12); do
            timeout 5 ntpdig -p 1 -t 1 "127.0.0.1" >>"$d/client.log" 2>&1 || true
        done
    fi
    stop_capture
    stop_server "$server"
}

# --- syslog over UDP: rsyslogd receives, util-linux logger sends RFC 3164 and RFC 5424 -----------------------------

record_syslog() {
    local port=514
    if port_in_use udp 514; then port=1514; log "udp/514 is taken; syslog receiver on $port"; fi
    local d="$WORK/syslog"
    mkdir -p "$d/spool"
    cat > "$d/rsyslog.conf" <<EOF
global(workDirectory="$d/spool")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="$port")
*.* action(type="omfile" file="$d/received.log")
EOF
    rsyslogd -n -f "$d/rsyslog.conf" -i "$d/rsyslogd.pid" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening udp "$port"

    start_capture syslog "udp port $port"
    local facilities=(kern user mail daemon auth syslog lpr news uucp cron authpriv ftp local0 local1 local2 local3
                      local4 local5 local6 local7)
    local severities=(emerg alert crit err warning notice info debug)
    local tags=(sshd cron kernel postfix nginx backupd dhclient sudo systemd app-worker)
    local texts=(
        "Accepted publickey for deploy from 10.1.2.3 port 50122 ssh2"
        "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"
        "eth0: link up, 1000 Mbps, full duplex"
        "connect from mail.example.net[192.0.2.25]"
        "upstream timed out (110: Connection timed out) while reading response header"
        "backup of /var/lib/data finished: 1843 files, 52.3 MiB in 12.8 s"
        "DHCPACK of 10.0.0.42 from 10.0.0.1"
        "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update"
        "Started Daily apt upgrade and clean activities."
        "job 7731 done status=ok duration_ms=412 queue=high"
    )
    local n=0 f s fmt tag text args
    for n in $(seq 0 119); do
        f="${facilities[$((n * 7 % ${#facilities[@]}))]}"
        s="${severities[$((n * 3 % ${#severities[@]}))]}"
        tag="${tags[$((n % ${#tags[@]}))]}"
        text="${texts[$((n * 3 % ${#texts[@]}))]}"
        args=(-n 127.0.0.1 -P "$port" -d -p "$f.$s" -t "$tag")
        case $((n % 4)) in
            0) fmt=(--rfc3164) ;;
            1) fmt=(--rfc5424) ;;
            2) fmt=(--rfc5424=notq --msgid "ID$((n * 37 % 1000))") ;;
            3) fmt=(--rfc5424=notime,nohost --sd-id "exampleSDID@32473" --sd-param "iut=\"$n\""
                    --sd-param 'eventSource="Application"') ;;
        esac
        if [ $((n % 5)) = 0 ]; then args+=(-i); fi
        logger "${args[@]}" "${fmt[@]}" "$text" || true
    done
    stop_capture
    stop_server "$server"
}

# --- HTTP/1.1: nginx serves (static files, WebDAV PUT/DELETE, redirects), curl requests ----------------------------

record_http() {
    local port=80
    if port_in_use tcp 80; then port=8080; log "tcp/80 is taken; nginx on $port"; fi
    local d="$WORK/http"
    mkdir -p "$d/logs" "$d/tmp" "$d/www/docs" "$d/www/upload" "$d/www/static"
    cat > "$d/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/logs/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $d/logs/access.log;
    client_body_temp_path $d/tmp/body;
    proxy_temp_path $d/tmp/proxy;
    fastcgi_temp_path $d/tmp/fastcgi;
    uwsgi_temp_path $d/tmp/uwsgi;
    scgi_temp_path $d/tmp/scgi;
    server_tokens on;
    keepalive_requests 50;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $d/www;
        index index.html;
        location = /old-page { return 301 /index.html; }
        location = /moved-temporarily { return 302 /docs/; }
        location /api/ {
            default_type application/json;
            if (\$request_method = POST) { return 201 '{"id":42,"status":"created"}\n'; }
            if (\$request_method = DELETE) { return 204; }
            return 200 '{"items":[{"id":1,"name":"alpha"},{"id":2,"name":"beta"}]}\n';
        }
        location /upload/ {
            dav_methods PUT DELETE MKCOL;
            create_full_put_path on;
            dav_access user:rw group:r all:r;
        }
    }
}
EOF
    cat > "$d/www/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><title>Sample site</title><link rel="stylesheet" href="/static/site.css"></head>
<body><h1>Sample site</h1><p>Served by nginx for a loopback capture.</p><a href="/docs/">docs</a></body></html>
EOF
    printf 'body { font-family: sans-serif; margin: 2em; }\nh1 { color: #225; }\n' > "$d/www/static/site.css"
    printf '{"name":"sample","version":3,"tags":["a","b","c"]}\n' > "$d/www/static/data.json"
    printf '<html><body><h2>Docs</h2><ul><li>intro</li><li>api</li></ul></body></html>\n' > "$d/www/docs/index.html"
    head -c 3000 /dev/zero | tr '\0' 'x' > "$d/www/static/big.txt"
    chmod -R a+rwX "$d/www" "$d/tmp"
    nginx -c "$d/nginx.conf" -p "$d" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening tcp "$port"

    start_capture http "tcp port $port"
    local base="http://127.0.0.1:$port" round c
    c=(curl --http1.1 -s -o /dev/null --max-time 5)
    for round in 1 2 3; do
        # One keep-alive connection with several GETs.
        "${c[@]}" -A "curl/7.88.1" "$base/" "$base/static/site.css" "$base/static/data.json" "$base/docs/" || true
        "${c[@]}" -I "$base/" || true
        "${c[@]}" -I "$base/static/data.json" || true
        "${c[@]}" "$base/missing-$round.html" || true
        "${c[@]}" "$base/docs" || true
        "${c[@]}" "$base/old-page" || true
        "${c[@]}" -L "$base/moved-temporarily" || true
        "${c[@]}" -X POST -H "Content-Type: application/json" -d "{\"name\":\"item$round\",\"qty\":$((round * 3))}" \
            "$base/api/items" || true
        "${c[@]}" -H "Accept: application/json" "$base/api/items" || true
        "${c[@]}" -X DELETE "$base/api/items/$round" || true
        "${c[@]}" -X POST -d "q=search&page=$round" "$base/index.html" || true
        "${c[@]}" -X DELETE "$base/index.html" || true
        "${c[@]}" -X PUT -H "Content-Type: text/plain" --data-binary "note $round: hello from curl" \
            "$base/upload/note-$round.txt" || true
        "${c[@]}" -X PUT -H "Content-Type: text/plain" --data-binary "note $round: updated" \
            "$base/upload/note-$round.txt" || true
        "${c[@]}" "$base/upload/note-$round.txt" || true
        "${c[@]}" -X DELETE "$base/upload/note-$round.txt" || true
        "${c[@]}" -X DELETE "$base/upload/note-$round.txt" || true
        "${c[@]}" -r 0-99 "$base/static/big.txt" || true
        "${c[@]}" -z "$d/www/static/site.css" "$base/static/site.css" || true                     # 304
        "${c[@]}" -X OPTIONS "$base/" || true
    done
    stop_capture
    stop_server "$server"
}

# --- LDAP: OpenLDAP slapd with an mdb database, ldap-utils clients -------------------------------------------------

record_ldap() {
    local port=389
    if port_in_use tcp 389; then port=1389; log "tcp/389 is taken; slapd on $port"; fi
    local d="$WORK/ldap"
    mkdir -p "$d/db"
    cat > "$d/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile $d/slapd.pid
argsfile $d/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=example,dc=org"
rootdn "cn=admin,dc=example,dc=org"
rootpw secret
directory $d/db
index objectClass eq
index uid eq
access to attrs=userPassword by self write by anonymous auth by * none
access to * by self write by users read by anonymous read
EOF
    slapd -d 0 -f "$d/slapd.conf" -h "ldap://127.0.0.1:$port/" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening tcp "$port"

    local base="dc=example,dc=org" admin="cn=admin,dc=example,dc=org" H="ldap://127.0.0.1:$port"
    {
        printf 'dn: %s\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example Org\n\n' "$base"
        printf 'dn: ou=people,%s\nobjectClass: organizationalUnit\nou: people\n\n' "$base"
        printf 'dn: ou=groups,%s\nobjectClass: organizationalUnit\nou: groups\n\n' "$base"
        local u i=0
        for u in alice bob carol dave erin frank; do
            i=$((i + 1))
            printf 'dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\n' "$u" "$base"
            printf 'uid: %s\ncn: %s Example\nsn: Example%s\ngivenName: %s\nmail: %s@example.org\n' \
                "$u" "$u" "$i" "$u" "$u"
            printf 'uidNumber: %d\ngidNumber: 1000\nhomeDirectory: /home/%s\nloginShell: /bin/bash\n' \
                "$((1000 + i))" "$u"
            printf 'userPassword: %s-pass\ntelephoneNumber: +1 555 010%d\n\n' "$u" "$i"
        done
        printf 'dn: cn=staff,ou=groups,%s\nobjectClass: posixGroup\ncn: staff\ngidNumber: 1000\n' "$base"
        printf 'memberUid: alice\nmemberUid: bob\nmemberUid: carol\n\n'
    } > "$d/base.ldif"
    printf 'dn: uid=alice,ou=people,%s\nchangetype: modify\nreplace: mail\nmail: alice.example@example.org\n-\nadd: description\ndescription: team lead\n\n' "$base" > "$d/modify1.ldif"
    printf 'dn: uid=bob,ou=people,%s\nchangetype: modify\ndelete: telephoneNumber\n-\nreplace: loginShell\nloginShell: /bin/zsh\n\n' "$base" > "$d/modify2.ldif"
    printf 'dn: uid=zoe,ou=people,%s\nchangetype: modify\nreplace: mail\nmail: zoe@example.org\n\n' "$base" > "$d/modify-missing.ldif"
    printf 'dn: uid=alice,ou=people,%s\nchangetype: modify\nreplace: description\ndescription: self-edited\n\n' "$base" > "$d/modify-self.ldif"

    start_capture ldap "tcp port $port"
    local q=(-x -H "$H" -o nettimeout=5)
    ldapadd "${q[@]}" -D "$admin" -w secret -f "$d/base.ldif" >/dev/null
    ldapadd "${q[@]}" -D "$admin" -w secret -f "$d/base.ldif" -c >/dev/null 2>&1 || true   # alreadyExists
    ldapwhoami "${q[@]}" -D "$admin" -w secret >/dev/null || true
    ldapwhoami "${q[@]}" -D "uid=alice,ou=people,$base" -w alice-pass >/dev/null || true
    ldapwhoami "${q[@]}" >/dev/null || true
    ldapwhoami "${q[@]}" -D "uid=alice,ou=people,$base" -w wrong >/dev/null 2>&1 || true        # invalidCredentials
    ldapwhoami "${q[@]}" -D "uid=nobody,ou=people,$base" -w x >/dev/null 2>&1 || true           # invalidCredentials
    ldapsearch "${q[@]}" -b "$base" -s base "(objectClass=*)" >/dev/null || true
    ldapsearch "${q[@]}" -b "ou=people,$base" -s one "(objectClass=inetOrgPerson)" cn mail >/dev/null || true
    ldapsearch "${q[@]}" -b "$base" "(uid=alice)" >/dev/null || true
    ldapsearch "${q[@]}" -b "$base" "(&(objectClass=posixAccount)(uidNumber>=1003))" uid uidNumber >/dev/null || true
    ldapsearch "${q[@]}" -b "$base" "(|(uid=bob)(uid=carol)(cn=erin*))" dn >/dev/null || true
    ldapsearch "${q[@]}" -b "$base" -z 2 "(objectClass=person)" >/dev/null 2>&1 || true         # sizeLimitExceeded
    ldapsearch "${q[@]}" -b "ou=nowhere,$base" "(objectClass=*)" >/dev/null 2>&1 || true        # noSuchObject
    ldapsearch "${q[@]}" -D "uid=bob,ou=people,$base" -w bob-pass -b "$base" "(memberUid=bob)" >/dev/null || true
    ldapsearch "${q[@]}" -D "$admin" -w secret -b "$base" "(uid=*)" userPassword >/dev/null || true
    ldapsearch "${q[@]}" -b "" -s base "(objectClass=*)" namingContexts supportedLDAPVersion \
        supportedExtension >/dev/null || true                                                    # root DSE
    ldapmodify "${q[@]}" -D "$admin" -w secret -f "$d/modify1.ldif" >/dev/null || true
    ldapmodify "${q[@]}" -D "$admin" -w secret -f "$d/modify2.ldif" >/dev/null || true
    ldapmodify "${q[@]}" -D "$admin" -w secret -f "$d/modify-missing.ldif" >/dev/null 2>&1 || true  # noSuchObject
    ldapmodify "${q[@]}" -D "uid=alice,ou=people,$base" -w alice-pass -f "$d/modify-self.ldif" >/dev/null || true
    ldapmodify "${q[@]}" -f "$d/modify2.ldif" >/dev/null 2>&1 || true                           # anonymous write
    ldapcompare "${q[@]}" "uid=carol,ou=people,$base" "loginShell:/bin/bash" >/dev/null 2>&1 || true
    ldapcompare "${q[@]}" "uid=carol,ou=people,$base" "loginShell:/bin/sh" >/dev/null 2>&1 || true
    ldapmodrdn "${q[@]}" -D "$admin" -w secret -r "uid=frank,ou=people,$base" "uid=franklin" >/dev/null || true
    ldappasswd "${q[@]}" -D "uid=dave,ou=people,$base" -w dave-pass -s dave-new-pass >/dev/null || true
    ldapwhoami "${q[@]}" -D "uid=dave,ou=people,$base" -w dave-new-pass >/dev/null || true
    ldapdelete "${q[@]}" -D "$admin" -w secret "uid=erin,ou=people,$base" >/dev/null || true
    ldapdelete "${q[@]}" -D "$admin" -w secret "uid=erin,ou=people,$base" >/dev/null 2>&1 || true  # noSuchObject
    ldapdelete "${q[@]}" -D "$admin" -w secret "ou=people,$base" >/dev/null 2>&1 || true          # notAllowedOnNonLeaf
    ldapsearch "${q[@]}" -D "$admin" -w secret -b "$base" "(objectClass=*)" dn >/dev/null || true
    stop_capture
    stop_server "$server"
}

# --- RADIUS: FreeRADIUS with a private config copy, radclient sends auth, accounting and status --------------------

record_radius() {
    local auth=1812 acct=1813
    if port_in_use udp 1812 || port_in_use udp 1813; then auth=11812; acct=11813; log "1812/1813 taken; using $auth/$acct"; fi
    local d="$WORK/radius" secret="testing123"
    mkdir -p "$d/log" "$d/run"
    cp -a /etc/freeradius/3.0 "$d/raddb"
    local r="$d/raddb"
    sed -i -e "s|^\(\s*logdir\s*=\).*|\1 $d/log|" -e "s|^\(\s*run_dir\s*=\).*|\1 $d/run|" \
        -e "s|^\(\s*user\s*=\s*freerad\)|#\1|" -e "s|^\(\s*group\s*=\s*freerad\)|#\1|" \
        -e "s|^\(\s*reject_delay\s*=\).*|\1 0|" "$r/radiusd.conf"
    rm -f "$r/sites-enabled/"* "$r/mods-enabled/eap"
    cat > "$r/sites-enabled/sample" <<EOF
server sample {
    listen {
        type = auth
        ipaddr = 127.0.0.1
        port = $auth
    }
    listen {
        type = acct
        ipaddr = 127.0.0.1
        port = $acct
    }
    authorize {
        preprocess
        chap
        files
        pap
    }
    authenticate {
        Auth-Type PAP {
            pap
        }
        Auth-Type CHAP {
            chap
        }
    }
    preacct {
        preprocess
        acct_unique
    }
    accounting {
        detail
        attr_filter.accounting_response
    }
    post-auth {
        Post-Auth-Type REJECT {
            attr_filter.access_reject
        }
    }
}
EOF
    cat > "$r/clients.conf" <<EOF
client loopback {
    ipaddr = 127.0.0.1
    secret = $secret
    shortname = loopback
}
EOF
    local users="$r/mods-config/files/authorize"
    {
        printf 'alice Cleartext-Password := "wonderland"\n'
        printf '\tReply-Message := "Hello, %%{User-Name}", Session-Timeout := 3600, Framed-IP-Address := 10.0.0.10\n\n'
        printf 'bob Cleartext-Password := "builder"\n'
        printf '\tService-Type := Framed-User, Framed-Protocol := PPP, Framed-MTU := 1500, Idle-Timeout := 600\n\n'
        printf 'carol Cleartext-Password := "c4r0l-secret"\n'
        printf '\tReply-Message := "Welcome back", Class := "gold"\n\n'
        cat "$users"
    } > "$users.new"
    mv "$users.new" "$users"
    freeradius -f -d "$r" -l "$d/log/radius.log" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening udp "$acct"

    start_capture radius "udp port $auth or udp port $acct"
    local a="127.0.0.1:$auth" c="127.0.0.1:$acct" round sid
    local rc=(radclient -q -r 1 -t 2 -c 1)
    local nas='NAS-IP-Address = 127.0.0.1, NAS-Port-Type = Ethernet'
    for round in 1 2 3 4 5; do
        echo "User-Name = alice, User-Password = wonderland, NAS-Port = $round, $nas" | "${rc[@]}" "$a" auth "$secret" || true
        echo "User-Name = alice, User-Password = not-it-$round, NAS-Port = $round, $nas" | "${rc[@]}" "$a" auth "$secret" || true
        echo "User-Name = bob, CHAP-Password = builder, NAS-Port = $((round + 10)), Calling-Station-Id = \"02-00-00-00-00-0$round\", $nas" \
            | "${rc[@]}" "$a" auth "$secret" || true
        echo "User-Name = bob, CHAP-Password = wrong, NAS-Port = $((round + 10)), $nas" | "${rc[@]}" "$a" auth "$secret" || true
        echo "User-Name = carol, User-Password = c4r0l-secret, Called-Station-Id = \"AA-BB-CC-DD-EE-FF:corp\", Message-Authenticator = 0x00, $nas" \
            | "${rc[@]}" "$a" auth "$secret" || true
        echo "User-Name = mallory$round, User-Password = guess, $nas" | "${rc[@]}" "$a" auth "$secret" || true
        echo "Message-Authenticator = 0x00" | "${rc[@]}" "$a" status "$secret" || true
        sid="$(printf '%08X' $((0x5EED0000 + round)))"
        echo "User-Name = alice, Acct-Status-Type = Start, Acct-Session-Id = \"$sid\", Framed-IP-Address = 10.0.0.10, NAS-Port = $round, $nas" \
            | "${rc[@]}" "$c" acct "$secret" || true
        echo "User-Name = alice, Acct-Status-Type = Interim-Update, Acct-Session-Id = \"$sid\", Acct-Session-Time = $((round * 60)), Acct-Input-Octets = $((round * 12345)), Acct-Output-Octets = $((round * 67890)), Acct-Input-Packets = $((round * 120)), Acct-Output-Packets = $((round * 99)), $nas" \
            | "${rc[@]}" "$c" acct "$secret" || true
        echo "User-Name = alice, Acct-Status-Type = Stop, Acct-Session-Id = \"$sid\", Acct-Session-Time = $((round * 120)), Acct-Terminate-Cause = User-Request, Acct-Input-Octets = $((round * 23456)), Acct-Output-Octets = $((round * 78901)), $nas" \
            | "${rc[@]}" "$c" acct "$secret" || true
    done
    # Accounting-On/Off from the NAS, and a request with a wrong shared secret (silently dropped, then retried).
    echo "Acct-Status-Type = Accounting-On, Acct-Session-Id = \"00000000\", $nas" | "${rc[@]}" "$c" acct "$secret" || true
    echo "User-Name = alice, User-Password = wonderland, $nas" | radclient -q -r 2 -t 1 "$a" auth wrong-secret >/dev/null 2>&1 || true
    echo "Acct-Status-Type = Accounting-Off, Acct-Session-Id = \"00000000\", $nas" | "${rc[@]}" "$c" acct "$secret" || true
    stop_capture
    stop_server "$server"
}

# --- Modbus/TCP: a pymodbus server and client (clients/modbus_server.py, clients/modbus_client.py) -----------------

MODBUS_PY=""

# Installs pymodbus with pip into a virtual environment under $WORK (nothing outside it changes); sets MODBUS_PY.
# PYMODBUS_PYTHON=/path/to/python uses an interpreter that already has pymodbus instead.
setup_pymodbus() {
    if [ -n "${PYMODBUS_PYTHON:-}" ]; then MODBUS_PY="$PYMODBUS_PYTHON"; return; fi
    local venv="$WORK/venv" python=python3
    if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; fi
    log "installing pymodbus $PYMODBUS_VERSION into $venv (pip)"
    "$python" -m venv "$venv"
    if ! "$venv/bin/pip" install --no-cache-dir --disable-pip-version-check -q "pymodbus==$PYMODBUS_VERSION" \
            >"$WORK/pip.log" 2>&1; then
        log "pip could not install pymodbus: $(tail -n 3 "$WORK/pip.log")"
        return 1
    fi
    MODBUS_PY="$venv/bin/python"
}

record_modbus() {
    local port=502
    if port_in_use tcp 502; then port=1502; log "tcp/502 is taken; Modbus server on $port"; fi
    local d="$WORK/modbus"
    mkdir -p "$d"
    setup_pymodbus
    # 100 entries per table, so higher addresses are answered with exception 2; the server ends itself after 120 s.
    "$MODBUS_PY" "$CLIENTS/modbus_server.py" "$port" 120 >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening tcp "$port"

    start_capture modbus_pymodbus "tcp port $port"
    # Two connections: 200 and 150 requests over function codes 1-7, 15, 16, 22 and 23 (seeds 1 and 2).
    timeout 90 "$MODBUS_PY" "$CLIENTS/modbus_client.py" "$port" 200 1 >>"$d/client.log" 2>&1 || true
    timeout 60 "$MODBUS_PY" "$CLIENTS/modbus_client.py" "$port" 150 2 >>"$d/client.log" 2>&1 || true
    stop_capture
    stop_server "$server"
}

# --- MQTT: mosquitto broker, mosquitto_pub / mosquitto_sub clients -------------------------------------------------

record_mqtt() {
    local port=1883
    if port_in_use tcp 1883; then port=11883; log "tcp/1883 is taken; mosquitto on $port"; fi
    local d="$WORK/mqtt"
    mkdir -p "$d"
    cat > "$d/mosquitto.conf" <<EOC
listener $port 127.0.0.1
allow_anonymous true
persistence false
password_file $d/passwd
EOC
    mosquitto_passwd -c -b "$d/passwd" operator opsecret
    # Started as root, the broker reads the password file after it switched to user mosquitto.
    chmod 600 "$d/passwd"
    chown mosquitto: "$d/passwd"
    mosquitto -c "$d/mosquitto.conf" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening tcp "$port"

    start_capture mqtt_mosquitto "tcp port $port"
    local h=(-h 127.0.0.1 -p "$port") i q r s1 s2
    # Long-lived subscribers: keepalive 5 s gives PINGREQ/PINGRESP; bounded by -W and -C.
    timeout 40 mosquitto_sub "${h[@]}" -i sub-all -k 5 -q 2 -t 'plant/#' -v -W 30 -C 150 >"$d/sub1.out" 2>&1 &
    s1=$!
    PIDS+=("$s1")
    timeout 40 mosquitto_sub "${h[@]}" -i sub-v5 -V mqttv5 -k 5 -q 1 -t 'plant/+/temp' -t 'plant/alarm' -W 30 -C 100 \
        >"$d/sub2.out" 2>&1 &
    s2=$!
    PIDS+=("$s2")
    sleep 1
    for i in $(seq 1 30); do
        q=$((i % 3))
        r=()
        if [ $((i % 7)) = 0 ]; then r=(-r); fi
        timeout 5 mosquitto_pub "${h[@]}" -i "pub$i" -q "$q" "${r[@]}" -t "plant/line$((i % 4))/temp" \
            -m "{\"t\":$((200 + i * 3)),\"n\":$i}" >>"$d/client.log" 2>&1 || true
        if [ $((i % 5)) = 0 ]; then
            timeout 5 mosquitto_pub "${h[@]}" -V mqttv5 -q $(((i + 1) % 3)) -t plant/alarm -m "alarm $i high" \
                -D publish user-property src "line$i" >>"$d/client.log" 2>&1 || true
        fi
    done
    # One connection, many publishes (one per stdin line), at each QoS.
    for q in 0 1 2; do
        seq 1 12 | sed "s/^/reading q$q /" \
            | timeout 10 mosquitto_pub "${h[@]}" -i "bulk$q" -q "$q" -t plant/line9/temp -l >>"$d/client.log" 2>&1 || true
    done
    # Retained messages: set, read back by late subscribers, cleared.
    timeout 5 mosquitto_pub "${h[@]}" -r -q 1 -t plant/status -m online >>"$d/client.log" 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -r -q 2 -t plant/line1/mode -m auto >>"$d/client.log" 2>&1 || true
    timeout 10 mosquitto_sub "${h[@]}" -i late -t plant/status -t plant/line1/mode -C 2 -W 5 >/dev/null 2>&1 || true
    timeout 10 mosquitto_sub "${h[@]}" -i late5 -V mqttv5 -t 'plant/#' --retained-only -W 3 >/dev/null 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -r -n -t plant/status >>"$d/client.log" 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -r -n -t plant/line1/mode >>"$d/client.log" 2>&1 || true
    # Subscribe, then unsubscribe (clean session off, so UNSUBSCRIBE is sent); pings while idle.
    timeout 10 mosquitto_sub "${h[@]}" -i unsub1 -c -q 1 -t plant/x -U plant/x -E >/dev/null 2>&1 || true
    timeout 10 mosquitto_sub "${h[@]}" -i unsub2 -V mqttv5 -c -q 1 -t plant/y -t plant/z -U plant/y -U plant/z -E \
        >/dev/null 2>&1 || true
    timeout 16 mosquitto_sub "${h[@]}" -i idle -k 5 -t plant/none -W 12 >/dev/null 2>&1 || true
    # MQTT 3.1 clients, a good login and refused logins (wrong password: CONNACK refused, v3.1.1 and v5).
    timeout 5 mosquitto_pub "${h[@]}" -V mqttv31 -i old31 -q 1 -t plant/line2/temp -m "v31 reading" >>"$d/client.log" 2>&1 || true
    timeout 10 mosquitto_sub "${h[@]}" -V mqttv31 -i old31s -t plant/status -E >/dev/null 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -u operator -P opsecret -q 2 -t plant/line3/temp -m "authenticated" \
        >>"$d/client.log" 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -u operator -P wrong -t plant/line3/temp -m x >>"$d/client.log" 2>&1 || true
    timeout 5 mosquitto_pub "${h[@]}" -V mqttv5 -u operator -P wrong -t plant/line3/temp -m x >>"$d/client.log" 2>&1 || true
    wait "$s1" "$s2" 2>/dev/null || true
    stop_capture
    stop_server "$server"
}

# --- SNMP: net-snmp snmpd agent and snmptrapd, net-snmp command-line tools, v1 and v2c -----------------------------

record_snmp() {
    local port=161 tport=162
    if port_in_use udp 161 || port_in_use udp 162; then port=1161; tport=1162; log "161/162 taken; using $port/$tport"; fi
    local d="$WORK/snmp"
    mkdir -p "$d/persist"
    # net-snmp keeps state (engine boots and the like) in its persistent folder; keep it private.
    local -x SNMP_PERSISTENT_DIR="$d/persist"
    cat > "$d/snmpd.conf" <<EOC
agentaddress udp:127.0.0.1:$port
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
sysContact  qbitel samples <root@localhost>
sysServices 72
EOC
    printf 'disableAuthorization yes\n' > "$d/snmptrapd.conf"
    snmpd -f -C -c "$d/snmpd.conf" -Lf "$d/snmpd.log" -p "$d/snmpd.pid" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    snmptrapd -f -C -c "$d/snmptrapd.conf" -Lf "$d/snmptrapd.log" -p "$d/snmptrapd.pid" "udp:127.0.0.1:$tport" \
        >>"$d/server.log" 2>&1 &
    local trapd=$!
    PIDS+=("$trapd")
    wait_listening udp "$port"
    wait_listening udp "$tport"

    start_capture snmp_netsnmp "udp port $port or udp port $tport"
    local a="127.0.0.1:$port" t="127.0.0.1:$tport" o=(-t 1 -r 0 -On) v l="$d/client.log"
    for v in 1 2c; do
        timeout 5 snmpget -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.3.0 1.3.6.1.2.1.1.5.0 >>"$l" 2>&1 || true
        timeout 5 snmpget -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1.4.0 >>"$l" 2>&1 || true
        timeout 5 snmpget -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1.99.0 >>"$l" 2>&1 || true    # noSuchName / noSuchObject
        timeout 5 snmpget -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.2.2.1.2.1 1.3.6.1.2.1.2.2.1.10.1 \
            1.3.6.1.2.1.2.2.1.16.1 >>"$l" 2>&1 || true
        timeout 5 snmpgetnext -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1 1.3.6.1.2.1.2.2.1.1 >>"$l" 2>&1 || true
        timeout 5 snmpgetnext -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.25.1.1 >>"$l" 2>&1 || true
        timeout 20 snmpwalk -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1 >>"$l" 2>&1 || true
        timeout 20 snmpwalk -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.2.2.1 >>"$l" 2>&1 || true
        timeout 20 snmpwalk -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.4.20 >>"$l" 2>&1 || true
        timeout 5 snmpset -v"$v" -c private "${o[@]}" "$a" 1.3.6.1.2.1.1.6.0 s "rack $v" >>"$l" 2>&1 || true
        timeout 5 snmpset -v"$v" -c private "${o[@]}" "$a" 1.3.6.1.2.1.1.5.0 s "host-$v" 1.3.6.1.2.1.1.6.0 s "room $v" \
            >>"$l" 2>&1 || true
        timeout 5 snmpset -v"$v" -c private "${o[@]}" "$a" 1.3.6.1.2.1.1.4.0 s nobody >>"$l" 2>&1 || true   # notWritable
        timeout 5 snmpset -v"$v" -c private "${o[@]}" "$a" 1.3.6.1.2.1.1.6.0 i 5 >>"$l" 2>&1 || true        # wrongType
        timeout 5 snmpset -v"$v" -c private "${o[@]}" "$a" 1.3.6.1.2.1.1.3.0 t 100 >>"$l" 2>&1 || true      # read-only
        timeout 5 snmpset -v"$v" -c public "${o[@]}" "$a" 1.3.6.1.2.1.1.6.0 s denied >>"$l" 2>&1 || true    # read-only community
        timeout 5 snmpget -v"$v" -c wrongcomm "${o[@]}" "$a" 1.3.6.1.2.1.1.1.0 >>"$l" 2>&1 || true          # no answer
    done
    timeout 20 snmpbulkwalk -v2c -c public "${o[@]}" -Cr10 "$a" 1.3.6.1.2.1.2 >>"$l" 2>&1 || true
    timeout 20 snmpbulkwalk -v2c -c public "${o[@]}" -Cr25 "$a" 1.3.6.1.2.1.25.2.3 >>"$l" 2>&1 || true
    timeout 10 snmpbulkget -v2c -c public "${o[@]}" -Cn1 -Cr5 "$a" 1.3.6.1.2.1.1.3 1.3.6.1.2.1.2.2.1.2 >>"$l" 2>&1 || true
    timeout 5 snmpget -v2c -c public "${o[@]}" "$a" 1.3.6.1.2.1.2.2.1.2.999 >>"$l" 2>&1 || true                # noSuchInstance
    timeout 5 snmpgetnext -v2c -c public "${o[@]}" "$a" 1.3.6.1.9.9.9 >>"$l" 2>&1 || true                      # endOfMibView
    timeout 5 snmptrap -v1 -c public "$t" 1.3.6.1.4.1.8072.2.3 127.0.0.1 6 17 '' 1.3.6.1.2.1.1.6.0 s "trap v1" >>"$l" 2>&1 || true
    timeout 5 snmptrap -v2c -c public "$t" '' 1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.1 i 1 >>"$l" 2>&1 || true
    timeout 5 snmpinform -v2c -c public "${o[@]}" "$t" '' 1.3.6.1.6.3.1.1.5.4 1.3.6.1.2.1.2.2.1.1.1 i 1 >>"$l" 2>&1 || true
    stop_capture
    stop_server "$server"
    stop_server "$trapd"
}

# --- CoAP: libcoap's coap-server and coap-client (builds without TLS) ----------------------------------------------

record_coap() {
    local port=5683
    if port_in_use udp 5683; then port=15683; log "udp/5683 is taken; coap-server on $port"; fi
    local d="$WORK/coap"
    mkdir -p "$d"
    coap-server-notls -A 127.0.0.1 -p "$port" -d 20 -v 0 >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening udp "$port"

    start_capture coap_libcoap "udp port $port"
    local u="coap://127.0.0.1" c=(timeout 15 coap-client-notls -B 3 -v 0) l="$d/client.log" i
    if [ "$port" != 5683 ]; then u="coap://127.0.0.1:$port"; fi
    "${c[@]}" -m get "$u/.well-known/core" >/dev/null 2>>"$l" || true
    "${c[@]}" -N -m get "$u/.well-known/core" >/dev/null 2>>"$l" || true
    "${c[@]}" -m get "$u/" >/dev/null 2>>"$l" || true
    for i in $(seq 1 15); do
        "${c[@]}" -m get "$u/time" >/dev/null 2>>"$l" || true
        "${c[@]}" -N -m get "$u/time?ticks" >/dev/null 2>>"$l" || true
        "${c[@]}" -m put -e "value $i" -t text/plain "$u/example_data" >/dev/null 2>>"$l" || true
        "${c[@]}" -m get -A text/plain "$u/example_data" >/dev/null 2>>"$l" || true
        "${c[@]}" -m put -e "{\"n\":$i}" -t application/json "$u/dyn$((i % 5))" >/dev/null 2>>"$l" || true  # created
        "${c[@]}" -N -m get "$u/dyn$((i % 5))" >/dev/null 2>>"$l" || true
        "${c[@]}" -m post -e "p=$i" "$u/example_data" >/dev/null 2>>"$l" || true                         # 4.05
        if [ $((i % 3)) = 0 ]; then "${c[@]}" -m delete "$u/dyn$((i % 5))" >/dev/null 2>>"$l" || true; fi
        "${c[@]}" -m get "$u/missing$i" >/dev/null 2>>"$l" || true                                      # 4.04
        if [ $((i % 4)) = 0 ]; then "${c[@]}" -m get "$u/async?1" >/dev/null 2>>"$l" || true; fi       # separate response
    done
    # Block-wise transfer: a payload larger than the block size, up and back down.
    head -c 3000 /usr/share/common-licenses/GPL-3 > "$d/big.txt"
    "${c[@]}" -m put -b 256 -f "$d/big.txt" "$u/example_data" >/dev/null 2>>"$l" || true
    "${c[@]}" -m get -b 256 "$u/example_data" >/dev/null 2>>"$l" || true
    # Observe for a while, confirmable and non-confirmable.
    timeout 20 coap-client-notls -v 0 -s 8 -B 10 "$u/time" >/dev/null 2>>"$l" || true
    timeout 20 coap-client-notls -v 0 -N -s 6 -B 8 "$u/time?ticks" >/dev/null 2>>"$l" || true
    stop_capture
    stop_server "$server"
}

# --- TFTP: tftpd-hpa (in.tftpd) serves, the tftp-hpa and atftp clients get and put ---------------------------------

record_tftp() {
    local port=69
    if port_in_use udp 69; then port=1069; log "udp/69 is taken; in.tftpd on $port"; fi
    # Each transfer runs on a new server port (its transfer id); keep those in a range so the capture filter can
    # name them instead of taking all UDP on loopback.
    local first=50000 last=50999
    local d="$WORK/tftp"
    local root="$d/root" w="$d/client"
    mkdir -p "$root" "$w"
    chmod 777 "$root"
    : > "$root/empty.bin"
    head -c 100 /dev/urandom > "$root/small.bin"
    head -c 512 /dev/urandom > "$root/block.bin"
    head -c 5000 /dev/urandom > "$root/medium.bin"
    head -c 30000 /dev/urandom > "$root/large.bin"
    head -c 4000 /usr/share/common-licenses/GPL-3 > "$root/readme.txt"
    chmod 644 "$root"/*
    in.tftpd -L -a "127.0.0.1:$port" -R "$first:$last" -s -c -u root -v "$root" >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening udp "$port"

    start_capture tftp_hpa "udp port $port or udp portrange $first-$last"
    local f l="$d/client-log.txt"
    pushd "$w" >/dev/null
    for f in empty.bin small.bin block.bin medium.bin large.bin; do
        timeout 20 tftp 127.0.0.1 "$port" -m binary -c get "$f" >>"$l" 2>&1 || true
    done
    timeout 20 tftp 127.0.0.1 "$port" -m ascii -c get readme.txt >>"$l" 2>&1 || true
    timeout 10 tftp 127.0.0.1 "$port" -c get missing.bin >>"$l" 2>&1 || true                 # File not found
    timeout 10 tftp 127.0.0.1 "$port" -c get ../etc/passwd >>"$l" 2>&1 || true              # Access violation
    head -c 3000 /dev/urandom > up1.bin
    head -c 700 /dev/urandom > up2.bin
    timeout 20 tftp 127.0.0.1 "$port" -m binary -c put up1.bin >>"$l" 2>&1 || true
    timeout 20 tftp 127.0.0.1 "$port" -m binary -c put up2.bin >>"$l" 2>&1 || true
    timeout 20 tftp 127.0.0.1 "$port" -m ascii -c put readme.txt copy.txt >>"$l" 2>&1 || true
    timeout 20 tftp 127.0.0.1 "$port" -m binary -c get up1.bin back1.bin >>"$l" 2>&1 || true
    # atftp with the RFC 2347-2349 options (answered by OACK): block size, transfer size, timeout.
    timeout 20 atftp --option "blksize 1024" --option "tsize 0" -g -r large.bin -l a1.bin 127.0.0.1 "$port" >>"$l" 2>&1 || true
    timeout 20 atftp --option "blksize 256" --option "timeout 2" -g -r medium.bin -l a2.bin 127.0.0.1 "$port" >>"$l" 2>&1 || true
    timeout 20 atftp --option "tsize 0" -g -r small.bin -l a3.bin 127.0.0.1 "$port" >>"$l" 2>&1 || true
    timeout 20 atftp --option "blksize 600" --option "tsize 3000" -p -l up1.bin -r up3.bin 127.0.0.1 "$port" >>"$l" 2>&1 || true
    timeout 20 atftp -g -r nothere.txt -l a4.bin 127.0.0.1 "$port" >>"$l" 2>&1 || true
    popd >/dev/null
    stop_capture
    stop_server "$server"
}

# --- memcached text protocol: memcached serves, a Python socket client (clients/memcache_client.py) ------------------

record_memcached() {
    local port=11211
    if port_in_use tcp 11211; then port=21211; log "tcp/11211 is taken; memcached on $port"; fi
    local d="$WORK/memcached"
    mkdir -p "$d"
    memcached -l 127.0.0.1 -p "$port" -U 0 -u root -m 16 >"$d/server.log" 2>&1 &
    local server=$!
    PIDS+=("$server")
    wait_listening tcp "$port"

    start_capture memcached_text "tcp port $port"
    # 330 commands (seed 7), each answered before the next, over 3 connections.
    timeout 90 python3 "$CLIENTS/memcache_client.py" "$port" 330 7 >>"$d/client.log" 2>&1 || true
    stop_capture
    stop_server "$server"
}

# --- SIP: SIPp (sip-tester) as user agent client against SIPp as user agent server ---------------------------------

record_sip() {
    local port=5060
    if port_in_use udp 5060; then port=15060; log "udp/5060 is taken; SIPp server on $port"; fi
    local d="$WORK/sip"
    mkdir -p "$d"
    local x=(-nostdin -trace_err -error_file "$d/errors.log") server
    pushd "$d" >/dev/null

    start_capture sip_sipp "udp port $port"
    # SIPp's built-in call flow, 40 calls: INVITE, 180, 200, ACK, BYE, 200.
    timeout 60 sipp -sn uas -i 127.0.0.1 -p "$port" -m 40 -timeout 50 "${x[@]}" >"$d/uas.log" 2>&1 &
    server=$!
    PIDS+=("$server")
    wait_listening udp "$port"
    timeout 60 sipp -sn uac -i 127.0.0.1 -p $((port + 1)) -m 40 -r 10 -l 5 -timeout 40 "${x[@]}" "127.0.0.1:$port" \
        >"$d/uac.log" 2>&1 || true
    stop_server "$server"
    # clients/sip: REGISTER challenged with 401 and then accepted, OPTIONS, INVITE answered 100 and 486, ACK,
    # MESSAGE answered 202; 25 runs.
    timeout 60 sipp -sf "$CLIENTS/sip/uas_misc.xml" -i 127.0.0.1 -p "$port" -m 25 -timeout 50 "${x[@]}" \
        >"$d/uas-misc.log" 2>&1 &
    server=$!
    PIDS+=("$server")
    wait_listening udp "$port"
    timeout 60 sipp -sf "$CLIENTS/sip/uac_misc.xml" -s echo -i 127.0.0.1 -p $((port + 2)) -m 25 -r 10 -l 5 -timeout 40 \
        "${x[@]}" "127.0.0.1:$port" >"$d/uac-misc.log" 2>&1 || true
    popd >/dev/null
    stop_capture
    stop_server "$server"
}

# --- PostgreSQL: a private PostgreSQL 15 cluster, psql and pgbench -------------------------------------------------

record_pgsql() {
    local port=5432
    if port_in_use tcp 5432; then port=15432; log "tcp/5432 is taken; PostgreSQL on $port"; fi
    local d="$WORK/pgsql" bin=/usr/lib/postgresql/15/bin
    mkdir -p "$d"
    chown postgres: "$d"
    echo samplepass > "$d/pw"
    chown postgres: "$d/pw"
    pushd "$d" >/dev/null
    # A fresh cluster owned by user postgres: SCRAM-SHA-256 over TCP, no TLS (libpq's SSLRequest is refused with N).
    runuser -u postgres -- "$bin/initdb" -D "$d/data" -U postgres --pwfile="$d/pw" --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$d/initdb.log" 2>&1
    runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c ssl=off -c unix_socket_directories=$d" start >/dev/null
    wait_listening tcp "$port"
    printf 'w-500,west\nw-501,west\n' > "$d/sensors.csv"

    start_capture pgsql_psql "tcp port $port"
    local p=(-h 127.0.0.1 -p "$port" -U postgres)
    # Simple query protocol: DDL, DML, errors, transactions, PREPARE/EXECUTE, COPY out and in, NOTIFY.
    PGPASSWORD=samplepass timeout 60 psql "${p[@]}" -d postgres -X -f "$CLIENTS/pg_queries.sql" >"$d/psql.out" 2>&1 || true
    PGPASSWORD=wrong timeout 10 psql "${p[@]}" -d postgres -X -c 'SELECT 1' >/dev/null 2>&1 || true        # auth failure
    PGPASSWORD=samplepass timeout 10 psql "${p[@]}" -d nosuchdb -X -c 'SELECT 1' >/dev/null 2>&1 || true   # no such database
    # Extended query protocol (Parse/Bind/Describe/Execute/Sync), unnamed and prepared statements.
    PGPASSWORD=samplepass timeout 60 pgbench "${p[@]}" -n -M extended -t 12 -f "$CLIENTS/pg_bench.sql" postgres \
        >"$d/pgbench1.out" 2>&1 || true
    PGPASSWORD=samplepass timeout 60 pgbench "${p[@]}" -n -M prepared -t 15 -f "$CLIENTS/pg_bench.sql" postgres \
        >"$d/pgbench2.out" 2>&1 || true
    popd >/dev/null
    stop_capture
    runuser -u postgres -- "$bin/pg_ctl" -D "$d/data" -m fast -w -t 30 stop >/dev/null || true
}

# --- expected counts -----------------------------------------------------------------------------------------------

# frames = tshark's frame count; messages = frames with a transport payload; flows = distinct transport
# conversations (protocol plus unordered endpoint pair) over all frames.
write_expected_counts() {
    local json="$OUT/expected-counts.json" t name frames messages flows first=1
    {
        printf '{\n'
        for t in "${ALL_TARGETS[@]}"; do
            name="$(capture_name "$t").pcap"
            [ -f "$OUT/$name" ] || continue
            frames="$(tshark -n -r "$OUT/$name" -T fields -e frame.number | wc -l)"
            messages="$(tshark -n -r "$OUT/$name" -Y "(udp && udp.length > 8) || tcp.len > 0" -T fields -e frame.number | wc -l)"
            flows="$(tshark -n -r "$OUT/$name" -T fields -E separator=/t -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
                        -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport \
                     | awk -F '\t' '{ t = ($5 != "") ? "tcp" : "udp";
                                     a = $1 $3 ":" $5 $7; b = $2 $4 ":" $6 $8;
                                     key = (a < b) ? a "|" b : b "|" a; seen[t "|" key] = 1 }
                                   END { n = 0; for (k in seen) n++; print n }')"
            [ "$first" = 1 ] || printf ',\n'
            first=0
            printf '  "%s": {"frames": %d, "messages": %d, "flows": %d}' "$name" "$frames" "$messages" "$flows"
        done
        printf '\n}\n'
    } > "$json.tmp"
    mv "$json.tmp" "$json"
    chmod 644 "$json"
    log "wrote $json"
    cat "$json" >&2
}

# --- main ----------------------------------------------------------------------------------------------------------

if [ "$(id -u)" != 0 ]; then
    echo "record.sh needs root (tcpdump on lo, privileged ports)" >&2
    exit 1
fi
targets=()
for arg in "$@"; do
    found=""
    for t in "${ALL_TARGETS[@]}"; do
        if [ "$arg" = "$t" ] || [ "$arg" = "$(capture_name "$t")" ]; then found="$t"; fi
    done
    if [ -z "$found" ]; then echo "unknown capture: $arg (${ALL_TARGETS[*]})" >&2; exit 2; fi
    targets+=("$found")
done
if [ ${#targets[@]} = 0 ]; then targets=("${ALL_TARGETS[@]}"); fi
for t in "${targets[@]}"; do
    read -r -a pkgs <<< "$(packages_for "$t")"
    PACKAGES+=("${pkgs[@]}")
done
read -r -a PACKAGES <<< "$(printf '%s\n' "${PACKAGES[@]}" | awk '!seen[$0]++' | tr '\n' ' ')"
install_packages
for t in "${targets[@]}"; do
    log "recording $t"
    "record_$t"
done
write_expected_counts
recorded_with="$(dpkg-query -W -f='${Package} ${Version}, ' "${PACKAGES[@]}" 2>/dev/null || true)"
if [ -n "$MODBUS_PY" ]; then
    recorded_with+="pymodbus $("$MODBUS_PY" -c 'import pymodbus; print(pymodbus.__version__)' 2>/dev/null || echo '?')"
fi
log "recorded with: $recorded_with"
