#include "TestHelpers.h"

#include <csignal>
#include <sys/wait.h>

using namespace wavecraft;

namespace
{
test::CommandResult runHost (const juce::StringArray& arguments)
{
    juce::StringArray command { test::getHostBinary().getFullPathName() };
    command.addArray (arguments);
    return test::runCommand (command);
}

/** How a host that was sent a signal ended. */
struct SignalledRun
{
    bool exited = false; /**< false: killed by a signal */
    int exitCode = -1;
    double secondsToExit = 0.0;
    juce::String output;
};

/** Starts the host with standard output and error going to `log`, sends it
    `signalNumber` after `delayMs` and waits for it to end (killing it after
    10 s, so a host that ignores the signal fails the test, not the suite).
*/
SignalledRun runHostAndSignal (const juce::StringArray& arguments, int delayMs, int signalNumber, const juce::File& log)
{
    juce::StringArray command { test::getHostBinary().getFullPathName() };
    command.addArray (arguments);
    const auto pid = (pid_t) test::spawnProcess (command, log);
    REQUIRE (pid > 0);

    juce::Thread::sleep (delayMs);
    REQUIRE (::kill (pid, signalNumber) == 0);
    const auto sent = juce::Time::getMillisecondCounterHiRes();
    int status = 0;

    while (::waitpid (pid, &status, WNOHANG) == 0)
    {
        if (juce::Time::getMillisecondCounterHiRes() - sent > 10000.0)
        {
            ::kill (pid, SIGKILL);
            ::waitpid (pid, &status, 0);
            break;
        }

        juce::Thread::sleep (5);
    }

    SignalledRun run;
    run.secondsToExit = (juce::Time::getMillisecondCounterHiRes() - sent) / 1000.0;
    run.exited = WIFEXITED (status);
    run.exitCode = run.exited ? WEXITSTATUS (status) : -1;
    run.output = log.loadFileAsString();
    return run;
}

/** UTF-8 bytes as a String (a bare char* would be taken for Latin-1). */
juce::String utf8 (const char* text)
{
    return juce::String::fromUTF8 (text);
}

/** The one line the host printed, without its trailing newline. */
juce::String oneLine (const juce::String& output)
{
    const auto lines = juce::StringArray::fromLines (output.trimEnd());
    CHECK (lines.size() == 1);
    return lines[0];
}
} // namespace

TEST_CASE ("wavecraft-host --render processes a file through the example gain plugin", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (2, 30000), 48000.0, 32);

    const auto result = runHost ({ "--plugin", test::getExamplePlugin ("wavecraft_example_gain").getFullPathName(),
                                   "--render", in.getFullPathName(), out.getFullPathName(),
                                   "--set", "gain=0.5", "--buffer-size", "333" });
    INFO (result.output);
    REQUIRE (result.exitCode == 0);
    CHECK (result.output.contains ("rendered 30000 frames"));

    const auto source = test::readRaw (in);
    const auto rendered = test::readRaw (out);
    REQUIRE (rendered.length == 30000);

    for (size_t channel = 0; channel < 2; ++channel)
        for (size_t i = 0; i < 30000; ++i)
        {
            float a, b;
            std::memcpy (&a, &source.channels[channel][i], 4);
            std::memcpy (&b, &rendered.channels[channel][i], 4);

            if (b != a * 0.5f)
                FAIL ("sample " << i << " of channel " << channel);
        }
}

TEST_CASE ("wavecraft-host --render without --plugin uses the bundled example", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (1, 4800), 48000.0, 24);

    const auto result = runHost ({ "--render", in.getFullPathName(), out.getFullPathName() });
    INFO (result.output);
    REQUIRE (result.exitCode == 0);
    CHECK (result.output.contains ("libwavecraft_example_filter"));

    const auto rendered = test::readRaw (out);
    CHECK (rendered.length == 4800);
    CHECK (rendered.bitsPerSample == 24);
    REQUIRE (rendered.channels.size() == 1);
    CHECK (temp.folder.getNumberOfChildFiles (juce::File::findFilesAndDirectories) == 2); // no temporary left beside OUT

    // What the bundled example makes of the same input, rendered in this process.
    PluginLoadError error;
    auto processor = DevPluginFormat().createInstance (test::getExamplePlugin ("wavecraft_example_filter"), error);
    REQUIRE (processor != nullptr);
    const auto expectedFile = temp.getFile ("expected.wav");
    REQUIRE_FALSE (OfflineRenderer::render (*processor, { in, expectedFile, 512 }).failed());

    const auto sourceAudio = test::readRaw (in), expectedAudio = test::readRaw (expectedFile);
    const auto& source = sourceAudio.channels[0];
    const auto& expected = expectedAudio.channels[0];
    const auto& output = rendered.channels[0];
    REQUIRE (expected.size() == output.size());

    size_t differentFromExpected = 0, differentFromInput = 0;
    int peak = 0;

    for (size_t i = 0; i < output.size(); ++i)
    {
        differentFromExpected += output[i] != expected[i] ? 1u : 0u;
        differentFromInput += output[i] != source[i] ? 1u : 0u;
        peak = juce::jmax (peak, std::abs (output[i] >> 8));
    }

    CHECK (differentFromExpected == 0);
    CHECK (differentFromInput > output.size() * 9 / 10); // the filter and its tone changed the signal
    CHECK (peak > (1 << 23) / 100);                      // and it is not silence
}

TEST_CASE ("wavecraft-host --render exits 2 with one line for an unusable plugin or file", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (2, 1000), 48000.0, 16);
    const auto gain = test::getExamplePlugin ("wavecraft_example_gain").getFullPathName();

    SECTION ("plugin with bad params")
    {
        const auto result = runHost ({ "--plugin", test::getTestPlugin ("tp_params_enum_mismatch").getFullPathName(),
                                       "--render", in.getFullPathName(), out.getFullPathName() });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("wavecraft_get_params_json"));
        CHECK_FALSE (out.exists());
    }
    SECTION ("plugin whose create fails")
    {
        const auto result = runHost ({ "--plugin", test::getTestPlugin ("tp_create_null").getFullPathName(),
                                       "--render", in.getFullPathName(), out.getFullPathName() });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("returned NULL"));
    }
    SECTION ("missing plugin")
    {
        const auto result = runHost ({ "--plugin", temp.getFile ("nope.so").getFullPathName(),
                                       "--render", in.getFullPathName(), out.getFullPathName() });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("no plugin library at"));
    }
    SECTION ("missing input file")
    {
        const auto result = runHost ({ "--plugin", gain, "--render", temp.getFile ("none.wav").getFullPathName(),
                                       out.getFullPathName() });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("no input file at"));
    }
    SECTION ("unknown parameter in --set lists the real ones")
    {
        const auto result = runHost ({ "--plugin", gain, "--render", in.getFullPathName(), out.getFullPathName(),
                                       "--set", "volume=1" });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("no parameter 'volume'; it has: gain"));
    }
    SECTION ("value out of range in --set")
    {
        const auto result = runHost ({ "--plugin", gain, "--render", in.getFullPathName(), out.getFullPathName(),
                                       "--set", "gain=9" });
        CHECK (result.exitCode == 2);
        CHECK (oneLine (result.output).contains ("'gain' takes a number from 0 to 2, got 9"));
    }
}

TEST_CASE ("wavecraft-host --render --set takes non-ASCII ids and enum variants by name", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (2, 5000), 48000.0, 32);
    const auto plugin = test::getTestPlugin ("tp_params_non_ascii").getFullPathName();
    const auto source = test::readRaw (in);

    // The plugin multiplies by gain_é, halves once per step of "shape",
    // and 無音 mutes it: every expected output is exact in float.
    const auto renderedGain = [&] (const juce::StringArray& settings) -> float
    {
        juce::StringArray arguments { "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName() };

        for (const auto& setting : settings)
            arguments.addArray ({ "--set", setting });

        const auto result = runHost (arguments);
        INFO (result.output);
        REQUIRE (result.exitCode == 0);
        const auto rendered = test::readRaw (out);
        REQUIRE (rendered.length == 5000);

        const auto sample = [] (const test::RawAudio& audio, size_t channel, size_t i)
        {
            float value;
            std::memcpy (&value, &audio.channels[channel][i], 4);
            return value;
        };

        REQUIRE (sample (source, 0, 1000) != 0.0f);
        const auto gain = sample (rendered, 0, 1000) / sample (source, 0, 1000);

        // The same gain on every sample, from the first block on.
        for (size_t channel = 0; channel < 2; ++channel)
            for (size_t i = 0; i < 5000; ++i)
                if (sample (rendered, channel, i) != sample (source, channel, i) * gain)
                    FAIL ("sample " << i << " of channel " << channel << " is not " << gain << " times the input");

        return gain;
    };

    CHECK (renderedGain ({}) == 1.0f);
    CHECK (renderedGain ({ utf8 ("gain_\xc3\xa9=0.5") }) == 0.5f);
    CHECK (renderedGain ({ utf8 ("shape=\xce\xa9") }) == 0.5f);
    CHECK (renderedGain ({ utf8 ("shape=\xf0\x9f\x8e\x9b knob"), utf8 ("gain_\xc3\xa9=2") }) == 0.5f);
    CHECK (renderedGain ({ utf8 ("shape=D\xc3\xbcse") }) == 1.0f);
    CHECK (renderedGain ({ utf8 ("\xe7\x84\xa1\xe9\x9f\xb3=on") }) == 0.0f);

    // A near miss is refused with the real names, intact.
    const auto wrongId = runHost ({ "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName(), "--set", "gain_e=1" });
    CHECK (wrongId.exitCode == 2);
    CHECK (oneLine (wrongId.output).endsWith (utf8 ("it has: gain_\xc3\xa9, \xe7\x84\xa1\xe9\x9f\xb3, shape")));

    const auto wrongVariant = runHost ({ "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName(), "--set", "shape=Duse" });
    CHECK (wrongVariant.exitCode == 2);
    CHECK (oneLine (wrongVariant.output).contains (utf8 ("D\xc3\xbcse, \xce\xa9 or \xf0\x9f\x8e\x9b knob (or 0 to 2), got 'Duse'")));
}

TEST_CASE ("A render says what it did, and why it couldn't, as a person would", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav");
    test::writeWav (in, test::makeTestSignal (1, 1), 48000.0, 32);
    const auto gain = test::getExamplePlugin ("wavecraft_example_gain").getFullPathName();

    const auto one = runHost ({ "--plugin", gain, "--render", in.getFullPathName(), temp.getFile ("out.wav").getFullPathName() });
    INFO (one.output);
    CHECK (one.exitCode == 0);
    CHECK (one.output.contains ("rendered 1 frame (0.00 s, 48000 Hz, 1 channel) through "));

    const auto missing = temp.getFile ("no-such-folder").getChildFile ("out.wav");
    const auto nowhere = runHost ({ "--plugin", gain, "--render", in.getFullPathName(), missing.getFullPathName() });
    CHECK (nowhere.exitCode == 2);
    CHECK (nowhere.output.contains ("cannot write " + missing.getFullPathName() + ": its folder " + missing.getParentDirectory().getFullPathName()
                                    + " does not exist; create it, or write elsewhere"));
}

TEST_CASE ("A render keeps to the contract whatever the plugin does: a crash or hang is one line, exit 2 and nothing at OUT, and a NaN is said", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (2, 96000), 48000.0, 32);
    const auto render = [&] (const char* plugin)
    {
        out.deleteFile();
        return runHost ({ "--plugin", test::getTestPlugin (plugin).getFullPathName(), "--render", in.getFullPathName(), out.getFullPathName() });
    };
    const auto notWritten = "; " + out.getFullPathName() + " was not written\n";
    const auto nothingLeft = [&]
    { return temp.getFile ("in.wav").getParentDirectory().findChildFiles (juce::File::findFiles, false, "*out.wav*").isEmpty(); };

    const auto crashed = render ("tp_segfault_after_50_blocks");
    CHECK (crashed.exitCode == 2);
    CHECK (crashed.output == "wavecraft-host: tp_segfault_after_50_blocks" WAVECRAFT_PLUGIN_SUFFIX " crashed with SIGSEGV (a bad memory access) in the block at frame 25600" + notWritten);
    CHECK (nothingLeft());

    const auto aborted = render ("tp_abort_after_50_blocks");
    CHECK (aborted.exitCode == 2);
    CHECK (aborted.output.contains ("crashed with SIGABRT (abort(), or a failed assertion) in the block at frame 25600"));

    const auto whileLoading = render ("tp_crash_in_create");
    CHECK (whileLoading.exitCode == 2);
    CHECK (whileLoading.output.contains ("crashed with SIGSEGV (a bad memory access) while loading" + notWritten));

    const auto hung = render ("tp_hangs_after_100_blocks");
    CHECK (hung.exitCode == 2);
    CHECK (hung.output.contains ("process() in tp_hangs_after_100_blocks" WAVECRAFT_PLUGIN_SUFFIX " did not return within 5.0 s, in the block at frame 51200: it hangs"));
    CHECK (nothingLeft());

    const auto nan = render ("tp_nan_after_50_blocks");
    CHECK (nan.exitCode == 0);
    CHECK (nan.output.contains ("the plugin's output held NaN or Inf from frame 25600 on the right channel; look for a division by zero"));
    CHECK (out.exists());
}

TEST_CASE ("SIGTERM or SIGINT during --render exits 0 promptly and leaves nothing at OUT", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), log = temp.getFile ("log.txt");
    const auto outFolder = temp.getFile ("out");
    REQUIRE (outFolder.createDirectory());
    const auto out = outFolder.getChildFile ("out.wav");

    // 20 s of audio through a plugin that takes 2 ms per 64-frame block:
    // a 30 s render, signalled one second in.
    test::writeWav (in, test::makeTestSignal (2, 48000 * 20), 48000.0, 16);
    struct Case
    {
        const char* plugin;
        int signalNumber;
    };

    // (Not sections: ctest runs with --warn NoAssertions, and an empty section fails.)
    const auto interruption = GENERATE (Case { "tp_busy_2ms", SIGTERM }, Case { "tp_busy_2ms", SIGINT },
                                        Case { "tp_hangs_after_100_blocks", SIGTERM });
    const juce::String plugin = interruption.plugin;
    const auto signalNumber = interruption.signalNumber;
    INFO (plugin << ", signal " << signalNumber);

    const auto run = runHostAndSignal ({ "--plugin", test::getTestPlugin (plugin).getFullPathName(), "--render",
                                         in.getFullPathName(), out.getFullPathName(), "--buffer-size", "64" },
                                       1000, signalNumber, log);
    INFO (run.output);
    CHECK (run.exited);
    CHECK (run.exitCode == 0);
    CHECK (run.secondsToExit < 2.0);
    CHECK (oneLine (run.output).contains ("render interrupted"));
    CHECK (run.output.contains (out.getFullPathName() + " was not written"));

    // Not a file of the wrong length at OUT that a reader takes for complete,
    // nor a temporary left beside it.
    CHECK_FALSE (out.exists());
    CHECK (outFolder.findChildFiles (juce::File::findFilesAndDirectories, false, "*", juce::File::FollowSymlinks::no).isEmpty());
}

TEST_CASE ("wavecraft-host reports bad usage with exit code 2", "[cli]")
{
    CHECK (runHost ({ "--frobnicate" }).exitCode == 2);
    CHECK (runHost ({ "--input=", "--frobnicate" }).output.contains ("unknown option '--frobnicate'")); // an empty value is --input's
    CHECK (runHost ({ "--port", "http" }).output.contains ("--port takes a port number"));
    CHECK (runHost ({ "--render", "only-one.wav" }).output.contains ("--render needs two values: --render IN.wav OUT.wav"));
    CHECK (runHost ({ "--port" }).output.contains ("--port needs a value: --port N"));
    CHECK (runHost ({ "--buffer-size", "0" }).exitCode == 2);
    CHECK (runHost ({ "--build", "make" }).output.contains ("--build needs --watch"));
    CHECK (runHost ({ "--ui-url", "localhost:5173" }).output.contains ("--ui-url takes an http(s) URL such as http://localhost:5173"));
    CHECK (runHost ({ "--ui-url", "ftp://example.com/ui" }).exitCode == 2);

    // The module says what is wrong; the app adds which of its options to change.
    const auto badSource = runHost ({ "--headless", "--port", "0", "--device-type", "Virtual", "--input-source", "square", "--duration", "1" });
    CHECK (badSource.exitCode == 2);
    CHECK (badSource.output.contains ("an input source is device, silence, sine[:HZ], noise or file:PATH, not 'square'; check --input-source"));
    CHECK_FALSE (badSource.output.contains ("running headless")); // no page to open in a host that is not running
    CHECK (runHost ({ "--headless", "--port", "0", "--device-type", "Virtual", "--input-source", "file:", "--duration", "1" })
               .output.contains ("the input source file:PATH needs the path of a sound file, e.g. file:loop.wav"));

    CHECK (runHost ({ "--watch", "." }).output.contains ("--watch needs --build"));
    CHECK (runHost ({ "--watch", "/no/such/folder", "--build", "make" }).output.contains ("is not a folder"));
}

TEST_CASE ("wavecraft-host --help and --version exit 0", "[cli]")
{
    const auto help = runHost ({ "--help" });
    CHECK (help.exitCode == 0);
    CHECK (help.output.contains ("--render IN.wav OUT.wav"));

    const auto version = runHost ({ "--version" });
    CHECK (version.exitCode == 0);
    CHECK (version.output.startsWith ("wavecraft-host "));
}

TEST_CASE ("Every option --help lists is one the parser takes, with the values it shows", "[cli]")
{
    const auto help = runHost ({ "--help" }).output;
    const std::map<juce::String, juce::String> sampleValues { { "N", "256" }, { "HZ", "48000" }, { "SECONDS", "1" }, { "URL", "http://localhost:5173" }, { "ID=VALUE", "gain=1" }, { "DB", "-90" } };
    int listed = 0;

    for (const auto& line : juce::StringArray::fromLines (help))
    {
        if (! line.startsWith ("  --"))
            continue;

        // "  --name VALUE...   what it does": the option, then what it takes.
        const auto words = juce::StringArray::fromTokens (line.upToFirstOccurrenceOf ("   ", false, false).trim(), false);
        juce::StringArray arguments { words[0] };

        for (int i = 1; i < words.size(); ++i)
            arguments.add (sampleValues.count (words[i]) > 0 ? sampleValues.at (words[i]) : juce::String ("x"));

        // Parsed, it leaves the next argument to be the one refused.
        arguments.add ("--frobnicate");
        INFO (arguments.joinIntoString (" "));
        const auto run = runHost (arguments);
        CHECK (run.exitCode == 2);
        CHECK (run.output.contains ("unknown option '--frobnicate'"));
        ++listed;
    }

    CHECK (listed >= 20);
    CHECK (help.contains ("true/false/on/off")); // what --set takes for a bool (ParameterSpec::parseValue)
}

namespace
{
/** The largest difference between two float WAV files' samples, or 1 where their shapes differ. */
float largestDifference (const juce::File& a, const juce::File& b)
{
    const auto first = test::readRaw (a), second = test::readRaw (b);

    if (! first.isFloat || ! second.isFloat || first.channels.size() != second.channels.size() || first.length != second.length)
        return 1.0f;

    float largest = 0.0f;

    for (size_t channel = 0; channel < first.channels.size(); ++channel)
    {
        for (size_t i = 0; i < first.channels[channel].size(); ++i)
        {
            float x, y;
            std::memcpy (&x, &first.channels[channel][i], sizeof (x));
            std::memcpy (&y, &second.channels[channel][i], sizeof (y));
            largest = std::max (largest, std::abs (x - y));
        }
    }

    return largest;
}
} // namespace

TEST_CASE ("A third-party LV2 plugin renders the very samples lilv's own lv2apply gives, by its URI and with --set", "[cli][lv2]")
{
    constexpr auto overdrive = "http://drobilla.net/plugins/mda/Overdrive";

    if (! juce::File ("/usr/lib/lv2/mda.lv2/manifest.ttl").existsAsFile() || ! juce::File ("/usr/bin/lv2apply").existsAsFile())
        FAIL ("mda-lv2 and lilv-utils are needed (scripts/install-deps.sh installs them)");

    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), ours = temp.getFile ("ours.wav"), theirs = temp.getFile ("theirs.wav");
    test::writeWav (in, test::makeTestSignal (2, 48000), 48000.0, 32);

    for (const auto& [setting, symbol, value] : { std::tuple { "", "", "" }, std::tuple { "drive=0.7", "drive", "0.7" } })
    {
        juce::StringArray reference { "/usr/bin/lv2apply", "-i", in.getFullPathName(), "-o", theirs.getFullPathName() };
        juce::StringArray host { test::getHostBinary().getFullPathName(), "--plugin", overdrive, "--render", in.getFullPathName(), ours.getFullPathName() };

        if (juce::String (setting).isNotEmpty())
        {
            reference.addArray ({ "-c", symbol, value });
            host.addArray ({ "--set", setting });
        }

        reference.add (overdrive);
        const auto referenceRun = test::runCommand (reference);
        REQUIRE (referenceRun.exitCode == 0);
        const auto hostRun = test::runCommand (host);
        INFO (hostRun.output);
        REQUIRE (hostRun.exitCode == 0);
        CHECK (hostRun.output.contains ("through " + juce::String (overdrive) + " in "));
        CHECK (! hostRun.output.contains (" takes ")); // a layout is said only where it isn't stereo

        // Within -120 dBFS of lilv's own host, sample for sample.
        CHECK (largestDifference (ours, theirs) <= 1.0e-6f);
    }

    // Something it did: the drive changed the sound.
    CHECK (largestDifference (ours, in) > 0.01f);

    // Words for what can't be played.
    const auto unknown = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", "urn:nobody:nothing", "--render", in.getFullPathName(),
                                             ours.getFullPathName() });
    CHECK (unknown.exitCode == 2);
    CHECK (unknown.output.contains ("no LV2 plugin urn:nobody:nothing in ~/.lv2, /usr/lib/lv2, /usr/local/lib/lv2 or LV2_PATH"));

    const auto many = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", "/usr/lib/lv2/mda.lv2", "--render", in.getFullPathName(),
                                          ours.getFullPathName() });
    CHECK (many.exitCode == 2);
    CHECK (many.output.contains ("/usr/lib/lv2/mda.lv2 holds "));
    CHECK (many.output.contains ("LV2 plugins; name the one to load by its URI: "));

    const auto live = test::runCommand ({ test::getHostBinary().getFullPathName(), "--plugin", overdrive, "--headless", "--duration", "1" });
    CHECK (live.exitCode == 2);
    CHECK (live.output.contains (juce::String (overdrive) + " is one of "));
    CHECK (live.output.contains (" plugins in /usr/lib/lv2/mda.lv2: live hosting and --validate take a bundle that holds one plugin, whose binary a rebuild replaces; --render takes the URI"));
}

TEST_CASE ("A null test renders through both builds and says the residue: none for the same build, the expected dBFS for one at 0.999x", "[cli]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (2, 48000), 48000.0, 32);
    const auto plugin = test::getTestPlugin ("tp_v2").getFullPathName();

    SECTION ("the same build: none, exit 0, and OUT as a render writes it")
    {
        const auto result = runHost ({ "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName(), "--set", "gain=0.5",
                                       "--compare", plugin });
        INFO (result.output);
        CHECK (result.exitCode == 0);
        CHECK (result.output.contains ("residue: none, identical\n"));
        CHECK (test::readRaw (out).length == 48000);
        CHECK (temp.getFile ("").findChildFiles (juce::File::findFiles, false, "*.compare*").isEmpty()); // the other render is gone
    }

    SECTION ("a build at 0.999x gain: the residue 60 dB under the output, exit 1, or 0 within a tolerance")
    {
        const juce::StringArray arguments { "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName(), "--set", "gain=0.5",
                                            "--compare", test::getTestPlugin ("tp_v2_at_0999").getFullPathName() };
        const auto result = runHost (arguments);
        INFO (result.output);
        CHECK (result.exitCode == 1);

        // The residue of x and 0.999x is 0.001x: its peak 60 dB under the output's.
        const auto rendered = test::readRaw (out);
        float outputPeak = 0.0f;
        auto firstSound = std::numeric_limits<size_t>::max();

        for (const auto& channel : rendered.channels)
            for (size_t i = 0; i < channel.size(); ++i)
            {
                float value;
                std::memcpy (&value, &channel[i], 4);
                outputPeak = std::max (outputPeak, std::abs (value));

                if (value != 0.0f)
                    firstSound = std::min (firstSound, i);
            }

        const auto line = result.output.fromFirstOccurrenceOf ("residue: peak ", false, false).upToFirstOccurrenceOf ("\n", false, false);
        REQUIRE (line.isNotEmpty());
        const auto peakDb = line.upToFirstOccurrenceOf (" dBFS", false, false).getDoubleValue();
        CHECK (std::abs (peakDb - 20.0 * std::log10 (0.001 * outputPeak)) < 1.0);
        CHECK (line.endsWith ("first difference at frame " + juce::String ((juce::int64) firstSound)));

        auto tolerant = arguments;
        tolerant.addArray ({ "--tolerance-db", "-40" });
        CHECK (runHost (tolerant).exitCode == 0);
    }

    SECTION ("an OTHER that can't be loaded, or the options without --render, say so with exit 2")
    {
        const auto missing = runHost ({ "--plugin", plugin, "--render", in.getFullPathName(), out.getFullPathName(), "--compare", temp.getFile ("nothing.so").getFullPathName() });
        CHECK (missing.exitCode == 2);
        CHECK (missing.output.contains ("nothing.so"));
        CHECK (runHost ({ "--compare", plugin }).exitCode == 2);
        CHECK (runHost ({ "--render", in.getFullPathName(), out.getFullPathName(), "--tolerance-db", "3" }).exitCode == 2);
    }
}

TEST_CASE ("start checks what a project needs before it starts anything, each in one line", "[cli][project]")
{
    test::TemporaryFolder temp;
    const auto project = temp.getFile ("my-plugin");
    const auto host = test::getHostBinary().getFullPathName();

    // Not a project: what is missing, and what to run instead.
    REQUIRE (project.createDirectory());
    auto result = runHost ({ "start", project.getFullPathName(), "--headless" });
    CHECK (result.exitCode == 2);
    CHECK (oneLine (result.output) == "wavecraft-host: not a Wavecraft project: " + project.getFullPathName() + " has no ui/ folder (a project made by `wavecraft create` has engine/Cargo.toml and ui/package.json);"
                                                                                                                " run start in a project's folder (or name it: start FOLDER), or host a library you build yourself with --plugin PATH");

    REQUIRE (project.getChildFile ("ui/package.json").create());
    REQUIRE (project.getChildFile ("engine").createDirectory());
    REQUIRE (project.getChildFile ("engine/Cargo.toml").replaceWithText ("[package]\nname = \"my-plugin\"\n"));

    // The UI's dependencies missing: --no-install fails, a "no" fails, each naming the way out.
    result = runHost ({ "start", project.getFullPathName(), "--headless", "--no-install", "--port", "0" });
    CHECK (result.exitCode == 2);
    CHECK (oneLine (result.output).contains ("the UI's dependencies are not installed (" + project.getFullPathName() + "/ui/node_modules is missing): run npm install in"));

    result = test::runCommand ({ "/bin/sh", "-c", "echo n | '" + host + "' start '" + project.getFullPathName() + "' --headless --port 0" });
    CHECK (result.exitCode == 2);
    CHECK (result.output.contains ("? Dependencies not installed. Run npm install? [Y/n] "));
    CHECK (result.output.contains ("cannot start without the UI's dependencies: run npm install in " + project.getFullPathName() + "/ui first"));

    // A port taken: exit 3, naming which, before anything is built or installed.
    juce::StreamingSocket listener;
    REQUIRE (listener.createListener (0, "127.0.0.1"));
    result = runHost ({ "start", project.getFullPathName(), "--headless", "--ui-port", juce::String (listener.getBoundPort()), "--port", "0" });
    CHECK (result.exitCode == 3);
    CHECK (oneLine (result.output).startsWith ("wavecraft-host: the UI dev server's port " + juce::String (listener.getBoundPort()) + " is already in use"));
    CHECK_FALSE (project.getChildFile ("ui/node_modules").exists());

    CHECK (runHost ({ "start", "--install", "--no-install" }).exitCode == 2);
    CHECK (runHost ({ "--ui-port", "5180" }).exitCode == 2);
}
