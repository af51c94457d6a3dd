# xenconsoled: the console core (ring protocol + one console) and the daemon.
XC_CORE_SRCS := tools/xenconsoled/cons_ring.c tools/xenconsoled/console.c \
	tools/xenconsoled/ratelimit.c
XC_DAEMON_SRCS := tools/xenconsoled/xenconsoled.c tools/libs/store/xstore.c \
	tools/libs/call/domctl.c
