# Starting dom0's xenstored and xenconsoled: sourced by /init (tools/dom0/init)
# at boot and by tools/dom0/tests/toolstack.sh to start them again after
# killing them. The flavours chosen at boot are kept in /run/xeno-daemons.
#
command -v say >/dev/null || say() { echo "$*"; }

# start_xenstored ocaml|c|xeno: prints "DOM0-XENSTORED <flavour> rc=<n>"
# once its pid file exists (Debian's daemons fork; ours stays in the
# background with its log in /var/log/xen/xenstored.log).
start_xenstored() {
    case $1 in
        c|C) set -- c /usr/sbin/xenstored ;;
        xeno) set -- xeno /usr/sbin/xeno-xenstored ;;
        *) set -- ocaml /usr/sbin/oxenstored ;;
    esac
    rm -f /run/xen/xenstored.pid
    if [ "$1" = xeno ]; then
        "$2" --pid-file /run/xen/xenstored.pid </dev/null >>/var/log/xen/xenstored.log 2>&1 &
        rc=0
    else
        "$2" --pid-file /run/xen/xenstored.pid
        rc=$?
    fi
    wait_pid_file /run/xen/xenstored.pid
    say "DOM0-XENSTORED $1 rc=$rc"
}

# start_xenconsoled debian|xeno: prints "DOM0-XENCONSOLED rc=<n>".
start_xenconsoled() {
    rm -f /run/xen/xenconsoled.pid
    if [ "$1" = xeno ]; then
        /usr/sbin/xeno-xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest \
            --log-dir=/var/log/xen/console </dev/null >>/var/log/xen/xenconsoled.log 2>&1 &
        rc=0
    else
        /usr/sbin/xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest \
            --log-dir=/var/log/xen/console
        rc=$?
    fi
    wait_pid_file /run/xen/xenconsoled.pid
    say "DOM0-XENCONSOLED rc=$rc"
}

# wait_pid_file FILE: up to 30 s for FILE to be written; rc=124 if not.
wait_pid_file() {
    i=0
    while [ $rc = 0 ] && [ ! -s "$1" ]; do
        i=$((i + 1))
        [ $i -le 300 ] || { rc=124; break; }
        sleep 0.1
    done
}

# stop_daemon NAME: kill the daemon of /run/xen/NAME.pid, wait until it is gone.
stop_daemon() {
    pid=$(cat "/run/xen/$1.pid" 2>/dev/null) || return 1
    kill "$pid" || return 1
    i=0
    while [ -d "/proc/$pid" ] && [ $i -lt 100 ]; do
        sleep 0.1; i=$((i + 1))
    done
    [ ! -d "/proc/$pid" ]
}
