/*
    wavecraft-host --validate's checks, through real workers: a plugin that
    keeps every rule passes them all; each defect a test plugin carries fails
    (or warns) the check named for it, with the function and line where it
    happened; a crash or a hang fails one check and the run goes on; and the
    reports (lines, JSON, JUnit) say so.
*/
#include "TestHelpers.h"

using namespace wavecraft;
using Result = ValidationCheck::Result;

namespace
{
std::vector<ValidationCheck> validate (const juce::String& name, bool quick, juce::StringArray only = {})
{
    PluginValidator::Options options;
    options.quick = quick;
    options.onlyChecks = std::move (only);
    return PluginValidator::run (test::getTestPlugin (name), options);
}

const ValidationCheck* find (const std::vector<ValidationCheck>& checks, const juce::String& id)
{
    for (const auto& check : checks)
        if (check.id == id)
            return &check;

    return nullptr;
}

/** The line of a test plugin's source that holds `text`, 1-based. */
int findSourceLine (const juce::String& file, const juce::String& text)
{
    juce::StringArray lines;
    lines.addLines (juce::File (WAVECRAFT_TEST_PLUGIN_SOURCES).getChildFile (file).loadFileAsString());
    const auto index = lines.indexOf (text, false) >= 0 ? lines.indexOf (text) : [&]
    {
        for (int i = 0; i < lines.size(); ++i)
            if (lines[i].contains (text))
                return i;
        return -1;
    }();
    REQUIRE (index >= 0);
    return index + 1;
}

struct Defect
{
    const char* plugin;
    const char* check;
    Result result;
    const char* detail;   // a part of the detail
    const char* function; // the innermost frame's function (a part of it), or "" for no stack
    const char* file;     // its source, and a part of its line
    const char* line;
};
} // namespace

TEST_CASE ("A plugin that keeps every rule passes every check, and so does one that allocates only while it prepares", "[isolation][validate][linux]")
{
    const auto name = GENERATE (as<juce::String> {}, "tp_v2", "tp_allocates_in_set_sample_rate");
    INFO (name);
    const auto checks = validate (name, false);

    juce::StringArray ids;

    // Timings may warn on a machine busy with other work; nothing may fail.
    const juce::StringArray timed { "load.warm", "cpu.budget", "cpu.denormals" };

    for (const auto& check : checks)
    {
        INFO (ValidationReport::toLine (check));
        CHECK ((check.result == Result::pass || (check.result == Result::warn && timed.contains (check.id))));
        CHECK (check.stack.empty());
        ids.add (check.id);
    }

    CHECK (ids == PluginValidator::getCheckIds (false));
    CHECK (ids.size() == 22);
}

TEST_CASE ("Each defect fails or warns the check named for it, with the function and line where it happened", "[isolation][validate][linux]")
{
    const Defect defects[] = {
        { "tp_allocates_in_process", "realtime.process", Result::fail, "process() called malloc (", "process", "test_plugin.c", "void* volatile block = malloc" },
        { "tp_news_two_deep_in_process", "realtime.process", Result::fail, "process() called operator new", "makeScratch", "two_deep_new.cpp", "// the allocation named" },
        { "tp_allocates_in_helper_library", "realtime.process", Result::fail, "process() called malloc (", "process", "test_plugin.c", "channels[0][0] *= tp_helper_work" },
        { "tp_grows_string_in_process", "realtime.process", Result::fail, "process() called operator new (", "tp_grow_string", "string_growth.cpp", "// the growth named" },
        { "tp_locks_in_process", "realtime.process", Result::fail, "process() called pthread_mutex_lock", "process", "test_plugin.c", "pthread_mutex_lock (&processMutex);" },
        { "tp_prints_in_process", "realtime.process", Result::fail, "process() called write", "process", "test_plugin.c", "fflush (printSink);" },
        { "tp_sleeps_in_process", "realtime.process", Result::fail, "process() called clock_nanosleep", "process", "test_plugin.c", "nanosleep (&pause, NULL);" },
        { "tp_raw_syscall_in_process", "realtime.process", Result::fail, "process() called getpid", "process", "test_plugin.c", "__asm__ volatile(\"syscall\"" },
        { "tp_allocates_in_apply", "realtime.apply_plain_values", Result::fail, "apply_plain_values() called malloc", "applyPlainValues", "test_plugin.c", "void* volatile copy = malloc" },
        { "tp_overrun_by_1_in_process", "buffers.overrun", Result::fail, "wrote past the end of the left channel (at least 1 sample beyond its ", "process", "test_plugin.c", "((volatile float*) channels[channel])[i] = 0.0f;" },
        { "tp_overrun_by_4096_in_process", "buffers.overrun", Result::fail, "(at least 4096 samples beyond its ", "process", "test_plugin.c", "((volatile float*) channels[channel])[i] = 0.0f;" },
        { "tp_underrun_in_process", "buffers.underrun", Result::fail, "wrote before the start of the left channel (3 samples before it)", "process", "test_plugin.c", "((volatile float*) channels[c])[i] = 0.0f;" },
        { "tp_nan_at_gain_max", "params.extremes", Result::fail, "with gain at its max (2): NaN in the left channel at frame 0", "", "", "" },
        { "tp_keeps_state_across_reset", "reset.determinism", Result::fail, "after reset() the same input gave other output", "", "", "" },
        { "tp_smooths_per_block", "blocksize.dependence", Result::warn, "64- and 4096-frame blocks give other output", "", "", "" },
        { "tp_leaks_in_create", "lifecycle.create_drop", Result::fail, "create/drop leaks about 4", "", "", "" },
        { "tp_prints_in_process", "lifecycle.create_drop", Result::fail, "90 more files open after 90 more create/drop cycles", "", "", "" },
        { "tp_busy_60_percent", "cpu.budget", Result::warn, "of its real-time budget of 2667 us", "", "", "" },
    };

    for (const auto& defect : defects)
    {
        INFO (defect.plugin << ": " << defect.check);
        // The monitor's checks read what the checks that play found.
        const auto checks = validate (defect.plugin, false, { "signal.noise", defect.check });
        const auto* check = find (checks, defect.check);
        REQUIRE (check != nullptr);
        INFO (ValidationReport::toLine (*check));
        CHECK (check->result == defect.result);
        CHECK (check->detail.contains (defect.detail));

        if (juce::String (defect.function).isEmpty())
        {
            CHECK (check->stack.empty());
        }
        else
        {
            REQUIRE_FALSE (check->stack.empty());
            CHECK (check->stack.front().function.contains (defect.function));
            CHECK (check->stack.front().file.endsWith (defect.file));
            CHECK (check->stack.front().line == findSourceLine (defect.file, defect.line));
            CHECK (check->stack.front().library == juce::String (defect.plugin) + ".so");
        }

        // Nothing else is blamed on it.
        for (const auto& other : checks)
        {
            INFO (ValidationReport::toLine (other));

            if (other.id != defect.check && ! (juce::String (defect.plugin) == "tp_prints_in_process" && other.id == "realtime.process"))
                CHECK (other.result == Result::pass);
        }
    }
}

TEST_CASE ("A quick validation runs the quick checks only, and still names the real-time rules a plugin breaks", "[isolation][validate][linux]")
{
    const auto checks = validate ("tp_allocates_in_process", true);
    juce::StringArray ids;

    for (const auto& check : checks)
        ids.add (check.id);

    CHECK (ids == PluginValidator::getCheckIds (true));
    CHECK_FALSE (ids.contains ("cpu.budget"));
    REQUIRE (find (checks, "realtime.process") != nullptr);
    CHECK (find (checks, "realtime.process")->result == Result::fail);
}

TEST_CASE ("A crash or a hang fails the check it happened in, and the run goes on", "[isolation][validate]")
{
    SECTION ("a crash after 50 blocks, in every check that plays more")
    {
        const auto checks = validate ("tp_segfault_after_50_blocks", true);
        REQUIRE (find (checks, "signal.noise") != nullptr);
        CHECK (find (checks, "signal.noise")->result == Result::fail);
        CHECK (find (checks, "signal.noise")->detail.contains ("tp_segfault_after_50_blocks.so crashed with SIGSEGV"));
        CHECK (find (checks, "params.json")->result == Result::pass); // plays nothing
        CHECK (checks.back().id == "buffers.underrun");               // the run went on to the end
    }

    SECTION ("a hang after 100 blocks")
    {
        const auto checks = validate ("tp_hangs_after_100_blocks", false, { "samplerate.all" });
        REQUIRE (find (checks, "samplerate.all") != nullptr);
        CHECK (find (checks, "samplerate.all")->result == Result::fail);
        CHECK (find (checks, "samplerate.all")->detail.contains ("process() did not return within 2 s, on the block of "));
        CHECK (checks.back().id == "buffers.underrun");
    }
}

TEST_CASE ("A library that doesn't load fails its load check with the loader's words, and nothing else runs", "[isolation][validate]")
{
    const auto checks = validate ("tp_bad_version", false);
    REQUIRE (checks.size() == 1);
    CHECK (checks[0].id == "load.cold");
    CHECK (checks[0].result == Result::fail);
    CHECK (checks[0].detail.contains ("version"));
}

TEST_CASE ("A validation's reports: a line per check, the summary, JSON with the stack, and JUnit XML that parses", "[isolation][validate][linux]")
{
    const auto plugin = test::getTestPlugin ("tp_allocates_in_process");
    const auto checks = validate ("tp_allocates_in_process", false, { "signal.noise", "blocksize.dependence" });
    const auto* failed = find (checks, "realtime.process");
    REQUIRE (failed != nullptr);

    CHECK (ValidationReport::toLine (*failed).startsWith ("FAIL realtime.process: process() called malloc ("));
    CHECK (ValidationReport::summarize (checks) == juce::String ((int) checks.size() - 1) + " passed, 0 warned, 1 failed");

    SECTION ("JSON")
    {
        const auto json = juce::JSON::parse (ValidationReport::toJson (plugin, checks));
        CHECK (json["plugin"] == juce::var (plugin.getFullPathName()));
        CHECK ((int) json["failed"] == 1);
        CHECK ((int) json["passed"] == (int) checks.size() - 1);
        const auto* list = json["checks"].getArray();
        REQUIRE (list != nullptr);
        REQUIRE (list->size() == (int) checks.size());

        for (const auto& check : *list)
        {
            if (check["id"] != juce::var ("realtime.process"))
            {
                CHECK (check["result"] == juce::var ("pass"));
                CHECK_FALSE (check.hasProperty ("stack"));
                continue;
            }

            CHECK (check["result"] == juce::var ("fail"));
            CHECK (check["stack"][0]["function"] == juce::var ("process"));
            CHECK (check["stack"][0]["file"].toString().endsWith ("test_plugin.c"));
            CHECK ((int) check["stack"][0]["line"] > 0);
            CHECK (check["stack"][0]["library"] == juce::var ("tp_allocates_in_process.so"));
        }
    }

    SECTION ("JUnit")
    {
        auto withWarning = checks;
        withWarning.push_back (ValidationCheck::warn ("a warning's text"));
        withWarning.back().id = "blocksize.dependence";

        const auto xml = juce::XmlDocument::parse (ValidationReport::toJunit (plugin, withWarning));
        REQUIRE (xml != nullptr);
        CHECK (xml->hasTagName ("testsuites"));
        auto* suite = xml->getChildByName ("testsuite");
        REQUIRE (suite != nullptr);
        CHECK (suite->getIntAttribute ("tests") == (int) withWarning.size());
        CHECK (suite->getIntAttribute ("failures") == 1);

        int cases = 0, failures = 0, warnings = 0;

        for (auto* testCase : suite->getChildWithTagNameIterator ("testcase"))
        {
            ++cases;

            if (auto* failure = testCase->getChildByName ("failure"))
            {
                ++failures;
                CHECK (testCase->getStringAttribute ("name") == "realtime.process");
                CHECK (failure->getStringAttribute ("message").startsWith ("process() called malloc"));
                CHECK (failure->getAllSubText().contains ("  at process ("));
            }

            if (auto* output = testCase->getChildByName ("system-out"))
            {
                ++warnings;
                CHECK (output->getAllSubText() == "warning: a warning's text");
            }
        }

        CHECK (cases == (int) withWarning.size());
        CHECK (failures == 1);
        CHECK (warnings == 1);
    }
}

TEST_CASE ("Each new build is checked in the background from a copy of its own, and what is new in it is said", "[isolation][validate][linux]")
{
    std::mutex lock;
    std::condition_variable told;
    std::vector<BuildChecker::Result> results;
    BuildChecker checker ({}, [&] (const BuildChecker::Result& result)
                          {
                              const std::lock_guard<std::mutex> guard (lock);
                              results.push_back (result);
                              told.notify_all(); });

    const auto awaitResults = [&] (size_t count)
    {
        std::unique_lock<std::mutex> guard (lock);
        REQUIRE (told.wait_for (guard, std::chrono::seconds (30), [&]
                                { return results.size() >= count; }));
        return results.back();
    };

    const juce::TemporaryFile folder;
    REQUIRE (folder.getFile().createDirectory());
    const auto build = folder.getFile().getChildFile ("plug.so");

    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (build));
    checker.check (build, 1);
    const auto first = awaitResults (1);
    CHECK (first.build == 1);
    CHECK_FALSE (first.hasPrevious);
    CHECK (first.newProblems.empty());
    CHECK (first.describe()[0] == "build 1, quick check in the background: 15 passed, 0 warned, 0 failed");

    // The next build lands, and the one after it at once, on the same path:
    // the check is of the build as it was handed over.
    REQUIRE (test::getTestPlugin ("tp_allocates_in_process").copyFileTo (build));
    checker.check (build, 2);
    REQUIRE (test::getTestPlugin ("tp_v2").copyFileTo (build));
    const auto second = awaitResults (2);
    CHECK (second.build == 2);
    REQUIRE (second.newProblems.size() == 1);
    CHECK (second.newProblems[0].id == "realtime.process");
    CHECK (second.describe()[1].startsWith ("new in this build: FAIL realtime.process: process() called malloc ("));

    checker.check (build, 3);
    const auto third = awaitResults (3);
    CHECK (third.newProblems.empty());
    CHECK (third.fixed == juce::StringArray { "realtime.process" });
    CHECK (third.describe()[0].endsWith ("; fixed since the build checked before: realtime.process"));
}
