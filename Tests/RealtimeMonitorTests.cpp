/*
    The worker's real-time monitor, through a real worker process: a plugin
    that allocates, locks, sleeps, prints or makes a bare system call on the
    audio thread is named (the call, what it called, its function and line),
    once per place, and keeps playing; a plugin that keeps the rules, or
    allocates only while it prepares, is never named.
*/
#include "TestHelpers.h"

using namespace wavecraft;

namespace
{
/** An isolated test plugin played for `blocks` blocks, with what its report said. */
struct MonitoredRun
{
    explicit MonitoredRun (const juce::String& name, int blocks = 40)
    {
        IsolatedPluginInstance::Options options;
        options.answerBudget = 1000.0; // every block answered, however busy the machine
        options.onRealtimeViolation = [this] (const RealtimeReport::Violation& violation)
        {
            const std::lock_guard<std::mutex> lock (toldLock);
            told.push_back (violation);
        };

        PluginLoadError error;
        auto plugin = IsolatedPluginInstance::load (test::getTestPlugin (name), options, error);
        REQUIRE (plugin != nullptr);

        std::vector<float> values;

        for (const auto& spec : plugin->getInfo().parameters)
            values.push_back (spec.defaultValue);

        juce::AudioBuffer<float> block (2, 256);
        plugin->setSampleRate (48000.0);

        for (int i = 0; i < blocks; ++i)
        {
            block.clear();
            block.setSample (0, 0, 0.5f);
            played += plugin->process (block.getArrayOfWritePointers(), 256, values.data(), values.size()) == PluginInstance::BlockResult::processed ? 1 : 0;
            lastOutput = block.getSample (0, 0);
        }

        // Counted by then: the report reads every pollIntervalMs.
        juce::Thread::sleep (3 * RealtimeReportThread::pollIntervalMs);
        watched = plugin->getRealtimeReport().getWatchedCalls();
        violations = plugin->getRealtimeReport().getViolations();
        plugin.reset();
        CHECK (told.size() == violations.size()); // each place told once
    }

    /** The one violation of `what`, or null. */
    const RealtimeReport::Violation* find (const juce::String& what) const
    {
        const RealtimeReport::Violation* found = nullptr;

        for (const auto& violation : violations)
            if (violation.what == what)
            {
                REQUIRE (found == nullptr); // once per place
                found = &violation;
            }

        return found;
    }

    std::mutex toldLock;
    std::vector<RealtimeReport::Violation> told, violations;
    uint32_t watched = 0;
    int played = 0;
    float lastOutput = 0.0f;
};

void checkPlace (const RealtimeReport::Violation& violation, RealtimeRule rule, const juce::String& call, const juce::String& function)
{
    INFO (RealtimeReport::describe (violation));
    CHECK (violation.rule == rule);
    CHECK (violation.call == call);
    CHECK (violation.count >= 1);
    REQUIRE_FALSE (violation.stack.empty());
    CHECK (violation.stack.front().function == function);
    CHECK (violation.stack.front().file.endsWith ("test_plugin.c"));
    CHECK (violation.stack.front().line > 0);
    CHECK (violation.stack.front().library.matchesWildcard ("tp_*.so", false));
}
/** A rule `process()` breaks on every block at one place, and plays on. */
void checkEveryBlock (const MonitoredRun& run, const juce::String& what, RealtimeRule rule)
{
    INFO (what);
    REQUIRE (run.find (what) != nullptr);
    checkPlace (*run.find (what), rule, "process", "process");
    CHECK (run.find (what)->count == 40);
    CHECK (run.played == 40);
    CHECK (run.lastOutput == 0.5f);
}
} // namespace

TEST_CASE ("A plugin that breaks a real-time rule on the audio thread is named: the call, what it called, its function and line, once per place", "[isolation][monitor][linux]")
{
    SECTION ("malloc and free in process()")
    {
        MonitoredRun run ("tp_allocates_in_process");
        REQUIRE (run.find ("malloc") != nullptr);
        checkPlace (*run.find ("malloc"), RealtimeRule::allocation, "process", "process");
        CHECK (run.find ("malloc")->bytes == 64 + 256);
        CHECK (run.find ("malloc")->stack.front().library == "tp_allocates_in_process.so"); // the file built, not the worker's copy
        CHECK (run.find ("malloc")->count == 40);                                           // every block, counted at the one place
        REQUIRE (run.find ("free") != nullptr);
        checkPlace (*run.find ("free"), RealtimeRule::deallocation, "process", "process");
        CHECK (RealtimeReport::describe (*run.find ("malloc")).startsWith ("process() called malloc (320 bytes) at process ("));
        CHECK (RealtimeReport::describe (*run.find ("malloc")).endsWith ("): the audio thread must not allocate"));
        CHECK (run.played == 40); // and it kept playing
    }

    SECTION ("a mutex in process()")
    {
        checkEveryBlock (MonitoredRun ("tp_locks_in_process"), "pthread_mutex_lock", RealtimeRule::lock);
    }

    SECTION ("a sleep in process(): its system call")
    {
        checkEveryBlock (MonitoredRun ("tp_sleeps_in_process"), "clock_nanosleep", RealtimeRule::systemCall);
    }

    SECTION ("printf debugging in process(): the write")
    {
        checkEveryBlock (MonitoredRun ("tp_prints_in_process"), "write", RealtimeRule::systemCall);
    }

    SECTION ("a bare syscall instruction, no C library between")
    {
        checkEveryBlock (MonitoredRun ("tp_raw_syscall_in_process"), "getpid", RealtimeRule::systemCall);
    }

    SECTION ("a write before the start of each channel's block: named, and the plugin plays on")
    {
        MonitoredRun run ("tp_underrun_in_process");

        for (const auto* channel : { "left channel", "right channel" })
        {
            INFO (channel);
            REQUIRE (run.find (channel) != nullptr);
            checkPlace (*run.find (channel), RealtimeRule::bufferUnderrun, "process", "process");
            CHECK (run.find (channel)->bytes == 3); // samples before the start
            CHECK (run.find (channel)->count == 40);
        }

        const auto told = RealtimeReport::describe (*run.find ("left channel"));
        CHECK (told.startsWith ("process() wrote before the start of the left channel (3 samples before it) at process ("));
        CHECK (told.endsWith ("): a plugin must stay inside its buffers"));
        CHECK (run.played == 40);
        CHECK (run.lastOutput == 0.5f);
    }

    SECTION ("a write past the end of each channel's block, by one sample or by 4096: named at its line, and the plugin plays on")
    {
        for (const auto& [name, beyond] : { std::pair { "tp_overrun_by_1_in_process", 1 }, std::pair { "tp_overrun_by_4096_in_process", 4096 } })
        {
            MonitoredRun run (name);

            for (const auto* channel : { "left channel", "right channel" })
            {
                INFO (name << ", " << channel);
                REQUIRE (run.find (channel) != nullptr);
                checkPlace (*run.find (channel), RealtimeRule::bufferOverrun, "process", "process");
                CHECK (run.find (channel)->bytes == (uint64_t) beyond);
                CHECK (run.find (channel)->blockSamples == 256);
                CHECK (run.find (channel)->count == 40);
            }

            const auto told = RealtimeReport::describe (*run.find ("left channel"));
            CHECK (told.startsWith ("process() wrote past the end of the left channel (at least " + juce::String (beyond) + (beyond == 1 ? " sample" : " samples")
                                    + " beyond its 256) at process ("));
            CHECK (told.endsWith ("test_plugin.c:" + juce::String (run.find ("left channel")->stack.front().line) + "): a plugin must stay inside its buffers"));
            CHECK (run.played == 40);
            CHECK (run.lastOutput == 0.5f);
            CHECK (run.find ("mprotect") == nullptr); // the trap's own system calls are not the plugin's
        }
    }

    SECTION ("malloc in a shared library the plugin links: counted at the plugin's call into it")
    {
        MonitoredRun run ("tp_allocates_in_helper_library");
        REQUIRE (run.find ("malloc") != nullptr);
        checkPlace (*run.find ("malloc"), RealtimeRule::allocation, "process", "process");
        CHECK (run.find ("malloc")->count == 40);
        REQUIRE (run.find ("free") != nullptr);
        CHECK (run.played == 40);
    }

    SECTION ("a std::string grown in process(): allocated inside the C++ runtime, counted once at the plugin's line")
    {
        MonitoredRun run ("tp_grows_string_in_process");
        REQUIRE (run.find ("operator new") != nullptr);
        INFO (RealtimeReport::describe (*run.find ("operator new")));
        CHECK (run.find ("operator new")->stack.front().function == "tp_grow_string");
        CHECK (run.find ("operator new")->stack.front().file.endsWith ("string_growth.cpp"));
        CHECK (run.find ("operator new")->count == 40);
        CHECK (run.find ("malloc") == nullptr); // the runtime's own malloc under it is not a second place
        CHECK (run.played == 40);
    }

    SECTION ("an allocation in apply_plain_values()")
    {
        MonitoredRun run ("tp_allocates_in_apply");
        REQUIRE (run.find ("malloc") != nullptr);
        checkPlace (*run.find ("malloc"), RealtimeRule::allocation, "apply_plain_values", "applyPlainValues");
    }
}

TEST_CASE ("A plugin that keeps the rules is never named, nor one that allocates only while it prepares", "[isolation][monitor][linux]")
{
    const auto name = GENERATE (as<juce::String> {}, "tp_v2", "tp_allocates_in_set_sample_rate");
    INFO (name);
    MonitoredRun run (name);

    for (const auto& violation : run.violations)
        FAIL_CHECK (RealtimeReport::describe (violation));

    CHECK (run.watched == (watchesImports | watchesSystemCalls)); // it was watched, and had nothing to say
    CHECK (run.played == 40);
    CHECK (run.lastOutput == 0.5f);
}
