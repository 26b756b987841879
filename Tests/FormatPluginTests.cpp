#include "TestHelpers.h"

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
