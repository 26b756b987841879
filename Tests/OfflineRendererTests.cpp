#include "TestHelpers.h"

using namespace wavecraft;

namespace
{
struct Rig
{
    explicit Rig (const juce::String& plugin = "tp_v2")
        : processor (test::loadInstance (plugin)),
          library (processor->getLibrary())
    {
    }

    OfflineRenderer::Result render (const juce::File& in, const juce::File& out, int blockSize = 512)
    {
        return OfflineRenderer::render (*processor, { in, out, blockSize });
    }

    std::unique_ptr<DevPluginInstance> processor;
    std::shared_ptr<PluginLibrary> library;
};

/** What halving a `bits`-bit integer sample and rounding to nearest gives. */
int halvedIntegerSample (int leftJustified, int bits)
{
    const auto shift = 32 - bits;
    const auto sample = leftJustified >> shift;
    return (int) ((unsigned int) juce::roundToInt ((float) sample * 0.5f) << shift);
}

float asFloat (int bits)
{
    float value;
    std::memcpy (&value, &bits, sizeof (value));
    return value;
}
} // namespace

TEST_CASE ("Render halves every float sample exactly with gain 0.5", "[render]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    const auto numSamples = 48000 + 123; // not a multiple of the block size
    test::writeWav (in, test::makeTestSignal (2, numSamples), 48000.0, 32);

    Rig rig;
    test::setPlainValue (*rig.processor, "gain", 0.5f);
    const auto result = rig.render (in, out);
    INFO (result.error);
    REQUIRE_FALSE (result.failed());
    CHECK (result.numFrames == numSamples);

    const auto source = test::readRaw (in);
    const auto rendered = test::readRaw (out);
    REQUIRE (rendered.isFloat);
    REQUIRE (rendered.length == numSamples);
    REQUIRE (rendered.channels.size() == 2);
    CHECK (rendered.sampleRate == 48000.0);

    for (size_t channel = 0; channel < 2; ++channel)
        for (size_t i = 0; i < (size_t) numSamples; ++i)
            if (asFloat (rendered.channels[channel][i]) != asFloat (source.channels[channel][i]) * 0.5f)
                FAIL ("channel " << channel << " sample " << i << ": " << asFloat (rendered.channels[channel][i])
                                 << " is not half of " << asFloat (source.channels[channel][i]));
}

TEST_CASE ("Render keeps 16- and 24-bit integer files exact: gain 1 is bit-transparent, 0.5 rounds to nearest", "[render]")
{
    const auto bits = GENERATE (16, 24);
    const auto rate = GENERATE (44100.0, 96000.0);
    INFO (bits << "-bit at " << rate << " Hz");

    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), same = temp.getFile ("same.wav"), half = temp.getFile ("half.wav");
    test::writeWav (in, test::makeTestSignal (2, 10000), rate, bits);

    Rig rig;
    REQUIRE_FALSE (rig.render (in, same, 256).failed());
    test::setPlainValue (*rig.processor, "gain", 0.5f);
    REQUIRE_FALSE (rig.render (in, half, 100).failed());

    const auto source = test::readRaw (in);
    const auto unchanged = test::readRaw (same);
    const auto halved = test::readRaw (half);
    REQUIRE (halved.bitsPerSample == bits);
    REQUIRE_FALSE (halved.isFloat);
    REQUIRE (halved.sampleRate == rate);
    CHECK (unchanged.channels == source.channels);

    for (size_t channel = 0; channel < 2; ++channel)
        for (size_t i = 0; i < source.channels[channel].size(); ++i)
            if (halved.channels[channel][i] != halvedIntegerSample (source.channels[channel][i], bits))
                FAIL ("channel " << channel << " sample " << i);
}

TEST_CASE ("Render of a mono file stays mono and processes the left channel", "[render]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("mono.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, test::makeTestSignal (1, 5000), 22050.0, 32);

    Rig rig ("tp_v1"); // a version 1 plugin halves everything
    const auto result = rig.render (in, out, 64);
    REQUIRE_FALSE (result.failed());
    CHECK (result.numChannels == 1);

    const auto source = test::readRaw (in);
    const auto rendered = test::readRaw (out);
    REQUIRE (rendered.channels.size() == 1);
    REQUIRE (rendered.length == 5000);
    CHECK (rendered.sampleRate == 22050.0);

    for (size_t i = 0; i < 5000; ++i)
        REQUIRE (asFloat (rendered.channels[0][i]) == asFloat (source.channels[0][i]) * 0.5f);

    CHECK (test::getCounters (*rig.library).lastSampleRate == 22050.0f);
}

TEST_CASE ("Render of an empty file writes an empty file of the same format", "[render]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("empty.wav"), out = temp.getFile ("out.wav");
    test::writeWav (in, juce::AudioBuffer<float> (2, 0), 48000.0, 16);

    Rig rig;
    REQUIRE_FALSE (rig.render (in, out).failed());
    const auto rendered = test::readRaw (out);
    CHECK (rendered.length == 0);
    CHECK (rendered.channels.size() == 2);
    CHECK (rendered.bitsPerSample == 16);
}

TEST_CASE ("Render refuses bad input with a message naming the file", "[render]")
{
    test::TemporaryFolder temp;
    Rig rig;
    const auto out = temp.getFile ("out.wav");

    SECTION ("missing input")
    {
        const auto result = rig.render (temp.getFile ("nothing.wav"), out);
        CHECK (result.error == "no input file at " + temp.getFile ("nothing.wav").getFullPathName());
    }
    SECTION ("not audio")
    {
        const auto text = temp.getFile ("notes.wav");
        REQUIRE (text.replaceWithText ("RIFF? no, just text"));
        const auto result = rig.render (text, out);
        CHECK (result.error.contains ("notes.wav is not an audio file this host can read"));
        CHECK_FALSE (out.exists());
    }
    SECTION ("a truncated WAV header")
    {
        const auto in = temp.getFile ("in.wav");
        test::writeWav (in, test::makeTestSignal (2, 100), 48000.0, 16);
        juce::MemoryBlock bytes;
        REQUIRE (in.loadFileAsData (bytes));
        bytes.setSize (20);
        REQUIRE (in.replaceWithData (bytes.getData(), bytes.getSize()));
        CHECK (rig.render (in, out).error.contains ("is not an audio file"));
    }
    SECTION ("more than two channels")
    {
        const auto in = temp.getFile ("quad.wav");
        test::writeWav (in, test::makeTestSignal (4, 100), 48000.0, 16);
        CHECK (rig.render (in, out).error.contains ("has 4 channels; a render takes mono or stereo"));
    }
    SECTION ("an output that cannot be written")
    {
        const auto in = temp.getFile ("in.wav");
        test::writeWav (in, test::makeTestSignal (2, 100), 48000.0, 16);
        const auto result = rig.render (in, temp.getFile ("no/such/folder/out.wav"));
        CHECK (result.error.startsWith ("cannot write " + temp.getFile ("no/such/folder/out.wav").getFullPathName()));
    }
    SECTION ("output equal to input")
    {
        const auto in = temp.getFile ("in.wav");
        test::writeWav (in, test::makeTestSignal (2, 100), 48000.0, 16);
        CHECK (rig.render (in, in).error.contains ("is the input file"));
    }
    SECTION ("a block size out of range")
    {
        const auto in = temp.getFile ("in.wav");
        test::writeWav (in, test::makeTestSignal (2, 100), 48000.0, 16);
        CHECK (rig.render (in, out, 0).error.contains ("block size"));
    }
}

TEST_CASE ("A render reaches the output path whole or not at all", "[render]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav");
    const auto partial = OfflineRenderer::getPartialFile (out);
    test::writeWav (in, test::makeTestSignal (2, 48000), 48000.0, 16);
    REQUIRE (out.replaceWithText ("an earlier take"));
    const auto onlyInAndOut = [&]
    { return temp.folder.getNumberOfChildFiles (juce::File::findFilesAndDirectories) == 2; };

    SECTION ("stopped part way: the earlier file stays, the partial one goes")
    {
        // 750 blocks of 2 ms each: the stop lands in the middle.
        Rig rig ("tp_busy_2ms");
        std::atomic<bool> stop { false };
        std::thread stopper ([&]
                             { juce::Thread::sleep (300); stop = true; });
        const auto result = OfflineRenderer::render (*rig.processor, { in, out, 64, &stop });
        stopper.join();

        CHECK (result.stopped);
        CHECK (result.error.endsWith (out.getFullPathName() + " was not written"));
        CHECK (result.numFrames > 0);
        CHECK (result.numFrames < 48000);
        CHECK (out.loadFileAsString() == "an earlier take");
        CHECK (onlyInAndOut());
    }
    SECTION ("complete: it replaces the earlier file, also over a partial one a killed render left")
    {
        REQUIRE (partial.replaceWithText ("left by a render that was killed"));
        Rig rig;
        const auto result = rig.render (in, out);
        CHECK_FALSE (result.failed());
        CHECK_FALSE (result.stopped);
        CHECK (test::readRaw (out).length == 48000);
        CHECK_FALSE (partial.exists());
        CHECK (onlyInAndOut());
    }
}

TEST_CASE ("A render through an isolated instance is the same render, and stops where the plugin crashes or hangs", "[render][isolation]")
{
    test::TemporaryFolder temp;
    const auto in = temp.getFile ("in.wav"), out = temp.getFile ("out.wav"), direct = temp.getFile ("direct.wav");
    test::writeWav (in, test::makeTestSignal (2, 96000), 48000.0, 32);

    const auto renderIsolated = [&] (const char* plugin, double hangSeconds = 10.0)
    {
        auto processor = test::loadInstance (plugin, true);
        OfflineRenderer::Options options { in, out, 512 };
        options.hangSeconds = hangSeconds;
        std::atomic<juce::int64> progress { -1 };
        options.progress = &progress;
        auto result = OfflineRenderer::render (*processor, options);
        CHECK (progress.load() >= 0); // told where it was, block by block
        return result;
    };

    SECTION ("the same samples as in this process")
    {
        Rig rig;
        REQUIRE (OfflineRenderer::render (*rig.processor, { in, direct, 512 }).error.isEmpty());
        const auto isolated = renderIsolated ("tp_v2");
        REQUIRE (isolated.error.isEmpty());
        CHECK (test::readRaw (out).channels == test::readRaw (direct).channels);
    }

    SECTION ("a crash: stopped in the block it happened in, nothing written")
    {
        const auto result = renderIsolated ("tp_segfault_after_50_blocks");
        CHECK (result.pluginStop == OfflineRenderer::PluginStop::ended);
        CHECK (result.error == "the plugin's process ended in the block at frame 25600; " + out.getFullPathName() + " was not written");
        CHECK_FALSE (out.exists());
    }

    SECTION ("a hang: stopped after hangSeconds, nothing written")
    {
        const auto result = renderIsolated ("tp_hangs_after_100_blocks", 0.5);
        CHECK (result.pluginStop == OfflineRenderer::PluginStop::hung);
        CHECK (result.error.startsWith ("process() did not return within 0.5 s, in the block at frame 51200: it hangs"));
        CHECK_FALSE (out.exists());
    }
}
