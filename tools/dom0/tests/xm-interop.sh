# xeno.test=xm-interop: xm.sh with Debian's xenstored and xenconsoled
# (tests/toolstack/test_xm.py's "debian" boots): what meets the daemons
# (the first domain, xenstore nodes, xend's restart adopting a domain, the
# lifecycle, devices through xenstore watches) without xm-save.sh and
# xm-monitor.sh, which talk to the hypervisor and our xend only and run
# with our daemons.
XM_PARTS="lifecycle dev"
. /usr/lib/xeno/tests/xm.sh
