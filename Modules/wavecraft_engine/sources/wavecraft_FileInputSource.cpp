namespace wavecraft
{

namespace
{
    constexpr int chunkSize = 1024;
}

FileInputSource::FileInputSource (const juce::File& fileToPlay)
    : juce::Thread ("wavecraft file input"),
      file (fileToPlay)
{
    if (! file.existsAsFile())
    {
        openError = "no input file at " + file.getFullPathName();
        return;
    }

    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    reader.reset (formats.createReaderFor (file));

    if (reader == nullptr)
        openError = "the input file " + file.getFullPathName() + " is not a WAV or AIFF file this host can read";
    else if (reader->lengthInSamples <= 0)
        openError = "the input file " + file.getFullPathName() + " has no samples to loop";
}

FileInputSource::~FileInputSource()
{
    stopThread (2000);
}

void FileInputSource::prepare (double sampleRate, int maximumBlockSize)
{
    jassert (openError.isEmpty());
    stopThread (2000);

    speedRatio = reader->sampleRate / sampleRate;
    const auto capacity = juce::jmax (8 * maximumBlockSize, (int) (sampleRate / 2));
    fifo = std::make_unique<AudioFifo> (capacity);
    fileChunk.setSize (2, (int) std::ceil (chunkSize * speedRatio) + 8);
    resampledChunk.setSize (2, chunkSize);

    for (auto& interpolator : interpolators)
        interpolator.reset();

    readAhead(); // start with a full fifo, so the first blocks never starve
    startThread();
}

void FileInputSource::fill (float* left, float* right, int numSamples) noexcept
{
    float* const channels[] = { left, right };
    const auto got = fifo != nullptr ? fifo->read (channels, numSamples) : 0;

    if (got < numSamples)
    {
        juce::FloatVectorOperations::clear (left + got, numSamples - got);
        juce::FloatVectorOperations::clear (right + got, numSamples - got);
        underruns.fetch_add ((juce::uint64) (numSamples - got));
    }
}

void FileInputSource::run()
{
    while (! threadShouldExit())
    {
        readAhead();
        wait (5);
    }
}

void FileInputSource::readAhead()
{
    while (fifo->getFreeSpace() >= chunkSize && ! threadShouldExit())
    {
        const auto needed = speedRatio == 1.0 ? chunkSize : (int) std::ceil (chunkSize * speedRatio) + 4;

        // Read `needed` samples, wrapping at the end of the file.
        for (int done = 0; done < needed;)
        {
            const auto count = (int) juce::jmin ((juce::int64) (needed - done), reader->lengthInSamples - readPosition);
            reader->read (&fileChunk, done, count, readPosition, true, true);
            done += count;
            readPosition = (readPosition + count) % reader->lengthInSamples;
        }

        if (speedRatio == 1.0)
        {
            fifo->write (fileChunk.getArrayOfReadPointers(), chunkSize);
            continue;
        }

        int used = 0;

        for (int channel = 0; channel < 2; ++channel)
            used = interpolators[channel].process (speedRatio, fileChunk.getReadPointer (channel),
                                                   resampledChunk.getWritePointer (channel), chunkSize);

        // Give back what the interpolator didn't consume, so the loop stays continuous.
        readPosition = (readPosition - (needed - used) + reader->lengthInSamples) % reader->lengthInSamples;
        fifo->write (resampledChunk.getArrayOfReadPointers(), chunkSize);
    }
}

} // namespace wavecraft
