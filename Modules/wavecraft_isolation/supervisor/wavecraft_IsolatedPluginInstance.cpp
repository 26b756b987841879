extern char** environ;

namespace wavecraft
{

namespace
{
    PluginLoadError workerError (juce::String message)
    {
        return { PluginLoadError::Kind::workerFailed, std::move (message), "the app's main() must call wavecraft::PluginWorker::runIfRequested first (or use "
                                                                           "WAVECRAFT_START_JUCE_APPLICATION); or run the plugin in the host's own process",
                 {} };
    }

    /** A call as the worker marked it; one this build doesn't know is none. */
    PluginCall boundedCall (uint32_t marked)
    {
        return marked <= (uint32_t) PluginCall::setState ? (PluginCall) marked : PluginCall::none;
    }
} // namespace

std::unique_ptr<IsolatedPluginInstance> IsolatedPluginInstance::load (const juce::File& file, const Options& options, PluginLoadError& error)
{
    const auto executable = options.workerExecutable != juce::File() ? options.workerExecutable : WorkerProcess::getOwnExecutable();

    if (options.workerExecutable == juce::File() && ! PluginWorker::canRunWorkers())
    {
        error = workerError ("this executable's main() does not start plugin workers, so the plugin can't run in a process of its own");
        return nullptr;
    }

    juce::String reason;
    auto worker = options.keepSpareWorker ? SpareWorker::take (executable, reason) : SpareWorker::start (executable, reason);

    if (worker.processId <= 0)
    {
        error = workerError ("the plugin's worker process could not start: " + reason);
        return nullptr;
    }

    std::unique_ptr<IsolatedPluginInstance> instance (new IsolatedPluginInstance (std::move (worker.channel), worker.processId, file, options));
    error = instance->awaitLoad (options.loadTimeoutMs);

    if (options.keepSpareWorker)
        SpareWorker::keepOneReady (executable, file); // a rebuild loads the same plugin again

    if (error.failed())
        return nullptr;

    instance->realtimeReport = std::make_unique<RealtimeReportThread> (instance->shared.findings, options.onRealtimeViolation);
    return instance;
}

IsolatedPluginInstance::IsolatedPluginInstance (std::unique_ptr<WorkerChannel> channelToUse, pid_t workerIdToUse,
                                                const juce::File& file, const Options& options)
    : channel (std::move (channelToUse)),
      shared (channel->get()),
      workerId (workerIdToUse),
      onFault (options.onFault),
      answerBudget (juce::jmax (0.0, options.answerBudget))
{
    info.file = file;
    info.isolated = true;

    // The load: the worker waits for its plugin's path.
    const auto path = file.getFullPathName().toStdString();
    const auto length = juce::jmin (path.size(), (size_t) WorkerChannel::textCapacity);
    std::memcpy (shared.text, path.data(), length);
    shared.textLengths[0] = (uint32_t) length;
    shared.findings.wanted = options.watchRealtimeRules ? 1 : 0;
    shared.inBackground = options.inBackground ? 1 : 0;
    shared.command = (uint32_t) WorkerChannel::Command::load;
    shared.request.store (1, std::memory_order_release);
    channel->ring (WorkerLink::Bell::request);
    supervisor = std::thread ([this]
                              { supervise(); });
}

IsolatedPluginInstance::~IsolatedPluginInstance()
{
    quitWorker();
    supervisor.join();
}

//==============================================================================
PluginLoadError IsolatedPluginInstance::awaitLoad (int timeoutMs)
{
    const auto answered = waitFor (1, timeoutMs);
    channel->removeName(); // the worker has mapped it, or never will

    auto error = answered ? readLoadAnswer() : describeLoadFailure (timeoutMs);

    if (error.failed())
        return error; // the worker that failed to load exits: not a fault of a running plugin

    // From here on the supervisor reports the worker's end; one that ended
    // just before is a crash while loading.
    loading = false; // seq_cst, then `exited` read: see supervise()
    return exited.load() ? describeLoadFailure (timeoutMs) : error;
}

bool IsolatedPluginInstance::waitFor (uint32_t reply, int timeoutMs)
{
    const auto deadline = juce::Time::getMillisecondCounterHiRes() + timeoutMs;
    shared.hostWaiting.store (1, std::memory_order_release);

    for (;;)
    {
        const auto current = shared.reply.load (std::memory_order_acquire);

        if (current == reply || hasExited() || juce::Time::getMillisecondCounterHiRes() >= deadline)
            break;

        channel->waitWhileEquals (WorkerLink::Bell::reply, current, 20);
    }

    shared.hostWaiting.store (0, std::memory_order_release);
    return shared.reply.load (std::memory_order_acquire) == reply;
}

PluginLoadError IsolatedPluginInstance::readLoadAnswer()
{
    const auto first = channel->readText (0, shared.textLengths[0]);
    const auto second = channel->readText (shared.textLengths[0], shared.textLengths[1]);

    if (shared.loadResult.load (std::memory_order_acquire) != (uint32_t) WorkerChannel::LoadResult::loaded)
    {
        // The kind comes from another process: one this build doesn't know is the worker's failure.
        const auto known = shared.loadErrorKind > 0 && shared.loadErrorKind <= (int32_t) PluginLoadError::Kind::workerFailed;
        return { known ? (PluginLoadError::Kind) shared.loadErrorKind : PluginLoadError::Kind::workerFailed,
                 juce::String::fromUTF8 (first.data(), (int) first.size()),
                 juce::String::fromUTF8 (second.data(), (int) second.size()),
                 {} };
    }

    // Parsed again here: the worker checked it, but this process trusts only itself.
    auto parsed = ParameterSpecParser::parseParameters (first);

    if (parsed.failed())
        return PluginLoadError::parametersInvalid (info.file, parsed.error);

    // Once: every worker of this process would say the same. A worker
    // asked to run in the background doesn't try.
    static std::atomic<bool> toldOfNoPriority { false };

    if (shared.workerIsRealtime == 0 && shared.inBackground == 0 && ! toldOfNoPriority.exchange (true))
        juce::Logger::writeToLog (info.file.getFileName() + "'s worker process could not get a real-time priority: "
                                                            "its blocks may come late (silent) when the machine is busy (allow it with "
                                                            "an rtprio limit in /etc/security/limits.d, or CAP_SYS_NICE)");

    info.abiVersion = shared.abiVersion;
    info.parameters = std::move (parsed.parameters);
    info.processorIds = juce::StringArray::fromLines (juce::String::fromUTF8 (second.data(), (int) second.size()));
    info.processorIds.removeEmptyStrings();
    return {};
}

PluginLoadError IsolatedPluginInstance::describeLoadFailure (int timeoutMs) const
{
    const auto call = boundedCall (shared.call.load());

    if (! hasExited())
    {
        PluginLoadError hung { PluginLoadError::Kind::hungWhileLoading,
                               juce::String (describe (call)) + " in " + info.file.getFileName() + " did not return within "
                                   + juce::String (timeoutMs / 1000.0, 1) + " s, while loading: it hangs",
                               "look for an endless loop or a wait in the plugin's loading code (static constructors, create(), the JSON getters)",
                               {} };
        hung.faultFields.set (Diagnostic::Fields::call, nameOf (call));
        return hung;
    }

    if (exitSignal == 0 && call == PluginCall::none)
        return workerError ("the plugin's worker process ended (exit code " + juce::String (exitCode)
                            + ") before it loaded the plugin");

    const auto fault = describeExit();
    PluginLoadError crashed { call == PluginCall::create ? PluginLoadError::Kind::crashedInCreate : PluginLoadError::Kind::crashedWhileLoading,
                              fault.describeWhatAndWhere() + " while loading",
                              "fix the plugin and rebuild it; to find the fault, run the plugin in the host's own process under a debugger",
                              {} };
    crashed.faultFields = fault.toDiagnostic().fields;
    crashed.faultFields.remove (Diagnostic::Fields::secondsOfAudio); // none played
    return crashed;
}

PluginFault IsolatedPluginInstance::describeExit() const
{
    PluginFault fault;
    fault.file = info.file;
    fault.signal = exitSignal;
    fault.exitCode = exitCode;
    // What the worker left in shared memory is only what it says: bounded
    // by what this side knows to be possible.
    // The control thread's call, when it was in one: blocks come and go
    // around it, a state call is made once.
    const auto controlCall = boundedCall (shared.controlCall.load());
    fault.call = controlCall != PluginCall::none ? controlCall : boundedCall (shared.call.load());
    fault.secondsOfAudio = (double) juce::jmin ((juce::uint64) shared.framesProcessed.load(), framesSent.load()) / juce::jmax (1.0, sampleRate.load());
    const auto guard = shared.guardHit.load();
    fault.overrun = exitSignal != 0 && guard <= (uint32_t) WorkerChannel::Guard::last ? (WorkerChannel::Guard) guard : WorkerChannel::Guard::none;
    return fault;
}

void IsolatedPluginInstance::supervise()
{
    // Waited for without reaping: the worker stays a zombie, so its pid
    // can't be reused by another process while quitWorker() or
    // stopWhileHung() may still kill it.
    siginfo_t ending {};

    while (::waitid (P_PID, (id_t) workerId, &ending, WEXITED | WNOWAIT) < 0 && errno == EINTR)
    {
    }

    const auto signalled = ending.si_code == CLD_KILLED || ending.si_code == CLD_DUMPED;
    exitSignal = signalled ? ending.si_status : 0;
    exitCode = signalled ? 0 : ending.si_status;
    exited.store (true);                     // seq_cst: against `loading`, which awaitLoad() writes and then reads `exited`
    channel->ring (WorkerLink::Bell::reply); // a thread waiting for an answer stops waiting
    channel->ring (WorkerLink::Bell::controlReply);

    // A worker that was asked to quit exits 0; a crash in drop() is still one.
    // A crash of its own just before a kill is still a crash.
    const auto unasked = signalled ? ! (killed.load() && exitSignal == SIGKILL) : exitCode != 0 || ! quitAsked.load();

    if (unasked && ! loading.load() && onFault != nullptr)
        onFault (describeExit());

    while (! mayReap.load())
        std::this_thread::sleep_for (std::chrono::milliseconds (1));

    ::waitpid (workerId, nullptr, 0);
}

void IsolatedPluginInstance::quitWorker()
{
    if (killed.load())
    {
        mayReap = true; // ended already, by stopWhileHung()
        return;
    }

    const auto loadUnanswered = loading.load() && shared.reply.load() != 1;

    if (! hasExited() && ! loadUnanswered)
    {
        // A worker still busy with a late block gets a moment, then is killed:
        // it hangs, and drop() would never come. One that failed to load
        // ends by itself.
        const auto busy = owesAnswer && ! waitFor (requestsSent, 50);

        if (! busy && ! loading.load())
        {
            quitAsked = true;
            shared.command = (uint32_t) WorkerChannel::Command::quit;
            shared.request.store (++requestsSent, std::memory_order_release);
            channel->ring (WorkerLink::Bell::request);
            waitFor (requestsSent, 500);
        }

        for (int i = 0; i < 500 && ! busy && ! hasExited(); ++i)
            std::this_thread::sleep_for (std::chrono::milliseconds (1));
    }

    // A worker still there (hung in a block, or in its load) is killed; not
    // yet reaped, its pid is still its own.
    if (! hasExited())
    {
        killed = true;
        ::kill (workerId, SIGKILL);
    }

    mayReap = true;
}

std::optional<IsolatedPluginInstance::WorkerFootprint> IsolatedPluginInstance::recreateProcessor (int timeoutMs)
{
    if (hasExited() || killed.load() || (owesAnswer && ! waitFor (requestsSent, timeoutMs)))
        return std::nullopt;

    // The new processor needs its rate and a reset, even if this answer
    // comes late and a block takes it.
    pendingFlags.fetch_or (WorkerChannel::setSampleRateFirst | WorkerChannel::resetFirst);
    owesAnswer = true;
    shared.command = (uint32_t) WorkerChannel::Command::recreate;
    shared.request.store (++requestsSent, std::memory_order_release);
    channel->ring (WorkerLink::Bell::request);

    if (! waitFor (requestsSent, timeoutMs))
        return std::nullopt;

    owesAnswer = false;
    return WorkerFootprint { shared.recreated != 0, shared.heapInUse, (int) shared.openFiles };
}

bool IsolatedPluginInstance::getPluginState (juce::MemoryBlock& state)
{
    const std::lock_guard<std::mutex> guard (controlLock);

    if (! askControl (WorkerChannel::ControlCommand::getState))
        return false;

    state.replaceAll (shared.controlData, juce::jmin ((size_t) shared.controlLength, (size_t) WorkerChannel::stateCapacity));
    return true;
}

bool IsolatedPluginInstance::setPluginState (const juce::MemoryBlock& state)
{
    if (state.getSize() > (size_t) WorkerChannel::stateCapacity)
        return false;

    const std::lock_guard<std::mutex> guard (controlLock);
    state.copyTo (shared.controlData, 0, state.getSize());
    shared.controlLength = (uint32_t) state.getSize();
    return askControl (WorkerChannel::ControlCommand::setState);
}

bool IsolatedPluginInstance::askControl (WorkerChannel::ControlCommand command)
{
    if (controlUnanswered || hasExited() || killed.load())
        return false;

    shared.controlCommand = (uint32_t) command;
    shared.controlRequest.store (++controlRequestsSent, std::memory_order_release);
    channel->ring (WorkerLink::Bell::control);
    const auto deadline = juce::Time::getMillisecondCounterHiRes() + controlTimeoutMs;

    for (;;)
    {
        const auto current = shared.controlReply.load (std::memory_order_acquire);

        if (current == controlRequestsSent)
            return shared.controlResult == (uint32_t) WorkerChannel::ControlResult::done;

        if (hasExited() || juce::Time::getMillisecondCounterHiRes() >= deadline)
        {
            // A late answer would write over the next request's data.
            controlUnanswered = true;
            return false;
        }

        channel->waitWhileEquals (WorkerLink::Bell::controlReply, current, 20);
    }
}

bool IsolatedPluginInstance::stopWhileHung()
{
    // Only a worker that owes an answer hangs: a stale reading of the
    // caller's (the host itself paused in a debugger) must not end a
    // healthy one. Once is enough, and after it the pid may be reaped.
    if (killed.load() || hasExited() || shared.reply.load() == shared.request.load() || isBeingDebugged())
        return false;

    // Not reaped yet, so the pid is still the worker's. No kill comes after
    // this one (quitWorker() sees `killed`): the supervisor may reap it now.
    killed = true;
    ::kill (workerId, SIGKILL);
    mayReap = true;
    return true;
}

const char* IsolatedPluginInstance::getCallInProgress() const noexcept
{
    const auto call = boundedCall (shared.call.load (std::memory_order_relaxed));
    return call == PluginCall::none ? nullptr : nameOf (call);
}

bool IsolatedPluginInstance::isBeingDebugged() const
{
    return WorkerProcess::isBeingDebugged (workerId);
}

//==============================================================================
void IsolatedPluginInstance::setSampleRate (double newSampleRate) noexcept
{
    sampleRate.store (newSampleRate, std::memory_order_relaxed);
    pendingFlags.fetch_or (WorkerChannel::setSampleRateFirst, std::memory_order_relaxed);
}

void IsolatedPluginInstance::reset() noexcept
{
    pendingFlags.fetch_or (WorkerChannel::resetFirst, std::memory_order_relaxed);
}

PluginInstance::BlockResult IsolatedPluginInstance::process (float* const* channels, int numSamples,
                                                             const float* values, size_t numValues) noexcept
{
    return lastResult = processAndAnswer (channels, numSamples, values, numValues);
}

PluginInstance::BlockResult IsolatedPluginInstance::processAndAnswer (float* const* channels, int numSamples,
                                                                      const float* values, size_t numValues) noexcept
{
    const auto deadline = std::exchange (answerDeadline, 0);
    const auto silence = [channels, numSamples] (BlockResult result)
    {
        for (int index = 0; index < numChannels; ++index)
            juce::FloatVectorOperations::clear (channels[index], numSamples);

        return result;
    };

    // A dead worker answers nothing, and owes nothing: silence, no hang.
    if (hasExited())
        return silence (BlockResult::ended);

    auto answeredSinceLastCall = false;

    if (owesAnswer)
    {
        // The late block's answer is stale by now; it is dropped. That it
        // came says the worker works, only slowly: no hang.
        if (shared.reply.load (std::memory_order_acquire) != requestsSent)
        {
            lateSamplesInARow += numSamples; // late too: the rest counts from the first late block
            return silence (BlockResult::owing);
        }

        owesAnswer = false;
        answeredSinceLastCall = true;
    }

    if (isResting (numSamples))
        return silence (BlockResult::late);

    auto answered = true;

    for (int offset = 0; answered && offset < numSamples; offset += WorkerChannel::maxBlockSize)
        answered = exchange (channels, offset, juce::jmin (numSamples - offset, WorkerChannel::maxBlockSize), values, numValues, deadline);

    if (answered)
    {
        lateSamplesInARow = 0;
        return BlockResult::processed;
    }

    if (hasExited())
        return silence (BlockResult::ended); // it died during the block: the fault is reported, no hang

    lateSamplesInARow += numSamples;
    return silence (answeredSinceLastCall ? BlockResult::late : BlockResult::owing);
}

bool IsolatedPluginInstance::isResting (int numSamples) noexcept
{
    // Late block after late block (a plugin slower than the block, or a
    // machine too busy for it), every block would spend its whole budget
    // spinning, for silence: the audio thread's time and a core go to
    // nothing. After restAfterLateSeconds of that, only one block in every
    // probeIntervalSeconds is sent; the first that comes back in time ends
    // the rest.
    const auto rate = sampleRate.load (std::memory_order_relaxed);

    if ((double) lateSamplesInARow < restAfterLateSeconds * rate)
        return false;

    samplesSinceProbe += numSamples;

    if ((double) samplesSinceProbe < probeIntervalSeconds * rate)
        return true;

    samplesSinceProbe = 0;
    return false;
}

bool IsolatedPluginInstance::exchange (float* const* channels, int offset, int numSamples, const float* values,
                                       size_t numValues, juce::int64 answerBy) noexcept
{
    for (int index = 0; index < numChannels; ++index)
        std::memcpy (channel->getBlock (index, numSamples), channels[index] + offset, sizeof (float) * (size_t) numSamples);

    jassert (numValues <= WAVECRAFT_MAX_PARAMETERS); // the parser allows no more
    numValues = juce::jmin (numValues, (size_t) WAVECRAFT_MAX_PARAMETERS);
    std::memcpy (shared.values, values, sizeof (float) * numValues);
    shared.numValues = (uint32_t) numValues;
    shared.numSamples = (uint32_t) numSamples;
    shared.sampleRate = sampleRate.load (std::memory_order_relaxed);
    shared.flags = pendingFlags.exchange (0, std::memory_order_relaxed);
    shared.command = (uint32_t) WorkerChannel::Command::process;
    shared.request.store (++requestsSent, std::memory_order_release);
    framesSent.fetch_add ((juce::uint64) numSamples, std::memory_order_relaxed);
    channel->ring (WorkerLink::Bell::request); // the block's one system call

    // Spun, not slept: a sleep would be a second system call and a trip
    // through the scheduler, and the answer is due within this callback.
    const auto budgetNanos = (juce::int64) juce::jmax (3.0e5, 1.0e9 * answerBudget * numSamples / juce::jmax (1.0, shared.sampleRate));
    const auto deadline = answerBy != 0 ? answerBy : getMonotonicNanos() + budgetNanos;

    for (uint32_t spins = 1;; ++spins)
    {
        if (shared.reply.load (std::memory_order_acquire) == requestsSent)
            break;

        if ((spins & 63) == 0 && (hasExited() || getMonotonicNanos() > deadline))
        {
            owesAnswer = ! hasExited();
            return false;
        }

        WorkerChannel::pauseWhileSpinning();
    }

    for (int index = 0; index < numChannels; ++index)
        std::memcpy (channels[index] + offset, channel->getBlock (index, numSamples), sizeof (float) * (size_t) numSamples);

    return true;
}

} // namespace wavecraft
