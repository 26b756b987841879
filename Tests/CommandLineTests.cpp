#include "TestHelpers.h"

using namespace wavecraft;

namespace
{
test::CommandResult runHost (const juce::StringArray& arguments)
{
    juce::StringArray command { test::getHostBinary().getFullPathName() };
    command.addArray (arguments);
    return test::runCommand (command);
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
    CHECK (rendered.channels.size() == 1);
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

TEST_CASE ("wavecraft-host reports bad usage with exit code 2", "[cli]")
{
    CHECK (runHost ({ "--frobnicate" }).exitCode == 2);
    CHECK (runHost ({ "--port", "http" }).output.contains ("--port takes a port number"));
    CHECK (runHost ({ "--render", "only-one.wav" }).exitCode == 2);
    CHECK (runHost ({ "--buffer-size", "0" }).exitCode == 2);
    CHECK (runHost ({ "--build", "make" }).output.contains ("--build needs --watch"));

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
