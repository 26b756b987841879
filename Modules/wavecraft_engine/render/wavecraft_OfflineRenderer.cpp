namespace wavecraft
{

namespace
{
    /** Integer samples arrive left-justified in 32 bits; 2^31 maps them onto
        [-1, 1) exactly, as every integer below 2^24 is a float.
    */
    constexpr float intToFloatScale = 1.0f / 2147483648.0f;

    void intsToFloats (const int* source, float* destination, int numSamples, bool sourceIsFloat) noexcept
    {
        if (sourceIsFloat)
            std::memcpy (destination, source, sizeof (float) * (size_t) numSamples);
        else
            for (int i = 0; i < numSamples; ++i)
                destination[i] = (float) source[i] * intToFloatScale;
    }

    /** Rounds to the nearest step of a `bits`-bit sample and left-justifies it,
        so the writer's shift down to `bits` drops only zeros.
    */
    void floatsToInts (const float* source, int* destination, int numSamples, int bits, bool destinationIsFloat) noexcept
    {
        if (destinationIsFloat)
        {
            std::memcpy (destination, source, sizeof (float) * (size_t) numSamples);
            return;
        }

        const auto scale = (float) (1 << (bits - 1));
        const auto shift = 32 - bits;

        for (int i = 0; i < numSamples; ++i)
        {
            const auto clamped = juce::jlimit (-scale, scale - 1.0f, source[i] * scale);
            destination[i] = (int) ((unsigned int) juce::roundToInt (clamped) << shift);
        }
    }

    /** Deletes the partial file unless the render got as far as renaming it
        over the output. Declared before the writer, so the writer has closed
        the file by the time this deletes it.
    */
    struct PartialFileGuard
    {
        explicit PartialFileGuard (const juce::File& f)
            : file (f)
        {}
        ~PartialFileGuard() { file.deleteFile(); }

        const juce::File file;
    };

    juce::AudioFormat* findFormatNamed (juce::AudioFormatManager& formats, const juce::String& name)
    {
        for (auto* format : formats)
            if (format->getFormatName() == name)
                return format;

        return nullptr;
    }
} // namespace

namespace
{
    /** What is wrong with rendering `options` at all, before any file is opened. */
    juce::String checkPaths (const OfflineRenderer::Options& options)
    {
        if (options.blockSize < 1 || options.blockSize > OfflineRenderer::maxBlockSize)
            return "the block size must be between 1 and " + juce::String (OfflineRenderer::maxBlockSize) + ", got "
                + juce::String (options.blockSize);

        if (! options.input.existsAsFile())
            return "no input file at " + options.input.getFullPathName();

        if (options.input == options.output)
            return "the output " + options.output.getFullPathName() + " is the input file; choose another output path";

        return {};
    }

    /** What is wrong with the input's layout for a render. */
    juce::String checkInput (const juce::AudioFormatReader& reader, const juce::String& inputPath)
    {
        const auto numChannels = (int) reader.numChannels;
        const auto bits = (int) reader.bitsPerSample;

        if (numChannels < 1 || numChannels > PluginInstance::numChannels)
            return inputPath + " has " + juce::String (numChannels) + " channels; a render takes mono or stereo files";

        if (! reader.usesFloatingPointData && (bits < 8 || bits > 24))
            return inputPath + " holds " + juce::String (bits)
                + "-bit integer samples; a render writes 8, 16 or 24-bit integer or 32-bit float files";

        return {};
    }

    /** A writer of the input's format, rate, channels and sample size, on `file`. */
    std::unique_ptr<juce::AudioFormatWriter> createWriter (juce::AudioFormat& format, const juce::AudioFormatReader& reader,
                                                           const juce::File& file, const juce::String& outputPath,
                                                           juce::String& error)
    {
        auto stream = file.createOutputStream();

        if (stream == nullptr || stream->failedToOpen())
        {
            // The partial file beside the output is what failed; the reason is the output's.
            error = "cannot write " + outputPath + ": "
                + describeWhyUnwritable (juce::File (outputPath), stream != nullptr ? stream->getStatus().getErrorMessage() : juce::String());
            return {};
        }

        std::unique_ptr<juce::AudioFormatWriter> writer (format.createWriterFor (stream.get(), reader.sampleRate, reader.numChannels,
                                                                                 (int) reader.bitsPerSample, {}, 0));

        if (writer == nullptr)
        {
            error = "cannot write a " + juce::String (reader.bitsPerSample) + "-bit " + format.getFormatName() + " at "
                + juce::String (reader.sampleRate) + " Hz to " + outputPath;
            return {};
        }

        stream.release(); // the writer owns it now
        return writer;
    }
} // namespace

OfflineRenderer::Result OfflineRenderer::render (juce::AudioProcessor& processor, const Options& options)
{
    Result result;
    const auto inputPath = options.input.getFullPathName();
    const auto outputPath = options.output.getFullPathName();

    if (result.error = checkPaths (options); result.error.isNotEmpty())
        return result;

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (options.input));

    if (reader == nullptr)
    {
        result.error = inputPath + " is not an audio file this host can read (WAV or AIFF, PCM or float)";
        return result;
    }

    if (result.error = checkInput (*reader, inputPath); result.error.isNotEmpty())
        return result;

    auto* format = findFormatNamed (formats, reader->getFormatName());
    jassert (format != nullptr);

    PartialFileGuard partial (getPartialFile (options.output));
    partial.file.deleteFile(); // one a killed render left behind
    auto writer = createWriter (*format, *reader, partial.file, outputPath, result.error);

    if (writer == nullptr)
        return result;

    processor.setRateAndBufferSizeDetails (reader->sampleRate, options.blockSize);
    processor.prepareToPlay (reader->sampleRate, options.blockSize);

    result.sampleRate = reader->sampleRate;
    result.numChannels = (int) reader->numChannels;
    const auto rendered = renderBlocks (processor, options, *reader, *writer, result);
    processor.releaseResources();

    if (! rendered)
        return result;

    writer.reset(); // flushes and finalises the header

    // A rename, so the output path goes from the old file (or none) to the
    // complete new one with nothing in between.
    if (! partial.file.replaceFileIn (options.output))
    {
        result.error = "cannot write " + outputPath + ": renaming the finished " + partial.file.getFileName()
            + " over it failed";
        return result;
    }

    result.numFrames = reader->lengthInSamples;
    return result;
}

bool OfflineRenderer::renderBlocks (juce::AudioProcessor& processor, const Options& options,
                                    juce::AudioFormatReader& reader, juce::AudioFormatWriter& writer, Result& result)
{
    const auto blockSize = options.blockSize;
    const auto numChannels = (int) reader.numChannels;
    const auto bits = (int) reader.bitsPerSample;
    const auto isFloat = reader.usesFloatingPointData;
    juce::HeapBlock<int> intBlock ((size_t) blockSize * 2, true);
    juce::HeapBlock<float> floatBlock ((size_t) blockSize * 2, true);
    int* const ints[] = { intBlock.get(), intBlock.get() + blockSize };
    const int* const constInts[] = { ints[0], ints[1] };
    float* const floats[] = { floatBlock.get(), floatBlock.get() + blockSize };
    juce::AudioBuffer<float> view;

    for (juce::int64 position = 0; position < reader.lengthInSamples;)
    {
        if (options.shouldStop != nullptr && options.shouldStop->load())
        {
            result.stopped = true;
            result.numFrames = position;
            result.error = "the render was stopped after " + juce::String (position) + " of " + juce::String (reader.lengthInSamples)
                + " frames; " + options.output.getFullPathName() + " was not written";
            return false;
        }

        const auto numSamples = (int) juce::jmin ((juce::int64) blockSize, reader.lengthInSamples - position);

        // Asking for two channels of a mono file copies the left one across.
        if (! reader.read (ints, 2, position, numSamples, true))
        {
            result.error = "reading " + options.input.getFullPathName() + " failed at frame " + juce::String (position);
            return false;
        }

        for (int channel = 0; channel < 2; ++channel)
            intsToFloats (ints[channel], floats[channel], numSamples, isFloat);

        view.setDataToReferTo (floats, 2, numSamples);

        if (! processBlock (processor, view, options, position, result))
            return false;

        if (result.firstNonFiniteFrame < 0)
            findNonFinite (floats, numChannels, numSamples, position, result);

        for (int channel = 0; channel < numChannels; ++channel)
            floatsToInts (floats[channel], ints[channel], numSamples, bits, isFloat);

        if (! writer.write (const_cast<const int**> (constInts), numSamples))
        {
            result.error = "writing " + options.output.getFullPathName() + " failed at frame " + juce::String (position)
                + "; is the disk full?";
            return false;
        }

        position += numSamples;
    }

    return true;
}

bool OfflineRenderer::processBlock (juce::AudioProcessor& processor, juce::AudioBuffer<float>& block, const Options& options,
                                    juce::int64 position, Result& result)
{
    if (options.progress != nullptr)
        options.progress->store (position, std::memory_order_relaxed);

    auto* const supervised = dynamic_cast<SupervisedProcessing*> (&processor);

    if (supervised != nullptr)
        supervised->setAnswerDeadline (getMonotonicNanos() + (juce::int64) (options.hangSeconds * 1.0e9));

    juce::MidiBuffer noMidi;
    processor.processBlock (block, noMidi);
    return supervised == nullptr || checkAnswered (*supervised, options, position, result);
}

bool OfflineRenderer::checkAnswered (const SupervisedProcessing& supervised, const Options& options, juce::int64 position, Result& result)
{
    using BlockResult = SupervisedProcessing::BlockResult;
    const auto answer = supervised.getLastBlockResult();

    if (answer == BlockResult::processed)
        return true;

    const auto notWritten = "; " + options.output.getFullPathName() + " was not written";
    result.numFrames = position;

    if (answer == BlockResult::ended)
    {
        result.pluginStop = PluginStop::ended;
        result.error = "the plugin's process ended in the block at frame " + juce::String (position) + notWritten;
        return false;
    }

    const auto* call = supervised.getCallInProgress();
    result.pluginStop = PluginStop::hung;
    result.error = juce::String (call != nullptr ? call : "process") + "() did not return within " + juce::String (options.hangSeconds, 1)
        + " s, in the block at frame " + juce::String (position) + ": it hangs (an endless loop, or a wait that never ends)" + notWritten;
    return false;
}

void OfflineRenderer::findNonFinite (const float* const* channels, int numChannels, int numSamples, juce::int64 position, Result& result)
{
    // The audio thread's own check (a sum of squares is finite only when
    // every sample is), vectorised; sample by sample only where it isn't.
    detail::LevelTotals totals;
    detail::SampleKernels::get().sumSquares (channels[0], channels[1], nullptr, nullptr, numSamples, totals);
    const auto nonFinite = totals.getNonFiniteChannels();

    for (int channel = 0; channel < juce::jmin (numChannels, 2); ++channel)
    {
        if ((nonFinite & (1 << channel)) == 0)
            continue;

        for (int i = 0; i < numSamples; ++i)
        {
            if (! std::isfinite (channels[channel][i]) && (result.firstNonFiniteFrame < 0 || position + i < result.firstNonFiniteFrame))
            {
                result.firstNonFiniteFrame = position + i;
                result.nonFiniteChannel = channel;
                break;
            }
        }
    }
}

juce::File OfflineRenderer::getPartialFile (const juce::File& output)
{
    return output.getSiblingFile ("." + output.getFileName() + ".partial");
}

} // namespace wavecraft
