/*
    Busy load of the kind other audio programs put on a machine: a process
    that spins for BUSY_MS, sleeps for IDLE_MS, and again, for SECONDS, at
    SCHED_FIFO priority PRIORITY (0: normal scheduling). Start one per core
    to take the machine.

    usage: wavecraft_rt_load PRIORITY BUSY_MS IDLE_MS SECONDS

    Prints "loading" once it runs at that priority; exits 3 (saying why)
    when real-time priority isn't allowed here, 2 on bad usage.
*/
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>

static double now (void)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec * 1.0e-9;
}

int main (int argc, char** argv)
{
    if (argc != 5)
    {
        fprintf (stderr, "usage: %s PRIORITY BUSY_MS IDLE_MS SECONDS\n", argv[0]);
        return 2;
    }

    const int priority = atoi (argv[1]);
    const double busy = atof (argv[2]) / 1000.0, idle = atof (argv[3]) / 1000.0, seconds = atof (argv[4]);

    if (priority > 0)
    {
        struct sched_param parameters = { .sched_priority = priority };

        if (sched_setscheduler (0, SCHED_FIFO, &parameters) != 0)
        {
            fprintf (stderr, "wavecraft_rt_load: real-time priority %d is not allowed here (%s)\n", priority, strerror (errno));
            return 3;
        }
    }

    printf ("loading\n");
    fflush (stdout);

    for (const double end = now() + seconds; now() < end;)
    {
        for (const double until = now() + busy; now() < until;)
        {
        }

        const struct timespec pause = { 0, (long) (idle * 1.0e9) };
        nanosleep (&pause, NULL);
    }

    return 0;
}
