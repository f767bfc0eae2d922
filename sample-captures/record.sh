#!/usr/bin/env bash
# Records the bundled sample captures from real, independent protocol implementations talking over loopback.
#
#   sample-captures/record.sh              # record all five: ntp syslog http ldap radius, then expected-counts.json
#   sample-captures/record.sh ntp http     # record only these (expected-counts.json is regenerated for all files)
#   SKIP_APT=1 sample-captures/record.sh   # do not run apt-get (packages already installed)
#   KEEP_WORK=1 sample-captures/record.sh  # keep the temporary folder (server configs and logs) for inspection
#
# Needs root (servers bind privileged ports, tcpdump opens `lo`). Every server runs with a private config under a
# fresh temporary folder, binds 127.0.0.1 only, and is stopped on exit (trap). The system's own services and config
# files are never touched. Rerunnable: each run overwrites the captures it records.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE"
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
    # Daemons that fork write a pid file; stop those too.
    local f
    for f in "$WORK"/*.pid; do
        [ -f "$f" ] || continue
        pid="$(cat "$f" 2>/dev/null || true)"
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites -------------------------------------------------------------------------------------------------

PACKAGES=(tcpdump tshark chrony ntpsec-ntpdate rsyslog bsdutils nginx-light curl slapd ldap-utils freeradius
          freeradius-utils iproute2)

install_packages() {
    if [ "${SKIP_APT:-0}" = 1 ]; then return; fi
    log "installing: ${PACKAGES[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Keep package installation from starting the system services (chrony, rsyslog, nginx, slapd, freeradius):
    # only the private instances below may run.
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
    tcpdump -i lo -s 0 -U -n -Z root -w "$WORK/$CAPTURE_NAME.pcap" "$filter" 2>"$WORK/tcpdump-$CAPTURE_NAME.log" &
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

# --- expected counts -----------------------------------------------------------------------------------------------

# frames = tshark's frame count; messages = frames with a transport payload; flows = distinct transport
# conversations (protocol plus unordered endpoint pair) over all frames.
write_expected_counts() {
    local json="$OUT/expected-counts.json" f name frames messages flows first=1
    {
        printf '{\n'
        for f in ntp syslog http ldap radius; do
            [ -f "$OUT/$f.pcap" ] || continue
            name="$f.pcap"
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
install_packages
targets=("$@")
if [ ${#targets[@]} = 0 ]; then targets=(ntp syslog http ldap radius); fi
for t in "${targets[@]}"; do
    case "$t" in
        ntp|syslog|http|ldap|radius) log "recording $t"; "record_$t" ;;
        *) echo "unknown capture: $t (ntp syslog http ldap radius)" >&2; exit 2 ;;
    esac
done
write_expected_counts
log "recorded with: $(dpkg-query -W -f='${Package} ${Version}, ' "${PACKAGES[@]}" 2>/dev/null)"
