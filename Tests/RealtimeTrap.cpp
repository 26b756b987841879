/*
    Interposes the allocator and pthread_mutex_lock for the whole test binary,
    counting calls only on a thread that has armed the trap, and traps system
    calls on that thread with seccomp. This is what proves the audio callback
    real-time safe, so it counts the real calls rather than trusting comments.
*/
#include "RealtimeTrap.h"

#include <atomic>
#include <thread>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WAVECRAFT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WAVECRAFT_SANITIZED 1
#endif

#if defined(__linux__) && defined(__x86_64__) && ! defined(WAVECRAFT_SANITIZED)
#define WAVECRAFT_REALTIME_TRAPS 1
#endif

#if WAVECRAFT_REALTIME_TRAPS

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

extern "C" void* __libc_malloc (size_t);
extern "C" void* __libc_calloc (size_t, size_t);
extern "C" void* __libc_realloc (void*, size_t);
extern "C" void __libc_free (void*);
extern "C" void* __libc_memalign (size_t, size_t);

// glibc's own entry point under its compat version, so the interposed
// pthread_mutex_lock below can forward without dlsym (which itself locks).
extern "C" int wavecraft_real_pthread_mutex_lock (pthread_mutex_t*);
__asm__(".symver wavecraft_real_pthread_mutex_lock,__pthread_mutex_lock@GLIBC_2.2.5");

namespace
{
// Static TLS in the executable: reading it never allocates.
thread_local bool armed = false;
std::atomic<int> allocations { 0 }, deallocations { 0 }, mutexLocks { 0 }, systemCalls { 0 }, firstSystemCall { -1 };

void countAllocation()
{
    if (armed)
        allocations.fetch_add (1, std::memory_order_relaxed);
}

void countDeallocation (void* pointer)
{
    if (armed && pointer != nullptr)
        deallocations.fetch_add (1, std::memory_order_relaxed);
}

void onTrappedSystemCall (int, siginfo_t* info, void* context)
{
    systemCalls.fetch_add (1, std::memory_order_relaxed);
    int expected = -1;
    firstSystemCall.compare_exchange_strong (expected, info->si_syscall);

    // The call was not executed; make it look like it failed.
    static_cast<ucontext_t*> (context)->uc_mcontext.gregs[REG_RAX] = -ENOSYS;
}

bool installSystemCallTrap()
{
    struct sock_filter filter[] = {
        BPF_STMT (BPF_LD | BPF_W | BPF_ABS, (offsetof (struct seccomp_data, nr))),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 0, 1),
        BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigreturn, 0, 1),
        BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    };
    struct sock_fprog program = { (unsigned short) (sizeof (filter) / sizeof (filter[0])), filter };

    struct sigaction action = {};
    action.sa_sigaction = onTrappedSystemCall;
    action.sa_flags = SA_SIGINFO;
    sigemptyset (&action.sa_mask);

    if (sigaction (SIGSYS, &action, nullptr) != 0)
        return false;

    if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return false;

    // Without SECCOMP_FILTER_FLAG_TSYNC this binds the calling thread only.
    return syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) == 0;
}
} // namespace

extern "C" {
void* malloc (size_t size)
{
    countAllocation();
    return __libc_malloc (size);
}

void* calloc (size_t count, size_t size)
{
    countAllocation();
    return __libc_calloc (count, size);
}

void* realloc (void* pointer, size_t size)
{
    countAllocation();
    return __libc_realloc (pointer, size);
}

void free (void* pointer)
{
    countDeallocation (pointer);
    __libc_free (pointer);
}

void* memalign (size_t alignment, size_t size)
{
    countAllocation();
    return __libc_memalign (alignment, size);
}

void* aligned_alloc (size_t alignment, size_t size)
{
    countAllocation();
    return __libc_memalign (alignment, size);
}

int posix_memalign (void** result, size_t alignment, size_t size)
{
    countAllocation();
    *result = __libc_memalign (alignment, size);
    return *result != nullptr ? 0 : ENOMEM;
}

int pthread_mutex_lock (pthread_mutex_t* mutex)
{
    if (armed)
        mutexLocks.fetch_add (1, std::memory_order_relaxed);

    return wavecraft_real_pthread_mutex_lock (mutex);
}
}

namespace wavecraft::test
{

bool realtimeTrapsAvailable()
{
    return true;
}

RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work)
{
    allocations = deallocations = mutexLocks = systemCalls = 0;
    firstSystemCall = -1;
    std::atomic<bool> trapInstalled { false };

    std::thread thread ([&]
                        {
        setup();

        // A thread's first allocation maps its malloc arena; do that now, so
        // a trapped mmap doesn't make the work's allocations fail unseen.
        free (malloc (64));

        trapInstalled = installSystemCallTrap();

        armed = true;
        work();
        armed = false;

        // Every later system call of this thread would be trapped, so it ends
        // itself with the one call the filter allows; the kernel still wakes
        // the joiner. (Its thread-exit bookkeeping is skipped: a test-only leak.)
        syscall (SYS_exit, 0); });

    thread.join();

    RealtimeViolations result;
    result.allocations = allocations.load();
    result.deallocations = deallocations.load();
    result.mutexLocks = mutexLocks.load();
    result.systemCalls = trapInstalled ? systemCalls.load() : -1;
    result.firstSystemCall = firstSystemCall.load();
    return result;
}

} // namespace wavecraft::test

#else

namespace wavecraft::test
{

bool realtimeTrapsAvailable()
{
    return false;
}

RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work)
{
    setup();
    work();
    return {};
}

} // namespace wavecraft::test

#endif
