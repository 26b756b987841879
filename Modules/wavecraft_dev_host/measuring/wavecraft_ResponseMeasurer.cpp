namespace wavecraft
{

ResponseMeasurer::ResponseMeasurer (IsolatedPluginInstance::Options options, Callback callback)
    : juce::Thread ("wavecraft response"),
      workerOptions (std::move (options)),
      onMeasured (std::move (callback))
{
    workerOptions.inBackground = true;
    workerOptions.keepSpareWorker = false;
    workerOptions.watchRealtimeRules = false; // the live instance's report is the one that counts
    startThread();
}

ResponseMeasurer::~ResponseMeasurer()
{
    signalThreadShouldExit();
    notify();
    stopThread (15000);
}

void ResponseMeasurer::setBuild (const juce::File& pluginFile, int newBuild, std::shared_ptr<ParameterStore> newValues, double newSampleRate)
{
    juce::String error;
    std::shared_ptr<BuildSnapshot> newCopy = BuildSnapshot::take (pluginFile, error);
    std::vector<Reply> answered;

    {
        const std::lock_guard<std::mutex> guard (lock);
        copy = std::move (newCopy);
        values = std::move (newValues);
        build = newBuild;
        loadError = error.isEmpty() ? juce::String() : "build " + juce::String (newBuild) + " can't be measured: " + error;

        if (newSampleRate > 0.0)
            sampleRate = newSampleRate;

        ++stamp;

        if (copy == nullptr) // nothing will measure them
            answered = takeWaiting (stamp);
    }

    for (auto& reply : answered)
        reply ({ nullptr, error });

    notify();
}

void ResponseMeasurer::clearBuild()
{
    std::vector<Reply> answered;

    {
        const std::lock_guard<std::mutex> guard (lock);
        copy.reset();
        values.reset();
        loadError.clear();
        latest.reset();
        previousBuilds.reset();
        lastError.clear();
        answered = takeWaiting (stamp++);
    }

    for (auto& reply : answered)
        reply ({ nullptr, "the session stopped before the response was measured" });

    notify();
}

void ResponseMeasurer::setSampleRate (double newSampleRate)
{
    {
        const std::lock_guard<std::mutex> guard (lock);

        if (newSampleRate <= 0.0 || newSampleRate == sampleRate)
            return;

        sampleRate = newSampleRate;
        ++stamp;
    }

    notify();
}

juce::uint64 ResponseMeasurer::valuesChanged()
{
    juce::uint64 changed = 0;

    {
        const std::lock_guard<std::mutex> guard (lock);
        changed = ++stamp;
    }

    notify();
    return changed;
}

void ResponseMeasurer::setContinuous (bool shouldMeasureEveryChange)
{
    {
        const std::lock_guard<std::mutex> guard (lock);
        watchers = juce::jmax (0, watchers + (shouldMeasureEveryChange ? 1 : -1));
    }

    notify();
}

bool ResponseMeasurer::isCurrent (juce::uint64 stampNow) const
{
    return latest != nullptr && latest->valuesStamp >= stampNow;
}

void ResponseMeasurer::request (Reply reply)
{
    Answer answer;

    {
        const std::lock_guard<std::mutex> guard (lock);

        if (isCurrent (stamp))
            answer.response = latest;
        else if (copy == nullptr)
            answer.error = loadError.isNotEmpty() ? loadError : juce::String ("no plugin is running, so there is nothing to measure");
        else if (failedStamp == stamp) // nothing changed since it failed
            answer.error = lastError;
        else
            waiting.emplace_back (stamp, reply);
    }

    if (answer.response != nullptr || answer.error.isNotEmpty())
        reply (answer);
    else
        notify();
}

std::shared_ptr<const FrequencyResponse> ResponseMeasurer::getLatest() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return latest;
}

juce::String ResponseMeasurer::getLastError() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return loadError.isNotEmpty() ? loadError : lastError;
}

std::shared_ptr<const FrequencyResponse> ResponseMeasurer::getPreviousBuilds() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return previousBuilds;
}

bool ResponseMeasurer::isStale (const Job& job) const
{
    const std::lock_guard<std::mutex> guard (lock);
    return copy != job.copy;
}

bool ResponseMeasurer::hasBuild() const
{
    const std::lock_guard<std::mutex> guard (lock);
    return copy != nullptr;
}

bool ResponseMeasurer::takeJob (Job& job)
{
    const std::lock_guard<std::mutex> guard (lock);

    if (copy == nullptr || isCurrent (stamp) || failedStamp == stamp || (watchers == 0 && waiting.empty()))
        return false;

    job = { copy, values, build, sampleRate, stamp };
    return true;
}

void ResponseMeasurer::run()
{
    WorkerPriority::moveToBackground(); // this thread spins while its worker answers

    while (! threadShouldExit())
    {
        Job job;

        if (takeJob (job))
        {
            measure (job);
            continue;
        }

        if (! hasBuild())
            plugin.reset(); // its worker ends

        wait (-1);
    }

    plugin.reset();
}

juce::Result ResponseMeasurer::loadBuild (const Job& job)
{
    if (plugin != nullptr && loadedBuild == job.build)
        return juce::Result::ok();

    plugin.reset();
    loadedBuild = 0;
    juce::String error;
    plugin = PluginUnderTest::load (job.copy->getFile(), workerOptions, nullptr, error);

    if (plugin == nullptr)
        return juce::Result::fail ("build " + juce::String (job.build) + " didn't load to be measured: " + error);

    loadedBuild = job.build;
    return juce::Result::ok();
}

void ResponseMeasurer::measure (const Job& job)
{
    if (auto loaded = loadBuild (job); loaded.failed())
        return fail (job.stamp, loaded.getErrorMessage());

    if (measurement == nullptr || measurement->getSampleRate() != job.sampleRate)
        measurement = std::make_unique<ResponseMeasurement> (job.sampleRate);

    std::vector<float> playedValues;

    for (int i = 0; i < (int) job.values->getSpecs().size(); ++i)
        playedValues.push_back (job.values->getValue (i));

    plugin->prepare (job.sampleRate);
    auto response = std::make_shared<FrequencyResponse>();
    auto cancelled = false;
    const auto result = measurement->measure ([&] (juce::AudioBuffer<float>& audio)
                                              {
                                                  // A chunk at a time, so a new build or the end cuts it short.
                                                  constexpr int chunk = 16 * blockSize;

                                                  for (int start = 0; start < audio.getNumSamples(); start += chunk)
                                                  {
                                                      if ((cancelled = threadShouldExit() || isStale (job)))
                                                          return juce::Result::fail ("cancelled");

                                                      juce::AudioBuffer<float> part (audio.getArrayOfWritePointers(), 2, start,
                                                                                     juce::jmin (chunk, audio.getNumSamples() - start));

                                                      if (auto played = plugin->process (part, blockSize, playedValues); played.failed())
                                                          return played;
                                                  }

                                                  return juce::Result::ok(); },
                                              *response);

    if (cancelled)
        return;

    if (result.failed())
    {
        plugin.reset(); // a crash or a hang ended the worker; a NaN may have left it in any state
        return fail (job.stamp, "the response of build " + juce::String (job.build) + " can't be measured: " + result.getErrorMessage());
    }

    response->build = job.build;
    response->valuesStamp = job.stamp;
    publish (job, std::move (response));
}

std::vector<ResponseMeasurer::Reply> ResponseMeasurer::takeWaiting (juce::uint64 measured)
{
    std::vector<Reply> taken;
    std::vector<std::pair<juce::uint64, Reply>> stillWaiting;

    for (auto& entry : waiting)
    {
        if (entry.first <= measured)
            taken.push_back (std::move (entry.second));
        else
            stillWaiting.push_back (std::move (entry));
    }

    waiting = std::move (stillWaiting);
    return taken;
}

void ResponseMeasurer::publish (const Job& job, std::shared_ptr<const FrequencyResponse> response)
{
    std::vector<Reply> answered;

    {
        const std::lock_guard<std::mutex> guard (lock);

        if (copy != job.copy)
            return; // the build changed, or the session stopped, while it was measured

        if (latest != nullptr && latest->build != response->build)
            previousBuilds = latest;

        latest = response;
        lastError.clear();

        answered = takeWaiting (response->valuesStamp);
    }

    for (auto& reply : answered)
        reply ({ response, {} });

    if (onMeasured != nullptr)
        onMeasured (response);
}

void ResponseMeasurer::fail (juce::uint64 failed, const juce::String& error)
{
    std::vector<Reply> answered;

    {
        const std::lock_guard<std::mutex> guard (lock);
        failedStamp = failed;
        lastError = error;
        answered = takeWaiting (failed);
    }

    juce::Logger::writeToLog (error);

    for (auto& reply : answered)
        reply ({ nullptr, error });
}

} // namespace wavecraft
