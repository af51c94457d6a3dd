# xeno.test=xmbench (bench/run.py, workload "xm"; booted with
# xeno.toolstack=xeno: our xenstored, xenconsoled and xend): xlbench.sh
# with our xm in place of Debian's xl, `BENCH xm_create_init <ns> ns` and
# its parts.
tool=xm
. /usr/lib/xeno/tests/xlbench.sh
