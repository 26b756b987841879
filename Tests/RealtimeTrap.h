#pragma once

#include <cstdint>
#include <functional>

namespace wavecraft::test
{

/** What a piece of code did that the audio thread must never do. */
struct RealtimeViolations
{
    int allocations = 0;       /**< malloc, calloc, realloc, memalign, operator new ... */
    int deallocations = 0;     /**< free, operator delete */
    int mutexLocks = 0;        /**< pthread_mutex_lock, but for the allowed mutex */
    int allowedMutexLocks = 0; /**< pthread_mutex_lock of the one mutex allowed (see allowMutex) */
    int sharedFutexWakes = 0;  /**< FUTEX_WAKE on memory shared with another process, when allowed (see allowSharedFutexWakes); carried out */
    int systemCalls = -1;      /**< any syscall instruction; -1 when it could not be trapped */
    int firstSystemCall = -1;
    int armedSpans = 0; /**< how often the traps were armed */

    bool any() const { return allocations + deallocations + mutexLocks + (systemCalls > 0 ? systemCalls : 0) > 0; }
};

/** False where the traps can't work (sanitizer builds, other platforms). */
bool realtimeTrapsAvailable();

/** Arms the traps on the calling thread until disarmRealtimeTraps(): the
    process's malloc family and pthread_mutex_lock are interposed and counted
    on that thread, and a seccomp filter turns every system call it makes into
    a counted SIGSYS that is not executed. The filter is installed on the
    thread the first time; while disarmed, its system calls are carried out as
    usual (forwarded from the SIGSYS handler), so the traps can be armed around
    one part of a thread's work, such as a device thread's callback.
    [the thread to be trapped]
*/
void armRealtimeTraps() noexcept;
void disarmRealtimeTraps() noexcept;

/** Zeroes the counts (and forgets the allowed mutex). [not a trapped thread] */
void resetRealtimeViolations();

/** The counts since the last reset. */
RealtimeViolations getRealtimeViolations();

/** Locks of this one mutex are counted in allowedMutexLocks, not mutexLocks.
    Its contention would still show as a system call (futex).
*/
void allowMutex (const void* pthreadMutex);

/** From now until the next reset, a FUTEX_WAKE on a shared (not private)
    futex is counted in sharedFutexWakes and carried out, not counted as a
    system call: the one call an isolated plugin's block makes, to wake its
    worker process. Every other futex call (a contended mutex's is private)
    still counts.
*/
void allowSharedFutexWakes();

/** Runs `work` on a fresh thread with the traps armed; `setup` runs first on
    the same thread, unarmed.
*/
RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work);

} // namespace wavecraft::test
