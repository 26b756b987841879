#include "TestHelpers.h"

#include <csignal>
#include <malloc.h>

using namespace wavecraft;

namespace
{
/** A build of Tests/plugins/lv2/test_lv2_plugin.c: its bundle. */
juce::File getTestLv2 (const juce::String& name)
{
    return test::getTestPlugin (name).withFileExtension (".lv2");
}

/** The left output of one block of a constant 0.5 in, with `values` as the ABI passes them. */
float outputFor (PluginInstance& plugin, std::vector<float> values)
{
    std::vector<float> left (256, 0.5f), right (256, 0.5f);
    float* channels[] = { left.data(), right.data() };
    plugin.process (channels, 256, values.data(), values.size());
    return left[255];
}

/** The test plugin's age (frames it has run) in a state JUCE's LV2 host
    made (Turtle text), or -1 when the state doesn't hold it.
*/
juce::int64 ageIn (const juce::MemoryBlock& state)
{
    const auto text = state.toString();
    const auto key = text.indexOf ("lv2-gain#age>");

    if (key < 0)
        return -1;

    const auto value = text.substring (key).fromFirstOccurrenceOf (">", false, false).trimStart().trimCharactersAtStart ("\"");
    return value.initialSectionContainingOnly ("0123456789").isEmpty() ? -1 : value.getLargeIntValue();
}

void runBlocks (PluginInstance& plugin, int numBlocks)
{
    for (int i = 0; i < numBlocks; ++i)
        outputFor (plugin, { 0.5f, 0.0f, 0.0f });
}

/** The plugin's own state, or a failed test. */
juce::MemoryBlock stateOf (PluginInstance& plugin)
{
    juce::MemoryBlock state;
    REQUIRE (plugin.getPluginState (state));
    return state;
}

/** A live session's options on `bundle`: the Virtual device, a sine in, no background checks. */
HostSession::Options sessionOn (const juce::File& bundle)
{
    HostSession::Options options;
    options.plugin = bundle;
    options.device.deviceType = "Virtual";
    options.device.sampleRate = 48000.0;
    options.device.bufferSize = 512;
    options.inputSource = "sine:1000";
    options.checkEachBuild = false;
    return options;
}

/** True once the session runs a plugin, loaded without error, within 5 s. */
bool pumpUntilLoaded (HostSession& session)
{
    return test::pumpUntil ([&]
                            { return session.getPluginInstance() != nullptr && ! session.getLoadError().has_value(); },
                            5000);
}

uint64_t heapInUse()
{
    const auto info = ::mallinfo2();
    return (uint64_t) (info.uordblks + info.hblkhd);
}
} // namespace

TEST_CASE ("An LV2 bundle is a dev library to the host: its ports as plain specs, values applied as the port takes them", "[formats][lv2]")
{
    // PluginLibrary::load() of a folder: the bundle loader the dev host module installs.
    const auto library = test::loadOrFail (getTestLv2 ("tlv2_gain"));
    const auto& specs = library->getParameters();

    REQUIRE (specs.size() == 3);
    CHECK (specs[0].id == "gain");
    CHECK (specs[0].name == "Gain");
    CHECK (specs[0].type == ParameterType::floatType);
    CHECK (specs[0].minValue == 0.0f);
    CHECK (specs[0].maxValue == 2.0f);
    CHECK (specs[0].defaultValue == 0.5f);
    CHECK (specs[1].id == "invert");
    CHECK (specs[1].type == ParameterType::boolType);
    CHECK (specs[2].id == "shape");
    CHECK (specs[2].type == ParameterType::enumType);
    CHECK (specs[2].maxValue == 2.0f);
    // Declared Hard, Clean, Soft: named in the order of their values.
    CHECK (specs[2].variants.joinIntoString (",") == "Clean,Soft,Hard");

    // What the host hands the ABI reaches the ports, plain.
    CHECK (library->getParametersJson().find ("\"variants\":[\"Clean\",\"Soft\",\"Hard\"]") != std::string::npos);
    const auto plugin = test::createOrFail (library);
    plugin->setSampleRate (48000.0);
    plugin->reset();
    CHECK (outputFor (*plugin, { 0.5f, 0.0f, 0.0f }) == 0.25f);
    CHECK (outputFor (*plugin, { 1.5f, 0.0f, 0.0f }) == 0.75f);
    CHECK (outputFor (*plugin, { 1.5f, 1.0f, 0.0f }) == -0.75f);
    CHECK (outputFor (*plugin, { 1.5f, 0.0f, 2.0f }) == 0.5f); // Hard clips at 0.5
    CHECK (outputFor (*plugin, { 1.5f, 0.0f, 1.0f }) == Approx (std::tanh (0.75f)).margin (1.0e-6));

    // Prepared again at another rate (JUCE's LV2 host makes the plugin
    // anew then): the values still hold.
    plugin->setSampleRate (44100.0);
    CHECK (outputFor (*plugin, { 1.5f, 0.0f, 1.0f }) == Approx (std::tanh (0.75f)).margin (1.0e-6));
}

TEST_CASE ("A loaded bundle runs from a private copy: a new build over the original plays in the next load only, and the copy goes with the library", "[formats][lv2]")
{
    test::TemporaryFolder temp;
    const auto bundle = temp.getFile ("mine.lv2");
    REQUIRE (getTestLv2 ("tlv2_gain").copyDirectoryTo (bundle));

    auto first = test::loadOrFail (bundle);
    const auto copy = first->getLoadedCopy();
    CHECK (copy.existsAsFile());
    CHECK (! copy.isAChildOf (bundle));

    // Rebuilt: the x4 build renamed over the binary.
    REQUIRE (getTestLv2 ("tlv2_gain_x4").getChildFile ("plugin.so").copyFileTo (bundle.getChildFile ("plugin.so.tmp")));
    REQUIRE (bundle.getChildFile ("plugin.so.tmp").moveFileTo (bundle.getChildFile ("plugin.so")));

    auto second = test::loadOrFail (bundle);
    const auto old = test::createOrFail (first);
    const auto rebuilt = test::createOrFail (second);
    CHECK (outputFor (*old, { 0.5f, 0.0f, 0.0f }) == 0.25f);
    CHECK (outputFor (*rebuilt, { 0.5f, 0.0f, 0.0f }) == 1.0f);

    CHECK (HostSession::watchedFileOf (bundle) == bundle.getChildFile ("plugin.so"));

    first.reset();
    CHECK (copy.existsAsFile()); // the processor made from it still runs
}

TEST_CASE ("A hosted LV2's own state goes from one build's instance to the next: in this process, and through a worker while it plays", "[formats][lv2][isolation]")
{
    SECTION ("in this process")
    {
        const auto old = test::createOrFail (test::loadOrFail (getTestLv2 ("tlv2_gain")));
        old->setSampleRate (48000.0);
        runBlocks (*old, 4);
        const auto state = stateOf (*old);
        CHECK (ageIn (state) == 4 * 256);

        const auto rebuilt = test::createOrFail (test::loadOrFail (getTestLv2 ("tlv2_gain_x4")));
        CHECK (ageIn (stateOf (*rebuilt)) == 0);
        REQUIRE (rebuilt->setPluginState (state));
        runBlocks (*rebuilt, 1);
        CHECK (ageIn (stateOf (*rebuilt)) == 5 * 256);

        // The state's own gain (0.5 when it was saved) doesn't override
        // the host's: the next block plays the value it is handed.
        CHECK (outputFor (*rebuilt, { 1.5f, 0.0f, 0.0f }) == 0.5f * 1.5f * 4.0f);
    }

    SECTION ("isolated: asked of the worker while another thread plays it")
    {
        IsolatedPluginInstance::Options options;
        options.answerBudget = 1000.0;
        PluginLoadError error;
        auto old = IsolatedPluginInstance::load (getTestLv2 ("tlv2_gain"), options, error);
        REQUIRE (old != nullptr);
        old->setSampleRate (48000.0);

        std::atomic<int> blocksRun { 0 };
        std::atomic<bool> playing { true };
        std::thread player ([&]
                            {
                                while (playing)
                                {
                                    runBlocks (*old, 1);
                                    ++blocksRun;
                                } });

        while (blocksRun < 20)
            std::this_thread::yield();

        const auto state = stateOf (*old);
        const auto age = ageIn (state);
        playing = false;
        player.join();
        CHECK (age >= 20 * 256);
        CHECK (age <= blocksRun * 256);

        auto rebuilt = IsolatedPluginInstance::load (getTestLv2 ("tlv2_gain_x4"), options, error);
        REQUIRE (rebuilt != nullptr);
        REQUIRE (rebuilt->setPluginState (state));
        runBlocks (*rebuilt, 1);
        CHECK (ageIn (stateOf (*rebuilt)) == age + 256);
    }

    SECTION ("a dev library keeps none")
    {
        const auto plugin = test::createOrFail (test::loadOrFail (test::getTestPlugin ("tp_v2")));
        juce::MemoryBlock state;
        CHECK_FALSE (plugin->getPluginState (state));
        CHECK_FALSE (plugin->setPluginState (state));
    }
}

TEST_CASE ("A live session's rebuilt LV2 starts from the old build's own state", "[formats][lv2][engine]")
{
    test::TemporaryFolder temp;
    const auto bundle = temp.getFile ("mine.lv2");
    REQUIRE (getTestLv2 ("tlv2_gain").copyDirectoryTo (bundle));

    HostSession session;
    REQUIRE (session.start (sessionOn (bundle)).wasOk());
    REQUIRE (session.getPluginInstance() != nullptr);

    // A while of audio, so the old build has an age to hand on.
    test::pumpMessages (300);
    juce::MemoryBlock before;
    REQUIRE (session.getPluginInstance()->getPluginState (before));
    const auto oldAge = ageIn (before);
    REQUIRE (oldAge >= 512);

    REQUIRE (getTestLv2 ("tlv2_gain_x4").getChildFile ("plugin.so").copyFileTo (bundle.getChildFile ("plugin.so.tmp")));
    REQUIRE (bundle.getChildFile ("plugin.so.tmp").moveFileTo (bundle.getChildFile ("plugin.so")));
    REQUIRE (test::pumpUntil ([&]
                              { return session.getNumReloads() == 1; },
                              5000));

    // The new build counts on from where the old one was (read at once: a
    // build that started from 0 has run a few blocks at most).
    juce::MemoryBlock after;
    REQUIRE (session.getPluginInstance()->getPluginState (after));
    CHECK (ageIn (after) >= oldAge);
    session.stop();
}

TEST_CASE ("A session on a bundle not built yet, or deleted by a clean build and made again, loads each build as it lands", "[formats][lv2][engine][linux]")
{
    test::TemporaryFolder temp;
    const auto bundle = temp.getFile ("mine.lv2");
    HostSession session;
    REQUIRE (session.start (sessionOn (bundle)).wasOk());
    REQUIRE (session.getLoadError().has_value());
    CHECK (session.isWatchingPluginFile());

    // The first build lands as a whole bundle, moved in.
    REQUIRE (getTestLv2 ("tlv2_gain").copyDirectoryTo (temp.getFile ("building.lv2")));
    REQUIRE (temp.getFile ("building.lv2").moveFileTo (bundle));
    CHECK (pumpUntilLoaded (session));
    CHECK (session.getNumReloads() == 1);

    // A clean build: the bundle goes, then comes back file by file, the binary last.
    REQUIRE (bundle.deleteRecursively());
    test::pumpMessages (100);
    REQUIRE (bundle.createDirectory());

    for (const auto* name : { "manifest.ttl", "plugin.ttl" })
        REQUIRE (getTestLv2 ("tlv2_gain_x4").getChildFile (name).copyFileTo (bundle.getChildFile (name)));

    test::pumpMessages (100);
    CHECK (session.getNumReloads() == 1); // not before its binary

    REQUIRE (getTestLv2 ("tlv2_gain_x4").getChildFile ("plugin.so").copyFileTo (bundle.getChildFile ("plugin.so")));
    CHECK (test::pumpUntil ([&]
                            { return session.getNumReloads() == 2; },
                            5000));
    CHECK (pumpUntilLoaded (session));
    session.stop();
}

TEST_CASE ("An LV2 bundle whose binary isn't built yet says so, and loads once it lands", "[formats][lv2][engine]")
{
    test::TemporaryFolder temp;
    const auto bundle = temp.getFile ("mine.lv2");
    REQUIRE (bundle.createDirectory());

    for (const auto* name : { "manifest.ttl", "plugin.ttl" })
        REQUIRE (getTestLv2 ("tlv2_gain").getChildFile (name).copyFileTo (bundle.getChildFile (name)));

    HostSession session;
    REQUIRE (session.start (sessionOn (bundle)).wasOk());
    REQUIRE (session.getLoadError().has_value());
    CHECK (session.getLoadError()->message == bundle.getFullPathName() + " has no binary yet: its manifest names plugin.so, which isn't there; "
                                                                         "build the plugin, and the host loads it as soon as it lands");

    REQUIRE (getTestLv2 ("tlv2_gain").getChildFile ("plugin.so").copyFileTo (bundle.getChildFile ("plugin.so")));
    CHECK (pumpUntilLoaded (session));
    session.stop();
}

TEST_CASE ("An LV2 build whose URI is also installed is refused with where, since JUCE's host would play the installed one", "[formats][lv2][cli]")
{
    // An installed copy of the same plugin, in a home of the test's own.
    // Of two bundles of one URI, lilv keeps the one whose path sorts first:
    // this home sorts before the host's private copies (/tmp/wavecraft-host-*),
    // as /home and /root do.
    const auto home = juce::File::getSpecialLocation (juce::File::tempDirectory)
                          .getChildFile ("wavecraft-a-home-" + juce::String ((int) ::getpid()));
    const auto installed = home.getChildFile (".lv2/tlv2_gain.lv2");
    REQUIRE (getTestLv2 ("tlv2_gain").copyDirectoryTo (installed));
    const std::unique_ptr<const juce::File, void (*) (const juce::File*)> removeHome (&home, [] (const juce::File* folder)
                                                                                      { folder->deleteRecursively(); });

    const auto run = [&home]
    {
        const auto previousHome = juce::SystemStats::getEnvironmentVariable ("HOME", {});
        ::setenv ("HOME", home.getFullPathName().toRawUTF8(), 1);
        const auto result = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", getTestLv2 ("tlv2_gain_x4").getFullPathName(), "--validate", "--quick" });
        ::setenv ("HOME", previousHome.toRawUTF8(), 1);
        return result;
    };

    const auto refused = run();
    INFO (refused.output);
    CHECK (refused.exitCode != 0);
    CHECK (refused.output.contains ("urn:wavecraft:test:lv2-gain is also installed in " + installed.getFullPathName()
                                    + ", and JUCE's LV2 host plays that one instead of this build; remove the installed copy"));

    // Without it, the build plays.
    REQUIRE (installed.deleteRecursively());
    const auto played = run();
    INFO (played.output);
    CHECK (played.exitCode == 0);
}

TEST_CASE ("What a worker's plugin leaves in the temporary folder is in the worker's own, removed once a killed worker is gone", "[formats][lv2][isolation][linux]")
{
    IsolatedPluginInstance::Options options;
    PluginLoadError error;
    auto killed = IsolatedPluginInstance::load (getTestLv2 ("tlv2_gain"), options, error);
    REQUIRE (killed != nullptr);
    const auto workerFolder = juce::File::getSpecialLocation (juce::File::tempDirectory)
                                  .getChildFile ("wavecraft-host-" + juce::String (killed->getWorkerProcessId()));

    // JUCE's LV2 host wrote its folder of LV2 data where TMPDIR points: the worker's own.
    CHECK (workerFolder.getChildFile ("tmp").getNumberOfChildFiles (juce::File::findDirectories) > 0);

    ::kill (killed->getWorkerProcessId(), SIGKILL);
    REQUIRE (test::pumpUntil ([&]
                              { return killed->hasExited(); },
                              5000));
    killed.reset();                     // reaped
    CHECK (workerFolder.isDirectory()); // a killed worker can't clean up...

    // ...the next one does.
    const auto next = IsolatedPluginInstance::load (getTestLv2 ("tlv2_gain"), options, error);
    REQUIRE (next != nullptr);
    CHECK_FALSE (workerFolder.exists());
}

TEST_CASE ("A bundle's build is checked in the background as a library's is, from a copy of the whole bundle", "[formats][lv2][validation]")
{
    test::TemporaryFolder temp;
    const auto bundle = temp.getFile ("mine.lv2");
    REQUIRE (getTestLv2 ("tlv2_allocates_in_run").copyDirectoryTo (bundle));

    auto options = sessionOn (bundle);
    options.checkEachBuild = true;
    HostSession session;
    REQUIRE (session.start (options).wasOk());

    // The quick check runs the real-time checks too: this build allocates in run().
    REQUIRE (test::pumpUntil ([&]
                              { return session.getPluginReport().buildCheck.build == 1; },
                              60000));
    const auto check = session.getPluginReport().buildCheck;
    CHECK (check.passed > 10);
    CHECK (check.failed >= 1);
    CHECK (check.newProblems.joinIntoString ("\n").contains ("FAIL realtime.process: process() called malloc ("));
    session.stop();
}

TEST_CASE ("A folder that is no plugin bundle is refused with what it is and what to pass", "[formats]")
{
    test::TemporaryFolder temp;
    const auto loaded = PluginLibrary::load (temp.folder);
    REQUIRE (loaded.failed());
    CHECK (loaded.error.message == "the plugin path " + temp.folder.getFullPathName() + " is a folder, but not a plugin bundle: no .vst3 name, and no manifest.ttl");
    CHECK (loaded.error.hint == "pass a dev library's .so file, a .vst3 bundle, or an LV2 bundle");
}

TEST_CASE ("Creating and dropping a hosted LV2's processors keeps no more than JUCE's hosting allowance", "[formats][lv2]")
{
    const auto library = test::loadOrFail (getTestLv2 ("tlv2_gain"));
    const auto& table = library->getProcessorTable();

    const auto cycle = [&table]
    {
        auto* processor = table.create();
        REQUIRE (processor != nullptr);
        table.drop (processor);
    };

    for (int i = 0; i < 20; ++i)
        cycle();

    const auto before = heapInUse();

    for (int i = 0; i < 100; ++i)
        cycle();

    // The test plugin frees all it takes: what stays is JUCE's LV2 host's
    // (about 0.6 KiB an instance in JUCE 7.0.5), which the validator allows.
    const auto grown = (int64_t) heapInUse() - (int64_t) before;
    INFO ("grew " << grown << " bytes over 100 cycles");
    CHECK (grown < 100 * ResourceChecks::hostingBytesPerCycle);
}

TEST_CASE ("Validation checks an LV2 bundle as it checks a dev library: a clean build passes, one that allocates or crashes is named", "[formats][lv2][cli]")
{
    const auto clean = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", getTestLv2 ("tlv2_gain").getFullPathName(), "--validate" });
    INFO (clean.output);
    CHECK (clean.exitCode == 0);
    CHECK (clean.output.contains ("PASS load.cold: loaded in "));
    CHECK (clean.output.contains (" ms in a worker of its own: LV2, 3 parameters"));
    CHECK (clean.output.contains ("PASS realtime.process: no allocation, free, lock or system call in process()"));
    CHECK (clean.output.contains ("22 passed, 0 warned, 0 failed"));

    const auto crashing = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", getTestLv2 ("tlv2_crash_after_50_blocks").getFullPathName(),
                                              "--validate", "--quick" });
    INFO (crashing.output);
    CHECK (crashing.exitCode == 1);
    CHECK (crashing.output.contains ("FAIL signal.silence: with silence in: tlv2_crash_after_50_blocks.lv2 crashed with SIGSEGV (a bad memory access) in process() after "));

    // The real-time monitor watches the plugin's own binary, to its line.
    const auto allocatesInRun = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", getTestLv2 ("tlv2_allocates_in_run").getFullPathName(),
                                                    "--validate", "--quick" });
    INFO (allocatesInRun.output);
    CHECK (allocatesInRun.exitCode == 1);
    CHECK (allocatesInRun.output.contains ("FAIL realtime.process: process() called malloc (")); // its size depends on the block
    CHECK (allocatesInRun.output.contains (" at run ("));
    CHECK (allocatesInRun.output.contains ("test_lv2_plugin.c:"));
}

TEST_CASE ("A JUCE-built VST3's and LV2's own state goes from one build's instance to the next through a worker", "[.][shell]")
{
    // Hidden: scripts/check-dev-plugin.sh builds examples/dev_plugin_shell,
    // and runs this on its bundles (WAVECRAFT_SHELL_ARTEFACTS, the Release
    // folder) with WAVECRAFT_DEV_LIBRARY set to the filter example.
    const juce::File artefacts (juce::SystemStats::getEnvironmentVariable ("WAVECRAFT_SHELL_ARTEFACTS", {}));
    REQUIRE (artefacts.isDirectory());

    for (const auto* format : { "VST3/Wavecraft Filter Dev.vst3", "LV2/Wavecraft Filter Dev.lv2" })
    {
        DYNAMIC_SECTION (format)
        {
            const auto bundle = artefacts.getChildFile (format);
            IsolatedPluginInstance::Options options;
            options.answerBudget = 1000.0;
            PluginLoadError error;
            auto old = IsolatedPluginInstance::load (bundle, options, error);
            INFO (error.message);
            REQUIRE (old != nullptr);
            old->setSampleRate (48000.0);

            // Mode at High pass, as the host sets it on a block.
            std::vector<float> values;
            auto mode = -1;

            for (const auto& spec : old->getInfo().parameters)
            {
                if (spec.name == "Mode")
                    mode = (int) values.size();

                values.push_back (spec.defaultValue);
            }

            REQUIRE (mode >= 0);
            values[(size_t) mode] = 2.0f;
            std::vector<float> left (256, 0.5f), right (256, 0.5f);
            float* channels[] = { left.data(), right.data() };
            old->process (channels, 256, values.data(), values.size());
            const auto state = stateOf (*old);

            // The next build starts at Low pass, its own state, until it is given the old one's.
            auto rebuilt = IsolatedPluginInstance::load (bundle, options, error);
            REQUIRE (rebuilt != nullptr);
            CHECK (stateOf (*rebuilt) != state);
            REQUIRE (rebuilt->setPluginState (state));
            CHECK (stateOf (*rebuilt) == state);
        }
    }
}
