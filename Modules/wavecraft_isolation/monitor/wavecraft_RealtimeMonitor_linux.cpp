// The system-call trap's way out, in a stretch of code of its own: the trap
// lets system calls from there through (syscall user dispatch's allowed
// region), so its handler carries a trapped call out there. The handler
// returns through the C library, with the trap open; the way back into the
// plugin closes it again first (wavecraft_monitor_rearm, which touches no
// register but the instruction pointer).
#if defined(__x86_64__)
#define WAVECRAFT_HIDDEN __attribute__ ((visibility ("hidden")))
extern "C" WAVECRAFT_HIDDEN long wavecraft_monitor_syscall (long number, long a1, long a2, long a3, long a4, long a5, long a6);
extern "C" WAVECRAFT_HIDDEN void wavecraft_monitor_rearm();
extern "C" WAVECRAFT_HIDDEN char wavecraft_monitor_region_start[], wavecraft_monitor_region_end[];

// The kernel reads the selector on every system call of the thread that set
// the trap up. Both words are defined down here, beside the code that reads
// them, so link-time optimisation can't rename them away from it.
extern "C" WAVECRAFT_HIDDEN volatile char wavecraft_monitor_selector;
extern "C" WAVECRAFT_HIDDEN uintptr_t wavecraft_monitor_resume_at;
#undef WAVECRAFT_HIDDEN

asm(R"(
    .pushsection .bss
    .p2align 3
    .globl wavecraft_monitor_resume_at
    .hidden wavecraft_monitor_resume_at
wavecraft_monitor_resume_at:
    .zero 8
    .globl wavecraft_monitor_selector
    .hidden wavecraft_monitor_selector
wavecraft_monitor_selector:
    .zero 1
    .popsection
    .text
    .p2align 4
    .globl wavecraft_monitor_region_start
    .hidden wavecraft_monitor_region_start
wavecraft_monitor_region_start:
    .globl wavecraft_monitor_syscall
    .hidden wavecraft_monitor_syscall
    .type wavecraft_monitor_syscall, @function
wavecraft_monitor_syscall:
    movq %rdi, %rax
    movq %rsi, %rdi
    movq %rdx, %rsi
    movq %rcx, %rdx
    movq %r8, %r10
    movq %r9, %r8
    movq 8(%rsp), %r9
    syscall
    ret
    .globl wavecraft_monitor_region_end
    .hidden wavecraft_monitor_region_end
wavecraft_monitor_region_end:
    .globl wavecraft_monitor_rearm
    .hidden wavecraft_monitor_rearm
    .type wavecraft_monitor_rearm, @function
wavecraft_monitor_rearm:
    movb $1, wavecraft_monitor_selector(%rip)
    jmp *wavecraft_monitor_resume_at(%rip)
)");
#endif

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_ON 1
#define SYSCALL_DISPATCH_FILTER_ALLOW 0
#define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif

#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif

namespace wavecraft
{

namespace
{
    // Set in start(), before the first arm(); read by the stand-ins and the trap.
    RealtimeFindings* watchedFindings = nullptr;
    detail::ImportRedirection::Span pluginSpan;
    bool trapsSystemCalls = false;

#if defined(__x86_64__)
    volatile char& dispatchSelector = wavecraft_monitor_selector;
#else
    volatile char dispatchSelector = SYSCALL_DISPATCH_FILTER_ALLOW;
#endif

    thread_local PluginCall armedCall = PluginCall::none; // only the worker's audio thread arms
    thread_local bool recording = false;
    thread_local int passingThrough = 0; // inside a stand-in's real call

    /** Around a stand-in's real call: what that call does itself (the C++
        runtime's operator new calling malloc) is not the plugin's again.
    */
    struct PassThrough
    {
        PassThrough() noexcept { ++passingThrough; }
        ~PassThrough() { --passingThrough; }
    };

    uint64_t hashPlace (uint32_t rule, uint32_t what, const uint64_t* frames, uint32_t numFrames) noexcept
    {
        uint64_t hash = 1469598103934665603ull ^ ((uint64_t) rule << 32 | what);

        for (uint32_t i = 0; i < numFrames; ++i)
            hash = (hash ^ frames[i]) * 1099511628211ull;

        return hash;
    }

    /** The plugin's own frames of the calling stack, innermost first, as
        offsets from its load address: whatever lies inside it (the C library,
        this monitor) is left out.
    */
    uint32_t collectPluginFrames (uint64_t* frames)
    {
        void* stack[64];
        const auto depth = ::backtrace (stack, (int) std::size (stack));
        uint32_t count = 0;

        for (int i = 0; i < depth && count < (uint32_t) RealtimeFinding::maxFrames; ++i)
        {
            const auto address = reinterpret_cast<uintptr_t> (stack[i]);

            if (address >= pluginSpan.start && address < pluginSpan.end)
                frames[count++] = address - pluginSpan.loadAddress;
            else if (count > 0)
                break; // back out of the plugin: the worker's own frames
        }

        return count;
    }

    void count (RealtimeRule rule, uint32_t what, uint64_t bytes, const uint64_t* frames, uint32_t numFrames,
                uint32_t blockSamples = 0) noexcept
    {
        const auto key = hashPlace ((uint32_t) rule, what, frames, numFrames);
        const auto now = getMonotonicNanos();

        for (auto& place : watchedFindings->places)
        {
            // One writer (this thread), so a place is filled, then published.
            if (place.published.load (std::memory_order_relaxed) == 0)
            {
                place.rule = (uint32_t) rule;
                place.call = (uint32_t) armedCall;
                place.what = what;
                place.key = key;
                place.bytes = bytes;
                place.blockSamples = blockSamples;
                place.firstSeenNanos = now;
                place.lastSeenNanos.store (now, std::memory_order_relaxed);
                place.count.store (1, std::memory_order_relaxed);
                place.numFrames = numFrames;
                std::copy (frames, frames + numFrames, place.frames);
                place.published.store (1, std::memory_order_release);
                return;
            }

            if (place.key == key)
            {
                place.lastSeenNanos.store (now, std::memory_order_relaxed);
                place.count.fetch_add (1, std::memory_order_relaxed);
                return;
            }
        }

        watchedFindings->overflowed.fetch_add (1, std::memory_order_relaxed);
    }

    /** Counts a broken rule at the calling stack's place in the plugin. The
        stack walk and the count make no system call the trap should see.
    */
    void record (RealtimeRule rule, uint32_t what, uint64_t bytes = 0) noexcept
    {
        if (armedCall == PluginCall::none || recording || passingThrough > 0)
            return;

        recording = true;
        const char selectorBefore = dispatchSelector;
        dispatchSelector = SYSCALL_DISPATCH_FILTER_ALLOW;

        uint64_t frames[RealtimeFinding::maxFrames];
        const auto numFrames = collectPluginFrames (frames);
        count (rule, what, bytes, frames, numFrames);

        dispatchSelector = selectorBefore;
        recording = false;
    }

    //==============================================================================
    // The stand-ins for the plugin's imports: count, then do as asked.
    void* monitoredMalloc (size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::malloc, size);
        const PassThrough inner;
        return std::malloc (size);
    }

    void* monitoredCalloc (size_t count, size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::calloc, count * size);
        const PassThrough inner;
        return std::calloc (count, size);
    }

    void* monitoredRealloc (void* pointer, size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::realloc, size);
        const PassThrough inner;
        return std::realloc (pointer, size);
    }

    int monitoredPosixMemalign (void** result, size_t alignment, size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::posixMemalign, size);
        const PassThrough inner;
        return ::posix_memalign (result, alignment, size);
    }

    void* monitoredAlignedAlloc (size_t alignment, size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::alignedAlloc, size);
        const PassThrough inner;
        return ::aligned_alloc (alignment, size);
    }

    void* monitoredMemalign (size_t alignment, size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::memalign, size);
        const PassThrough inner;
        return ::memalign (alignment, size);
    }

    void* monitoredValloc (size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::valloc, size);
        const PassThrough inner;
        return ::valloc (size);
    }

    void monitoredFree (void* pointer)
    {
        if (pointer != nullptr)
            record (RealtimeRule::deallocation, (uint32_t) MonitoredFunction::free);

        const PassThrough inner;
        std::free (pointer);
    }

    void* monitoredNew (size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNew, size);
        const PassThrough inner;
        return ::operator new (size);
    }

    void* monitoredNewArray (size_t size)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNewArray, size);
        const PassThrough inner;
        return ::operator new[] (size);
    }

    void* monitoredNewNothrow (size_t size, const std::nothrow_t& tag) noexcept
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNew, size);
        const PassThrough inner;
        return ::operator new (size, tag);
    }

    void* monitoredNewArrayNothrow (size_t size, const std::nothrow_t& tag) noexcept
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNewArray, size);
        const PassThrough inner;
        return ::operator new[] (size, tag);
    }

    void* monitoredNewAligned (size_t size, std::align_val_t alignment)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNew, size);
        const PassThrough inner;
        return ::operator new (size, alignment);
    }

    void* monitoredNewArrayAligned (size_t size, std::align_val_t alignment)
    {
        record (RealtimeRule::allocation, (uint32_t) MonitoredFunction::operatorNewArray, size);
        const PassThrough inner;
        return ::operator new[] (size, alignment);
    }

    void monitoredDelete (void* pointer) noexcept
    {
        if (pointer != nullptr)
            record (RealtimeRule::deallocation, (uint32_t) MonitoredFunction::operatorDelete);

        const PassThrough inner;
        ::operator delete (pointer);
    }

    void monitoredDeleteArray (void* pointer) noexcept
    {
        if (pointer != nullptr)
            record (RealtimeRule::deallocation, (uint32_t) MonitoredFunction::operatorDeleteArray);

        const PassThrough inner;
        ::operator delete[] (pointer);
    }

    void monitoredDeleteSized (void* pointer, size_t) noexcept
    {
        monitoredDelete (pointer);
    }
    void monitoredDeleteArraySized (void* pointer, size_t) noexcept
    {
        monitoredDeleteArray (pointer);
    }

    void monitoredDeleteAligned (void* pointer, std::align_val_t alignment) noexcept
    {
        if (pointer != nullptr)
            record (RealtimeRule::deallocation, (uint32_t) MonitoredFunction::operatorDelete);

        const PassThrough inner;
        ::operator delete (pointer, alignment);
    }

    void monitoredDeleteArrayAligned (void* pointer, std::align_val_t alignment) noexcept
    {
        if (pointer != nullptr)
            record (RealtimeRule::deallocation, (uint32_t) MonitoredFunction::operatorDeleteArray);

        const PassThrough inner;
        ::operator delete[] (pointer, alignment);
    }

    void monitoredDeleteSizedAligned (void* pointer, size_t, std::align_val_t alignment) noexcept
    {
        monitoredDeleteAligned (pointer, alignment);
    }
    void monitoredDeleteArraySizedAligned (void* pointer, size_t, std::align_val_t alignment) noexcept
    {
        monitoredDeleteArrayAligned (pointer, alignment);
    }

    int monitoredMutexLock (pthread_mutex_t* mutex)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::mutexLock);
        const PassThrough inner;
        return ::pthread_mutex_lock (mutex);
    }

    int monitoredRwlockReadLock (pthread_rwlock_t* lock)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::rwlockReadLock);
        const PassThrough inner;
        return ::pthread_rwlock_rdlock (lock);
    }

    int monitoredRwlockWriteLock (pthread_rwlock_t* lock)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::rwlockWriteLock);
        const PassThrough inner;
        return ::pthread_rwlock_wrlock (lock);
    }

    int monitoredConditionWait (pthread_cond_t* condition, pthread_mutex_t* mutex)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::conditionWait);
        const PassThrough inner;
        return ::pthread_cond_wait (condition, mutex);
    }

    int monitoredConditionTimedWait (pthread_cond_t* condition, pthread_mutex_t* mutex, const timespec* until)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::conditionTimedWait);
        const PassThrough inner;
        return ::pthread_cond_timedwait (condition, mutex, until);
    }

    int monitoredSemaphoreWait (sem_t* semaphore)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::semaphoreWait);
        const PassThrough inner;
        return ::sem_wait (semaphore);
    }

    int monitoredSemaphoreTimedWait (sem_t* semaphore, const timespec* until)
    {
        record (RealtimeRule::lock, (uint32_t) MonitoredFunction::semaphoreTimedWait);
        const PassThrough inner;
        return ::sem_timedwait (semaphore, until);
    }

    template <typename Function>
    void* asPointer (Function* function) noexcept
    {
        return reinterpret_cast<void*> (function);
    }

    const detail::ImportRedirection::Target monitoredImports[] = {
        { "malloc", asPointer (monitoredMalloc) },
        { "calloc", asPointer (monitoredCalloc) },
        { "realloc", asPointer (monitoredRealloc) },
        { "posix_memalign", asPointer (monitoredPosixMemalign) },
        { "aligned_alloc", asPointer (monitoredAlignedAlloc) },
        { "memalign", asPointer (monitoredMemalign) },
        { "valloc", asPointer (monitoredValloc) },
        { "free", asPointer (monitoredFree) },
        { "_Znwm", asPointer (monitoredNew) },
        { "_Znam", asPointer (monitoredNewArray) },
        { "_ZnwmRKSt9nothrow_t", asPointer (monitoredNewNothrow) },
        { "_ZnamRKSt9nothrow_t", asPointer (monitoredNewArrayNothrow) },
        { "_ZnwmSt11align_val_t", asPointer (monitoredNewAligned) },
        { "_ZnamSt11align_val_t", asPointer (monitoredNewArrayAligned) },
        { "_ZdlPv", asPointer (monitoredDelete) },
        { "_ZdaPv", asPointer (monitoredDeleteArray) },
        { "_ZdlPvm", asPointer (monitoredDeleteSized) },
        { "_ZdaPvm", asPointer (monitoredDeleteArraySized) },
        { "_ZdlPvSt11align_val_t", asPointer (monitoredDeleteAligned) },
        { "_ZdaPvSt11align_val_t", asPointer (monitoredDeleteArrayAligned) },
        { "_ZdlPvmSt11align_val_t", asPointer (monitoredDeleteSizedAligned) },
        { "_ZdaPvmSt11align_val_t", asPointer (monitoredDeleteArraySizedAligned) },
        { "pthread_mutex_lock", asPointer (monitoredMutexLock) },
        { "pthread_rwlock_rdlock", asPointer (monitoredRwlockReadLock) },
        { "pthread_rwlock_wrlock", asPointer (monitoredRwlockWriteLock) },
        { "pthread_cond_wait", asPointer (monitoredConditionWait) },
        { "pthread_cond_timedwait", asPointer (monitoredConditionTimedWait) },
        { "sem_wait", asPointer (monitoredSemaphoreWait) },
        { "sem_timedwait", asPointer (monitoredSemaphoreTimedWait) },
    };

    //==============================================================================
#if defined(__x86_64__)
    /** A system call the armed thread made: counted, carried out from the
        allowed region, and its result put where the caller looks for it.
    */
    void onTrappedSystemCall (int, siginfo_t* info, void* context)
    {
        dispatchSelector = SYSCALL_DISPATCH_FILTER_ALLOW;
        auto& registers = static_cast<ucontext_t*> (context)->uc_mcontext.gregs;

        if (info->si_code != SYS_USER_DISPATCH)
            return;

        // Another signal's handler returning while the plugin was watched
        // (the worker's own, or the plugin's): not the plugin's call, and one
        // that only works from its own stack. It runs again, let through,
        // and the rest of the plugin's call goes unwatched.
        if (info->si_syscall == SYS_rt_sigreturn)
        {
            registers[REG_RIP] -= 2; // the syscall instruction's length
            return;
        }

        record (RealtimeRule::systemCall, (uint32_t) info->si_syscall);
        registers[REG_RAX] = wavecraft_monitor_syscall (info->si_syscall, registers[REG_RDI], registers[REG_RSI],
                                                        registers[REG_RDX], registers[REG_R10], registers[REG_R8],
                                                        registers[REG_R9]);

        // The return from here is a system call the trap must let through;
        // the plugin's next ones must not be.
        if (armedCall != PluginCall::none)
        {
            wavecraft_monitor_resume_at = (uintptr_t) registers[REG_RIP];
            registers[REG_RIP] = (greg_t) reinterpret_cast<uintptr_t> (wavecraft_monitor_rearm);
        }
    }

    bool startSystemCallTrap()
    {
        // A sanitizer's runtime wraps signal handlers, and makes system
        // calls of its own before this one's runs: the trapped thread would
        // trap again inside it, and die of SIGSYS.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
        return false;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
        return false;
#endif
#endif
        struct sigaction action
        {};
        action.sa_sigaction = onTrappedSystemCall;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset (&action.sa_mask);

        if (::sigaction (SIGSYS, &action, nullptr) != 0)
            return false;

        const auto start = reinterpret_cast<uintptr_t> (wavecraft_monitor_region_start);
        const auto length = reinterpret_cast<uintptr_t> (wavecraft_monitor_region_end) - start;
        return ::prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, start, length, &wavecraft_monitor_selector) == 0;
    }
#else
    bool startSystemCallTrap()
    {
        return false;
    }
#endif
} // namespace

namespace
{
    std::vector<std::string> librariesBeforePlugin; // the worker's own: not watched
} // namespace

void RealtimeMonitor::noteLibrariesBeforePlugin()
{
    librariesBeforePlugin = detail::ImportRedirection::listLoaded();
}

void RealtimeMonitor::start (const PluginLibrary& library, RealtimeFindings& findingsToWrite)
{
    watchedFindings = &findingsToWrite;

    // The stack walk loads its unwinder the first time: here, not while armed.
    void* warmUp[4];
    juce::ignoreUnused (::backtrace (warmUp, 4));

    const auto path = library.getLoadedCopy().getFullPathName();
    const auto utf8 = path.toStdString();
    findingsToWrite.libraryPathLength = (uint32_t) juce::jmin (utf8.size(), (size_t) RealtimeFindings::pathCapacity);
    std::memcpy (findingsToWrite.libraryPath, utf8.data(), findingsToWrite.libraryPathLength);
    const auto name = library.getFile().getFileName().toStdString();
    findingsToWrite.libraryNameLength = (uint32_t) juce::jmin (name.size(), sizeof (findingsToWrite.libraryName));
    std::memcpy (findingsToWrite.libraryName, name.data(), findingsToWrite.libraryNameLength);

    uint32_t watching = 0;

    if (detail::ImportRedirection::apply (utf8.c_str(), monitoredImports, std::size (monitoredImports), pluginSpan) >= 0)
        watching |= watchesImports;

    // The libraries that came with the plugin, and the C++ runtime (whose
    // out-of-line std::string growth allocates inside it): an allocation in
    // one of them is counted at the plugin's frame that called into it.
    const auto isRuntime = [] (const std::string& libraryPath)
    { return libraryPath.find ("/libstdc++.so") != std::string::npos || libraryPath.find ("/libc++.so") != std::string::npos; };

    for (const auto& loaded : detail::ImportRedirection::listLoaded())
    {
        const auto cameWithPlugin = std::find (librariesBeforePlugin.begin(), librariesBeforePlugin.end(), loaded) == librariesBeforePlugin.end();

        if (loaded != utf8 && (cameWithPlugin || isRuntime (loaded)))
        {
            detail::ImportRedirection::Span ignored;
            detail::ImportRedirection::apply (loaded.c_str(), monitoredImports, std::size (monitoredImports), ignored);
        }
    }

    trapsSystemCalls = startSystemCallTrap();

    if (trapsSystemCalls)
        watching |= watchesSystemCalls;

    findingsToWrite.watching.store (watching, std::memory_order_release);
}

void RealtimeMonitor::arm (PluginCall call) noexcept
{
    armedCall = call;

    if (trapsSystemCalls)
        dispatchSelector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

namespace
{
    // What guardBlocks() leaves around each block: a NaN no arithmetic makes.
    constexpr uint32_t canaryBits = 0x7fc0dead;

    bool isCanary (float sample) noexcept
    {
        uint32_t bits;
        std::memcpy (&bits, &sample, sizeof (bits));
        return bits == canaryBits;
    }

    float getCanary() noexcept
    {
        float canary;
        std::memcpy (&canary, &canaryBits, sizeof (canary));
        return canary;
    }

    /** How far out the furthest write in `zone` went (1 for its first
        sample), or 0 when it holds only canaries; `step` walks it away from
        the block.
    */
    int findFurthestWrite (const float* zone, int length, int step) noexcept
    {
        for (int distance = length; distance > 0; --distance)
            if (! isCanary (zone[step * (distance - 1)]))
                return distance;

        return 0;
    }

    /** canarySamples of canaries, to compare a block's surroundings with. */
    struct CanaryRow
    {
        uint32_t bits[RealtimeMonitor::canarySamples];

        CanaryRow() noexcept { std::fill (std::begin (bits), std::end (bits), canaryBits); }
    };

    const CanaryRow canaryRow;

    bool areCanaries (const float* first, int length) noexcept
    {
        return std::memcmp (first, canaryRow.bits, sizeof (float) * (size_t) length) == 0;
    }

    size_t getPageSize() noexcept
    {
        static const auto page = (size_t)::sysconf (_SC_PAGESIZE);
        return page;
    }

    /** mprotect, from where the system-call trap lets it through. */
    void protectPage (const float* page, int protection) noexcept
    {
#if defined(__x86_64__)
        wavecraft_monitor_syscall (SYS_mprotect, (long) page, (long) getPageSize(), protection, 0, 0, 0);
#else
        ::mprotect (const_cast<float*> (page), getPageSize(), protection);
#endif
    }

    /** Where the canaries found a write outside a block, with no place to
        it yet. The next block then runs with a page unwritable where that
        write lands: the write that faults there names its place (spring()),
        and goes on once the page is writable again. Later writes there are
        counted at that place.
    */
    struct PlaceTrap
    {
        RealtimeRule rule;
        float* page = nullptr; // while set
        bool wanted = false;
        volatile bool sprung = false;
        uint64_t pendingDistance = 0;
        uint32_t pendingBlockSamples = 0;
        uint64_t frames[RealtimeFinding::maxFrames] = {};
        uint32_t numFrames = 0;

        void set (float* pageToTrap) noexcept
        {
            wanted = false;
            page = pageToTrap;
            protectPage (page, PROT_READ);
        }

        /** After the block: the page writable again; true when the trap sprang. */
        bool lift() noexcept
        {
            if (page != nullptr && ! sprung)
                protectPage (page, PROT_READ | PROT_WRITE);

            page = nullptr;
            return std::exchange (sprung, false);
        }

        /** [the fault handler] */
        bool spring (const void* address) noexcept
        {
            if (page == nullptr || sprung || (uintptr_t) address - (uintptr_t) page >= getPageSize()) // unsigned: below wraps far above
                return false;

            numFrames = collectPluginFrames (frames);
            protectPage (page, PROT_READ | PROT_WRITE);
            sprung = true;
            return true;
        }

        /** Counts a write `distance` samples outside a block (0: none this
            time), at the place the trap named when it has; asks for the
            trap when it hasn't and `trapPossible`.
        */
        void record (uint32_t channel, uint64_t distance, uint32_t blockSamples, bool justSprung, bool trapPossible) noexcept
        {
            if (distance == 0)
            {
                if (const auto pending = std::exchange (pendingDistance, 0); pending > 0) // once, and not while the trap was set
                    count (rule, channel, pending, frames, 0, pendingBlockSamples);

                return;
            }

            if (numFrames == 0 && ! justSprung && pendingDistance == 0 && trapPossible)
            {
                pendingDistance = distance;
                pendingBlockSamples = blockSamples;
                wanted = true;
                return;
            }

            if (const auto pending = std::exchange (pendingDistance, 0); pending > 0)
                count (rule, channel, pending, frames, numFrames, pendingBlockSamples);

            count (rule, channel, distance, frames, numFrames, blockSamples);
        }
    };

    /** A channel's block, the canaries around it, and the traps for writes
        before and after it. For the trap before it, the block is moved for
        one call to just after a page boundary (the region's first page),
        so that page holds nothing of the block.
    */
    struct GuardedBlock
    {
        float* start = nullptr;
        float* regionStart = nullptr;
        float* movedFrom = nullptr; // the block's own place, while it is moved
        int numSamples = 0, roomBefore = 0, roomAfter = 0, roomToRegionStart = 0;
        const float* filledAfter = nullptr; // where the zone after was last filled whole
        PlaceTrap before { RealtimeRule::bufferUnderrun }, after { RealtimeRule::bufferOverrun };

        int getPageSamples() const noexcept { return (int) (getPageSize() / sizeof (float)); }

        bool canTrapAfter() const noexcept
        {
            return (uintptr_t) (start + numSamples) % getPageSize() == 0 && roomAfter >= getPageSamples();
        }

        bool canTrapBefore() const noexcept
        {
            return (uintptr_t) regionStart % getPageSize() == 0 && getPageSamples() <= roomToRegionStart + roomAfter;
        }
    };

    GuardedBlock guarded[2];

} // namespace

void RealtimeMonitor::guardBlocks (float** blocks, int numSamples, int roomBefore, int roomAfter) noexcept
{
    const auto watched = watchedFindings != nullptr;
    const auto canary = getCanary();

    for (int channel = 0; channel < 2; ++channel)
    {
        auto& block = guarded[channel];
        block.start = blocks[channel];
        block.numSamples = numSamples;
        block.roomToRegionStart = roomBefore;
        block.regionStart = block.start - roomBefore;
        block.roomBefore = watched ? juce::jlimit (0, canarySamples, roomBefore) : 0;
        block.roomAfter = watched ? roomAfter : 0;

        if (block.before.wanted && block.canTrapBefore())
        {
            // Moved for this call only, to start where the region's first page ends.
            auto* moved = block.regionStart + block.getPageSamples();
            std::memmove (moved, block.start, sizeof (float) * (size_t) numSamples);
            std::fill (block.regionStart, moved, canary);
            block.movedFrom = std::exchange (block.start, moved);
            blocks[channel] = moved;
            block.before.set (block.regionStart);
            continue;
        }

        std::fill (block.start - block.roomBefore, block.start, canary);

        // The zone after is where it was (blocks end at the same place), so
        // it is filled whole once and mended only where a plugin wrote.
        if (auto* after = block.start + numSamples; block.roomAfter > 0 && block.filledAfter != after)
        {
            std::fill (after, after + block.roomAfter, canary);
            block.filledAfter = after;
        }

        if (block.after.wanted && block.canTrapAfter())
            block.after.set (block.start + numSamples);
    }
}

namespace
{
    /** How far before the block the furthest write went (0: none), and
        counts it.
    */
    void checkBefore (GuardedBlock& block, uint32_t channel) noexcept
    {
        const auto sprung = block.before.lift();
        auto distance = 0;

        if (sprung || ! areCanaries (block.start - block.roomBefore, block.roomBefore))
            distance = juce::jmax (sprung ? 1 : 0, findFurthestWrite (block.start - 1, block.roomBefore, -1));

        block.before.record (channel, (uint64_t) distance, (uint32_t) block.numSamples, sprung, block.canTrapBefore());
    }

    void checkAfter (GuardedBlock& block, uint32_t channel) noexcept
    {
        auto* after = block.start + block.numSamples;
        const auto sprung = block.after.lift();
        uint64_t distance = 0;

        // Only the samples right after the block are looked at on every call:
        // an overrun is a loop that counts on past the end, so it writes them.
        if (sprung || ! areCanaries (after, juce::jmin (RealtimeMonitor::canarySamples, block.roomAfter)))
        {
            distance = (uint64_t) juce::jmax (sprung ? 1 : 0, findFurthestWrite (after, block.roomAfter, 1));
            std::fill (after, after + distance, getCanary());
        }

        block.after.record (channel, distance, (uint32_t) block.numSamples, sprung, block.canTrapAfter());
    }
} // namespace

void RealtimeMonitor::checkBlocks() noexcept
{
    for (uint32_t channel = 0; channel < 2; ++channel)
    {
        auto& block = guarded[channel];
        checkBefore (block, channel);

        // A moved block goes back to its place for the host; what lies
        // after it where it was moved to is no zone, so it isn't looked at.
        if (auto* home = std::exchange (block.movedFrom, nullptr))
        {
            std::memmove (home, block.start, sizeof (float) * (size_t) block.numSamples);
            block.start = home;
            continue;
        }

        checkAfter (block, channel);
    }
}

bool RealtimeMonitor::springBufferTrap (const siginfo_t* info, void* context) noexcept
{
    // Only the audio thread is armed; another of the plugin's threads
    // writing there leaves the audio thread's trap as it is.
    const auto onAudioThread = armedCall != PluginCall::none;
    const auto selectorBefore = dispatchSelector;

    if (onAudioThread)
        dispatchSelector = SYSCALL_DISPATCH_FILTER_ALLOW; // the handler's own mprotect

    for (auto& block : guarded)
    {
        auto* trap = block.before.spring (info->si_addr) ? &block.before : block.after.spring (info->si_addr) ? &block.after
                                                                                                              : nullptr;

        if (trap == nullptr)
            continue;

            // Back to the write, which now goes through, with the system-call trap closed again.
#if defined(__x86_64__)
        auto& registers = static_cast<ucontext_t*> (context)->uc_mcontext.gregs;

        // The first frame is the faulting write itself, not a return address:
        // one past it, so the symbolizer's step back lands on it.
        if (trap->numFrames > 0 && trap->frames[0] + pluginSpan.loadAddress == (uint64_t) registers[REG_RIP])
            ++trap->frames[0];

        if (onAudioThread && trapsSystemCalls)
        {
            wavecraft_monitor_resume_at = (uintptr_t) registers[REG_RIP];
            registers[REG_RIP] = (greg_t) reinterpret_cast<uintptr_t> (wavecraft_monitor_rearm);
        }
#else
        juce::ignoreUnused (context);
#endif
        return true;
    }

    dispatchSelector = selectorBefore;
    return false;
}

void RealtimeMonitor::disarm() noexcept
{
    dispatchSelector = SYSCALL_DISPATCH_FILTER_ALLOW;
    armedCall = PluginCall::none;
}

RealtimeMonitor::Pause::Pause() noexcept
    : call (armedCall)
{
    // Only the armed thread's own: another's (a worker's control thread)
    // would let the armed one's system calls through meanwhile.
    if (call != PluginCall::none)
        disarm();
}

RealtimeMonitor::Pause::~Pause()
{
    if (call != PluginCall::none)
        arm (call);
}

} // namespace wavecraft
