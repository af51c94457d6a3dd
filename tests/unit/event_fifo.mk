UNIT_TESTS += event_fifo
UT_SRCS_event_fifo := tests/unit/test_event_fifo.c hypervisor/common/event_fifo_queue.c
UT_LDLIBS_event_fifo := -lpthread
