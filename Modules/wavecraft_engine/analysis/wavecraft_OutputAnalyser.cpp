namespace wavecraft
{

OutputAnalyser::OutputAnalyser (OutputTap& tapToRead, OutputTap* inputTapToRead)
    : juce::Thread ("wavecraft output analyser"),
      tap (tapToRead),
      outputs (tap.claim()),
      inputs (inputTapToRead != nullptr ? inputTapToRead->claim() : nullptr)
{
    jassert (outputs != nullptr); // one reader per tap
}

OutputAnalyser::~OutputAnalyser()
{
    stop();
    stopRecording();
}

void OutputAnalyser::start()
{
    startThread();
}

void OutputAnalyser::stop()
{
    stopThread (2000);
}

juce::Result OutputAnalyser::startRecording (const juce::File& file)
{
    stopRecording();

    const auto sampleRate = tap.getSampleRate() > 0.0 ? tap.getSampleRate() : 48000.0;
    file.deleteFile();
    auto stream = file.createOutputStream();

    if (stream == nullptr || stream->failedToOpen())
        return juce::Result::fail ("cannot record to " + file.getFullPathName() + ": "
                                   + describeWhyUnwritable (file, stream != nullptr ? stream->getStatus().getErrorMessage() : juce::String()));

    juce::WavAudioFormat wav;
    std::unique_ptr<juce::AudioFormatWriter> writer (wav.createWriterFor (stream.get(), sampleRate, 2, 32, {}, 0));

    if (writer == nullptr)
        return juce::Result::fail ("cannot record a WAV file at " + juce::String (sampleRate) + " Hz to " + file.getFullPathName());

    stream.release();
    const std::lock_guard<std::mutex> lock (recorderMutex);
    recorder = std::move (writer);
    recordFile = file;
    recordedFrames = 0;
    return juce::Result::ok();
}

void OutputAnalyser::stopRecording()
{
    const std::lock_guard<std::mutex> lock (recorderMutex);
    recorder.reset();
}

bool OutputAnalyser::getLatestScopeFrame (ScopeFrame& frame) const
{
    const std::lock_guard<std::mutex> lock (scopeMutex);
    frame = latestScope;
    return hasScope;
}

void OutputAnalyser::run()
{
    while (! threadShouldExit())
    {
        analysePending();
        wait (pollIntervalMs);
    }

    analysePending();
}

void OutputAnalyser::analysePending()
{
    // A second reader beside the thread would take blocks from it.
    if (isThreadRunning() && juce::Thread::getCurrentThread() != this)
    {
        jassertfalse;
        return;
    }

    PublishedBlock block;

    if (outputs == nullptr)
        return;

    while (outputs->readBlock (block, readBuffer))
    {
        detail::BlockLevels levels;
        levels.add (readBuffer.getReadPointer (0), readBuffer.getReadPointer (1), block.numSamples);
        meterTap.publish (levels.toMeterFrame (block.timestampNanos));
        scopeBuilder.addSamples (readBuffer.getReadPointer (0), readBuffer.getReadPointer (1), block.numSamples);
        outputHistory.write (readBuffer.getReadPointer (0), readBuffer.getReadPointer (1), block.numSamples, tap.getSampleRate());
        record (block.numSamples);

        if (scopeBuilder.getNumNewSamples() >= samplesPerScopeFrame)
            cutScopeFrame();
    }

    while (inputs != nullptr && inputs->readBlock (block, inputBuffer))
        inputHistory.write (inputBuffer.getReadPointer (0), inputBuffer.getReadPointer (1), block.numSamples, tap.getSampleRate());
}

void OutputAnalyser::record (int numSamples)
{
    const std::lock_guard<std::mutex> lock (recorderMutex);

    if (recorder != nullptr)
    {
        recorder->writeFromAudioSampleBuffer (readBuffer, 0, numSamples);
        recordedFrames += numSamples;
    }
}

void OutputAnalyser::cutScopeFrame()
{
    ScopeFrame frame;

    if (scopeBuilder.buildFrame (frame, tap.getSampleRate(), getMonotonicMicros()))
    {
        const std::lock_guard<std::mutex> lock (scopeMutex);
        latestScope = frame;
        hasScope = true;
    }
}

} // namespace wavecraft
