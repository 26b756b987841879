#pragma once

#include <cstdint>
#include <functional>

namespace wavecraft::test
{

/** What a piece of code did that the audio thread must never do. */
struct RealtimeViolations
{
    int allocations = 0;   /**< malloc, calloc, realloc, memalign, operator new ... */
    int deallocations = 0; /**< free, operator delete */
    int mutexLocks = 0;    /**< pthread_mutex_lock */
    int systemCalls = -1;  /**< any syscall instruction; -1 when it could not be trapped */
    int firstSystemCall = -1;

    bool any() const { return allocations + deallocations + mutexLocks + (systemCalls > 0 ? systemCalls : 0) > 0; }
};

/** Runs `work` on a fresh thread with traps armed: the process's malloc
    family and pthread_mutex_lock are interposed and counted on that thread,
    and a seccomp filter turns every system call the thread makes into a
    counted SIGSYS that is not executed. `setup` runs first on the same thread,
    untrapped. Only available without sanitizers on x86-64 Linux.
*/
RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work);

/** False where the traps can't work (sanitizer builds, other platforms). */
bool realtimeTrapsAvailable();

} // namespace wavecraft::test
