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
#include <cstdint>
#include <cstring>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
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

// The one syscall instruction the filter lets through: the SIGSYS handler
// uses it to carry out the calls of a thread whose traps are disarmed.
// (nr, a1..a6) arrive in rdi, rsi, rdx, rcx, r8, r9 and 8(%rsp).
extern "C" long wavecraft_forward_syscall (long, long, long, long, long, long, long);
extern "C" const char wavecraft_forward_syscall_return[];
__asm__(".text\n"
        ".globl wavecraft_forward_syscall\n"
        ".type wavecraft_forward_syscall, @function\n"
        "wavecraft_forward_syscall:\n"
        "    movq %rdi, %rax\n"
        "    movq %rsi, %rdi\n"
        "    movq %rdx, %rsi\n"
        "    movq %rcx, %rdx\n"
        "    movq %r8, %r10\n"
        "    movq %r9, %r8\n"
        "    movq 8(%rsp), %r9\n"
        "    syscall\n"
        ".globl wavecraft_forward_syscall_return\n"
        "wavecraft_forward_syscall_return:\n"
        "    ret\n"
        ".size wavecraft_forward_syscall, . - wavecraft_forward_syscall\n");

namespace
{
// Static TLS in the executable: reading it never allocates.
thread_local bool armed = false;
thread_local bool filterInstalled = false;
std::atomic<int> allocations { 0 }, deallocations { 0 }, mutexLocks { 0 }, allowedMutexLocks { 0 },
    systemCalls { 0 }, firstSystemCall { -1 }, armedSpans { 0 };
std::atomic<int> sharedFutexWakes { 0 };
std::atomic<bool> filterFailed { false }, futexWakesAllowed { false };
std::atomic<const void*> allowedMutex { nullptr };

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

/** rt_sigprocmask from inside the handler would change the handler's own
    mask, which sigreturn then throws away: apply it to the mask that
    sigreturn restores instead.
*/
long emulateSigprocmask (ucontext_t& context, long how, const std::uint64_t* set, std::uint64_t* old)
{
    std::uint64_t mask;
    std::memcpy (&mask, &context.uc_sigmask, sizeof (mask));

    if (old != nullptr)
        *old = mask;

    if (set != nullptr)
    {
        // SIGSYS stays deliverable, or the thread's next call (glibc blocks
        // everything before a thread exits) would kill the process.
        const auto change = *set & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)) | (1ull << (SIGSYS - 1)));

        switch (how)
        {
            case SIG_BLOCK: mask |= change; break;
            case SIG_UNBLOCK: mask &= ~change; break;
            case SIG_SETMASK: mask = change; break;
            default: return -EINVAL;
        }
    }

    std::memcpy (&context.uc_sigmask, &mask, sizeof (mask));
    return 0;
}

void onTrappedSystemCall (int, siginfo_t* info, void* opaqueContext)
{
    auto& context = *static_cast<ucontext_t*> (opaqueContext);
    auto* registers = context.uc_mcontext.gregs;

    if (armed && futexWakesAllowed.load (std::memory_order_relaxed) && info->si_syscall == SYS_futex
        && registers[REG_RSI] == FUTEX_WAKE)
    {
        sharedFutexWakes.fetch_add (1, std::memory_order_relaxed);
        registers[REG_RAX] = wavecraft_forward_syscall (SYS_futex, registers[REG_RDI], registers[REG_RSI], registers[REG_RDX],
                                                        registers[REG_R10], registers[REG_R8], registers[REG_R9]);
        return;
    }

    if (armed)
    {
        systemCalls.fetch_add (1, std::memory_order_relaxed);
        int expected = -1;
        firstSystemCall.compare_exchange_strong (expected, info->si_syscall);

        // The call was not executed; make it look like it failed.
        registers[REG_RAX] = -ENOSYS;
        return;
    }

    if (info->si_syscall == SYS_rt_sigprocmask)
    {
        registers[REG_RAX] = emulateSigprocmask (context, registers[REG_RDI],
                                                 reinterpret_cast<const std::uint64_t*> (registers[REG_RSI]),
                                                 reinterpret_cast<std::uint64_t*> (registers[REG_RDX]));
        return;
    }

    registers[REG_RAX] = wavecraft_forward_syscall (info->si_syscall, registers[REG_RDI], registers[REG_RSI],
                                                    registers[REG_RDX], registers[REG_R10], registers[REG_R8],
                                                    registers[REG_R9]);
}

bool installSignalHandler()
{
    static const bool installed = []
    {
        struct sigaction action = {};
        action.sa_sigaction = onTrappedSystemCall;
        action.sa_flags = SA_SIGINFO;
        sigemptyset (&action.sa_mask);
        return sigaction (SIGSYS, &action, nullptr) == 0;
    }();

    return installed;
}

bool installSystemCallFilter()
{
    const auto returnAddress = reinterpret_cast<std::uint64_t> (wavecraft_forward_syscall_return);
    const auto low = (std::uint32_t) returnAddress, high = (std::uint32_t) (returnAddress >> 32);
    constexpr auto ipLow = offsetof (struct seccomp_data, instruction_pointer);

    struct sock_filter filter[] = {
        /* 0 */ BPF_STMT (BPF_LD | BPF_W | BPF_ABS, (offsetof (struct seccomp_data, nr))),
        /* 1 */ BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_exit, 6, 0),
        /* 2 */ BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, __NR_rt_sigreturn, 5, 0),
        // The forwarding instruction (the kernel reports the address after it).
        /* 3 */ BPF_STMT (BPF_LD | BPF_W | BPF_ABS, (std::uint32_t) ipLow),
        /* 4 */ BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, low, 0, 2),
        /* 5 */ BPF_STMT (BPF_LD | BPF_W | BPF_ABS, (std::uint32_t) ipLow + 4),
        /* 6 */ BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, high, 1, 0),
        /* 7 */ BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRAP),
        /* 8 */ BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { (unsigned short) (sizeof (filter) / sizeof (filter[0])), filter };

    if (! installSignalHandler() || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
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
        (mutex == allowedMutex.load (std::memory_order_relaxed) ? allowedMutexLocks : mutexLocks)
            .fetch_add (1, std::memory_order_relaxed);

    return wavecraft_real_pthread_mutex_lock (mutex);
}
}

namespace wavecraft::test
{

bool realtimeTrapsAvailable()
{
    return true;
}

void armRealtimeTraps() noexcept
{
    if (! filterInstalled)
    {
        // A thread's first allocation maps its malloc arena; do that now, so
        // a trapped mmap doesn't make the work's allocations fail unseen.
        free (malloc (64));
        filterInstalled = true;

        if (! installSystemCallFilter())
            filterFailed = true;
    }

    armedSpans.fetch_add (1, std::memory_order_relaxed);
    armed = true;
}

void disarmRealtimeTraps() noexcept
{
    armed = false;
}

void resetRealtimeViolations()
{
    allocations = deallocations = mutexLocks = allowedMutexLocks = systemCalls = armedSpans = sharedFutexWakes = 0;
    firstSystemCall = -1;
    allowedMutex = nullptr;
    futexWakesAllowed = false;
}

void allowSharedFutexWakes()
{
    futexWakesAllowed = true;
}

void allowMutex (const void* pthreadMutex)
{
    allowedMutex = pthreadMutex;
}

RealtimeViolations getRealtimeViolations()
{
    RealtimeViolations result;
    result.allocations = allocations.load();
    result.deallocations = deallocations.load();
    result.mutexLocks = mutexLocks.load();
    result.allowedMutexLocks = allowedMutexLocks.load();
    result.sharedFutexWakes = sharedFutexWakes.load();
    result.systemCalls = filterFailed ? -1 : systemCalls.load();
    result.firstSystemCall = firstSystemCall.load();
    result.armedSpans = armedSpans.load();
    return result;
}

RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work)
{
    resetRealtimeViolations();

    std::thread thread ([&]
                        {
        setup();
        armRealtimeTraps();
        work();
        disarmRealtimeTraps(); });

    thread.join();
    return getRealtimeViolations();
}

} // namespace wavecraft::test

#else

namespace wavecraft::test
{

bool realtimeTrapsAvailable()
{
    return false;
}

void armRealtimeTraps() noexcept {}
void disarmRealtimeTraps() noexcept {}
void resetRealtimeViolations() {}
void allowMutex (const void*) {}
void allowSharedFutexWakes() {}

RealtimeViolations getRealtimeViolations()
{
    return {};
}

RealtimeViolations runWithRealtimeTraps (const std::function<void()>& setup, const std::function<void()>& work)
{
    setup();
    work();
    return {};
}

} // namespace wavecraft::test

#endif
