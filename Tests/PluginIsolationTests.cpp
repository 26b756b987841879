/*
    A plugin in a supervised child process (IsolatedPluginInstance), driven as
    the audio callback drives it: it sounds exactly as it does in-process,
    every fault is named (signal, call, audio played) and ends only the child,
    a hang leaves the caller free, and nothing is left behind.
*/
#include "TestHelpers.h"

#include <csignal>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

using namespace wavecraft;
using Result = PluginInstance::BlockResult;

namespace
{
struct IsolatedRig
{
    explicit IsolatedRig (const juce::String& name, int loadTimeoutMs = 5000, double answerBudget = 1000.0)
    {
        // Every block answered unless it hangs: a busy machine must not make a late block here.
        IsolatedPluginInstance::Options options;
        options.loadTimeoutMs = loadTimeoutMs;
        options.answerBudget = answerBudget;
        options.onFault = [this] (const PluginFault& fault)
        {
            const std::lock_guard<std::mutex> lock (faultLock);
            faults.push_back (fault);
        };

        plugin = IsolatedPluginInstance::load (test::getTestPlugin (name), options, error);

        if (plugin != nullptr)
            for (const auto& spec : plugin->getInfo().parameters)
                values.push_back (spec.defaultValue);
    }

    IsolatedPluginInstance& instance() { return *plugin; }

    /** The next block of a 0.5 sine. */
    void fill (juce::AudioBuffer<float>& block)
    {
        for (int i = 0; i < block.getNumSamples(); ++i, ++phase)
            for (int channel = 0; channel < 2; ++channel)
                block.setSample (channel, i, 0.5f * std::sin ((float) phase * 0.05f));
    }

    /** The next block through the plugin. */
    PluginInstance::BlockResult runBlock (juce::AudioBuffer<float>& block)
    {
        fill (block);
        return plugin->process (block.getArrayOfWritePointers(), block.getNumSamples(), values.data(), values.size());
    }

    /** 50 blocks of 10 ms, then the 51st, which a tp_..._after_50_blocks
        plugin faults in: it comes back silent, the worker ended (a dead
        worker owes nothing: no hang). The faults reported.
    */
    std::vector<PluginFault> faultInBlock51 (juce::AudioBuffer<float>& block)
    {
        REQUIRE (plugin != nullptr);
        plugin->setSampleRate (48000.0);

        for (int i = 0; i < 50; ++i)
            REQUIRE (runBlock (block) == Result::processed);

        CHECK (runBlock (block) == Result::ended);
        CHECK (block.getMagnitude (0, block.getNumSamples()) == 0.0f);
        return awaitFaults (2000);
    }

    std::vector<PluginFault> awaitFaults (int timeoutMs)
    {
        test::pumpUntil ([this]
                         { const std::lock_guard<std::mutex> lock (faultLock); return ! faults.empty(); },
                         timeoutMs);
        const std::lock_guard<std::mutex> lock (faultLock);
        return faults;
    }

    PluginLoadError error;
    std::unique_ptr<IsolatedPluginInstance> plugin;
    std::vector<float> values; // what each block hands the plugin: the defaults, unless a test sets them
    std::mutex faultLock;
    std::vector<PluginFault> faults;
    int phase = 0;
};

/** A process that attaches to `pid` as a debugger does (PTRACE_SEIZE, which
    doesn't stop it), and detaches by exiting when this goes. Another
    process, as gdb is: a tracer in this one (the worker's parent) would have
    the worker's stops reported to its supervisor thread.
*/
class DebuggerStandIn
{
public:
    explicit DebuggerStandIn (pid_t pid)
    {
        REQUIRE (::pipe2 (toParent, O_CLOEXEC) == 0);
        REQUIRE (::pipe2 (toChild, O_CLOEXEC) == 0);
        child = ::fork();
        REQUIRE (child >= 0);

        if (child == 0)
        {
            // Only async-signal-safe calls here: the parent has threads. The
            // ends it doesn't use are closed, so that it ends with its parent.
            ::close (toParent[0]);
            ::close (toChild[1]);
            const char result = ::ptrace (PTRACE_SEIZE, pid, nullptr, nullptr) == 0 ? 1 : 0;
            char done;
            [[maybe_unused]] auto written = ::write (toParent[1], &result, 1);
            [[maybe_unused]] auto read = ::read (toChild[0], &done, 1);
            ::_exit (0);
        }

        char result = 0;
        isAttached = ::read (toParent[0], &result, 1) == 1 && result == 1;
    }

    ~DebuggerStandIn()
    {
        const char done = 1;
        [[maybe_unused]] auto written = ::write (toChild[1], &done, 1);
        ::waitpid (child, nullptr, 0);

        for (auto fd : { toParent[0], toParent[1], toChild[0], toChild[1] })
            ::close (fd);
    }

    bool attached() const noexcept { return isAttached; }

private:
    int toParent[2] {}, toChild[2] {};
    pid_t child = -1;
    bool isAttached = false;
};

/** tp_hangs_after_100_blocks, run until the block before its hang: each of
    those is answered, however busy the machine.
*/
struct HungPluginRig : IsolatedRig
{
    HungPluginRig()
        : IsolatedRig ("tp_hangs_after_100_blocks", 5000, IsolatedPluginInstance::defaultAnswerBudget)
    {
        REQUIRE (plugin != nullptr);
        plugin->setSampleRate (48000.0);

        for (int i = 0; i < 100; ++i)
        {
            plugin->setAnswerDeadline (getMonotonicNanos() + 5000000000LL);
            REQUIRE (runBlock (block) == Result::processed);
        }
    }

    juce::AudioBuffer<float> block { 2, 480 };
};

int countSharedMemoryNamesOfThisProcess()
{
    int count = 0;

    for (const auto& entry : juce::RangedDirectoryIterator (juce::File ("/dev/shm"), false, "wavecraft-*"))
        if (entry.getFile().getFileName().startsWith ("wavecraft-" + juce::String ((int) ::getpid()) + "-"))
            ++count;

    return count;
}
} // namespace

TEST_CASE ("An isolated plugin lists its parameters and sounds exactly as it does in-process", "[isolation]")
{
    IsolatedRig isolated ("tp_v2");
    INFO (isolated.error.describe());
    REQUIRE (isolated.plugin != nullptr);

    const auto& info = isolated.plugin->getInfo();
    CHECK (info.isolated);
    CHECK (info.abiVersion == 2);
    REQUIRE (info.parameters.size() == 4);
    CHECK (info.parameters[0].id == "gain");
    CHECK (info.parameters[2].variants.size() == 3);
    CHECK (countSharedMemoryNamesOfThisProcess() == 0); // the name is gone once the worker has it

    PluginLoadError error;
    auto inProcess = InProcessPluginInstance::load (test::getTestPlugin ("tp_v2"), error);
    REQUIRE (inProcess != nullptr);

    for (auto* plugin : { (PluginInstance*) isolated.plugin.get(), (PluginInstance*) inProcess.get() })
    {
        plugin->setSampleRate (48000.0);
        plugin->reset();
    }

    isolated.values[0] = 0.25f; // gain
    isolated.values[2] = 0.0f;  // shape: clean

    // Blocks of several sizes, one over the most a request carries.
    for (const auto blockSize : { 64, 480, WorkerChannel::maxBlockSize + 100 })
    {
        juce::AudioBuffer<float> viaWorker (2, blockSize), here (2, blockSize);
        const auto phase = isolated.phase;
        REQUIRE (isolated.runBlock (viaWorker) == Result::processed);
        isolated.phase = phase;
        isolated.fill (here);
        inProcess->process (here.getArrayOfWritePointers(), blockSize, isolated.values.data(), isolated.values.size());

        for (int channel = 0; channel < 2; ++channel)
            for (int i = 0; i < blockSize; ++i)
                if (viaWorker.getSample (channel, i) != here.getSample (channel, i))
                    FAIL ("block of " << blockSize << ", channel " << channel << ", sample " << i << ": "
                                      << viaWorker.getSample (channel, i) << " != " << here.getSample (channel, i));
    }

    CHECK (isolated.awaitFaults (0).empty());
}

TEST_CASE ("A crash in process() ends only the worker, and the fault names the signal, the call and the audio played", "[isolation]")
{
    const std::pair<const char*, int> plugins[] = { { "tp_segfault_after_50_blocks", SIGSEGV },
                                                    { "tp_abort_after_50_blocks", SIGABRT },
                                                    { "tp_fpe_after_50_blocks", SIGFPE } };

    for (const auto& [name, signal] : plugins)
    {
        DYNAMIC_SECTION (name)
        {
            IsolatedRig rig (name);
            juce::AudioBuffer<float> block (2, 480);
            const auto faults = rig.faultInBlock51 (block);
            REQUIRE (faults.size() == 1);
            CHECK (faults[0].signal == signal);
            CHECK (faults[0].call == PluginCall::process);
            CHECK (faults[0].secondsOfAudio == Approx (0.5).margin (0.001)); // 50 blocks of 10 ms
            CHECK (faults[0].describe().contains (juce::String (name) + ".so crashed with SIG"));
            CHECK (faults[0].describe().endsWith ("in process() after 0.50 s of audio"));
            CHECK (rig.instance().hasExited());

            for (int i = 0; i < 3; ++i)
            {
                CHECK (rig.runBlock (block) == Result::ended);
                CHECK (block.getMagnitude (0, block.getNumSamples()) == 0.0f);
            }
        }
    }
}

TEST_CASE ("A plugin that writes past its buffers faults at the first sample past them, and is named for it", "[isolation]")
{
    // Block 51 writes 16384 samples past the end of the left channel, beyond
    // its overrun zone: the guard right after that stops it, before the
    // right channel or anything the host reads is touched.
    IsolatedRig rig ("tp_overrun_after_50_blocks");
    juce::AudioBuffer<float> block (2, 480);
    const auto faults = rig.faultInBlock51 (block);
    REQUIRE (faults.size() == 1);
    CHECK (faults[0].signal == SIGSEGV);
    CHECK (faults[0].overrun == WorkerChannel::Guard::pastLeft);
    CHECK (faults[0].call == PluginCall::process);
    CHECK (faults[0].secondsOfAudio == Approx (0.5).margin (0.001));
    CHECK (faults[0].describe() == "tp_overrun_after_50_blocks.so went past the end of its left channel's buffer in process() (SIGSEGV) after 0.50 s of audio");

    const auto diagnostic = faults[0].toDiagnostic();
    CHECK (diagnostic.fields[Diagnostic::Fields::fault] == juce::var ("overrun"));
    CHECK (diagnostic.fields[Diagnostic::Fields::channels] == juce::var ("left"));
    CHECK (diagnostic.fields[Diagnostic::Fields::overrun] == juce::var ("past_end"));
}

TEST_CASE ("Each channel's block is followed by its overrun zone, then a guard page, whatever its length", "[isolation]")
{
    juce::String error;
    auto channel = WorkerChannel::create (error);
    REQUIRE (channel != nullptr);
    const auto pageSize = (uintptr_t)::sysconf (_SC_PAGESIZE);

    for (const auto numSamples : { 1, 480, WorkerChannel::maxBlockSize })
    {
        for (int index = 0; index < 2; ++index)
        {
            auto* block = channel->getBlock (index, numSamples);
            const auto* zone = block + numSamples;
            CHECK (channel->findGuard (block) == WorkerChannel::Guard::none);
            CHECK (channel->findGuard (zone) == WorkerChannel::Guard::none);
            CHECK ((uintptr_t) zone % pageSize == 0); // the zone's first page can be trapped alone
            CHECK (channel->findGuard (zone + WorkerChannel::overrunZoneSize - 1) == WorkerChannel::Guard::none);
            CHECK (channel->findGuard (zone + WorkerChannel::overrunZoneSize) == (index == 0 ? WorkerChannel::Guard::pastLeft : WorkerChannel::Guard::pastRight));
        }
    }

    CHECK (channel->findGuard (channel->getBlock (0, WorkerChannel::maxBlockSize) - 1) == WorkerChannel::Guard::beforeLeft);
    CHECK (channel->findGuard (&channel->get()) == WorkerChannel::Guard::none);
    channel->getBlock (1, 16)[15] = 1.0f; // the last sample of a block is writable
}

TEST_CASE ("A crash while loading is a load error that names the call", "[isolation]")
{
    SECTION ("in create()")
    {
        IsolatedRig rig ("tp_crash_in_create");
        CHECK (rig.plugin == nullptr);
        CHECK (rig.error.kind == PluginLoadError::Kind::crashedInCreate);
        CHECK (rig.error.getDiagnosticCode() == DiagnosticCode::processorCreateFailed);
        CHECK (rig.error.message == "tp_crash_in_create.so crashed with SIGSEGV (a bad memory access) in create() while loading");
    }

    SECTION ("in the params getter")
    {
        IsolatedRig rig ("tp_crash_in_params");
        CHECK (rig.plugin == nullptr);
        CHECK (rig.error.kind == PluginLoadError::Kind::crashedWhileLoading);
        CHECK (rig.error.message.contains ("in wavecraft_get_params_json() while loading"));
    }

    SECTION ("a create() that never returns is a hang, and the worker is ended")
    {
        const auto started = juce::Time::getMillisecondCounterHiRes();
        // A second is time enough for the worker (this test binary) to start
        // and reach create(), even on a busy machine.
        IsolatedRig rig ("tp_hang_in_create", 1000);
        CHECK (rig.plugin == nullptr);
        CHECK (rig.error.kind == PluginLoadError::Kind::hungWhileLoading);
        CHECK (rig.error.message.contains ("create() in tp_hang_in_create.so did not return within"));
        CHECK (juce::Time::getMillisecondCounterHiRes() - started < 4000.0);
    }

    SECTION ("a plugin's own load errors come through unchanged")
    {
        IsolatedRig rig ("tp_params_duplicate_id");
        CHECK (rig.plugin == nullptr);
        CHECK (rig.error.kind == PluginLoadError::Kind::invalidParameters);
        CHECK (rig.error.message == PluginLibrary::load (test::getTestPlugin ("tp_params_duplicate_id")).error.message);
        CHECK (rig.awaitFaults (300).empty()); // its worker ends, as it should: no fault
    }

    SECTION ("a create() that returns NULL: the loader's error, and no fault")
    {
        IsolatedRig rig ("tp_create_null");
        CHECK (rig.error.kind == PluginLoadError::Kind::createFailed);
        CHECK (rig.awaitFaults (300).empty());
    }

    CHECK (countSharedMemoryNamesOfThisProcess() == 0);
}

TEST_CASE ("A hang in process() leaves the caller free: late blocks are silent, and the worker is killed when dropped", "[isolation]")
{
    HungPluginRig rig;
    auto& block = rig.block;

    // Each late block comes back, silent, without waiting for the worker
    // (within its 9 ms budget; the bound here leaves room for a busy
    // machine, where the hung worker holds a core at real-time priority for
    // its first 200 ms).
    for (int i = 0; i < 5; ++i)
    {
        const auto started = juce::Time::getMillisecondCounterHiRes();
        CHECK (rig.runBlock (block) == Result::owing);
        CHECK (juce::Time::getMillisecondCounterHiRes() - started < 1000.0);
        CHECK (block.getMagnitude (0, block.getNumSamples()) == 0.0f);
    }

    const auto workerId = rig.instance().getWorkerProcessId();
    const auto started = juce::Time::getMillisecondCounterHiRes();
    rig.plugin.reset();
    CHECK (juce::Time::getMillisecondCounterHiRes() - started < 2000.0);
    CHECK (::kill (workerId, 0) != 0);   // gone, and reaped
    CHECK (rig.awaitFaults (0).empty()); // ended on purpose: not a fault
}

TEST_CASE ("A hung worker can be ended at once, freeing its core, unless a debugger holds it, and its end is no fault", "[isolation][linux]")
{
    HungPluginRig rig;
    auto& block = rig.block;

    CHECK (rig.runBlock (block) == Result::owing); // hung from here on
    const auto workerId = rig.instance().getWorkerProcessId();

    // A debugger attached (another process, as gdb -p is): paused, not hung.
    {
        DebuggerStandIn debugger (workerId);

        if (debugger.attached())
        {
            CHECK_FALSE (rig.plugin->stopWhileHung());
            CHECK (::kill (workerId, 0) == 0);
        }
        else
        {
            WARN ("ptrace is not allowed here (a container's seccomp, or Yama): the debugger case is not checked");
        }
    }

    // Without one, it is ended, and reaped before the instance goes.
    CHECK (test::pumpUntil ([&]
                            { return rig.plugin->stopWhileHung(); },
                            2000));
    CHECK (test::pumpUntil ([&]
                            { return ::kill (workerId, 0) != 0; },
                            2000));
    CHECK (rig.runBlock (block) == Result::ended); // owes nothing now: silence, and no hang
    CHECK (block.getMagnitude (0, block.getNumSamples()) == 0.0f);
    CHECK_FALSE (rig.plugin->stopWhileHung()); // once
    CHECK (rig.awaitFaults (300).empty());

    const auto started = juce::Time::getMillisecondCounterHiRes();
    rig.plugin.reset();
    CHECK (juce::Time::getMillisecondCounterHiRes() - started < 100.0); // nothing left to wait for
}

TEST_CASE ("A crash in set_sample_rate(), reset() or apply_plain_values() names that call", "[isolation]")
{
    const std::pair<const char*, PluginCall> plugins[] = { { "tp_crash_in_set_sample_rate", PluginCall::setSampleRate },
                                                           { "tp_crash_in_reset", PluginCall::reset },
                                                           { "tp_crash_in_apply", PluginCall::applyPlainValues } };

    for (const auto& [name, call] : plugins)
    {
        DYNAMIC_SECTION (name)
        {
            IsolatedRig rig (name);
            REQUIRE (rig.plugin != nullptr);
            rig.plugin->setSampleRate (48000.0);
            rig.plugin->reset();
            juce::AudioBuffer<float> block (2, 480);
            CHECK (rig.runBlock (block) == Result::ended); // it crashes before the block: silence
            CHECK (block.getMagnitude (0, block.getNumSamples()) == 0.0f);

            const auto faults = rig.awaitFaults (2000);
            REQUIRE (faults.size() == 1);
            CHECK (faults[0].call == call);
            CHECK (faults[0].describe().endsWith (juce::String ("in ") + describe (call) + " within the first 5 ms of audio"));
            CHECK (faults[0].toDiagnostic().fields[Diagnostic::Fields::fault] == "crash");
        }
    }
}

TEST_CASE ("A plugin slower than its budget is late, never taken for a hang: each block after a late one says the worker works", "[isolation]")
{
    // 2 ms of work per block, in blocks of 2 ms whose answer is due after
    // 1.8 ms: every block is late. With time between the calls, each call
    // finds the last one's answer in.
    IsolatedRig rig ("tp_busy_2ms", 5000, IsolatedPluginInstance::defaultAnswerBudget);
    REQUIRE (rig.plugin != nullptr);
    rig.plugin->setSampleRate (48000.0);
    juce::AudioBuffer<float> block (2, 96);
    int late = 0, owingInARow = 0, mostOwingInARow = 0;

    for (int i = 0; i < 40; ++i)
    {
        const auto result = rig.runBlock (block);
        late += result == Result::processed ? 0 : 1;
        owingInARow = result == Result::owing ? owingInARow + 1 : 0;
        mostOwingInARow = juce::jmax (mostOwingInARow, owingInARow);
        std::this_thread::sleep_for (std::chrono::milliseconds (20)); // room for the worker on a busy machine
    }

    // Too slow for its budget, it is late (unless this thread, descheduled on
    // a busy machine, came back after the answer), but it never owes
    // answers two calls in a row: the watchdog sees no hang. (That a hung
    // plugin does owe is the hang test's.)
    INFO (late << " of 40 blocks late");
    CHECK (mostOwingInARow <= 1);
    CHECK (rig.awaitFaults (0).empty());
}

TEST_CASE ("A crash in drop() is still named", "[isolation]")
{
    IsolatedRig rig ("tp_crash_in_drop");
    REQUIRE (rig.plugin != nullptr);
    rig.plugin.reset();
    const auto faults = rig.awaitFaults (2000);
    REQUIRE (faults.size() == 1);
    CHECK (faults[0].call == PluginCall::drop);
    CHECK (faults[0].signal == SIGSEGV);
}

TEST_CASE ("A channel name that a killed process with this pid left in shared memory is skipped, and the worker still starts", "[isolation]")
{
    // The names this process's next channels would take, as a process killed
    // before it removed them leaves them (ctest runs each case in a fresh process).
    std::vector<std::string> leftovers;

    for (int i = 1; i <= 64; ++i)
    {
        const auto name = "/wavecraft-" + std::to_string ((int) ::getpid()) + "-" + std::to_string (i);

        if (const auto fd = ::shm_open (name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600); fd >= 0)
        {
            ::close (fd);
            leftovers.push_back (name);
        }
    }

    const auto instance = test::loadInstance ("tp_v2", true);

    for (const auto& name : leftovers)
        ::shm_unlink (name.c_str());

    CHECK (instance != nullptr);
}
