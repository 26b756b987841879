namespace wavecraft
{

namespace
{
    std::atomic<bool> mainHandsOverWorkers { false };

    void answer (WorkerChannel& channel, uint32_t request)
    {
        auto& shared = channel.get();
        shared.reply.store (request, std::memory_order_release);

        if (shared.hostWaiting.load (std::memory_order_acquire) != 0)
            channel.ring (WorkerLink::Bell::reply);
    }

    /** The load's answer: the specs' JSON and the processor ids, or the error. */
    void answerLoad (WorkerChannel& channel, const PluginLibrary* library, const PluginLoadError& error)
    {
        auto& shared = channel.get();
        const auto write = [&shared] (const std::string& first, const std::string& second)
        {
            if (first.size() + second.size() > (size_t) WorkerChannel::textCapacity)
                return false;

            std::memcpy (shared.text, first.data(), first.size());
            std::memcpy (shared.text + first.size(), second.data(), second.size());
            shared.textLengths[0] = (uint32_t) first.size();
            shared.textLengths[1] = (uint32_t) second.size();
            return true;
        };

        auto result = WorkerChannel::LoadResult::failed;

        if (library != nullptr)
        {
            shared.abiVersion = library->getProcessorTable().version;

            if (write (library->getParametersJson(), library->getProcessorIds().joinIntoString ("\n").toStdString()))
            {
                result = WorkerChannel::LoadResult::loaded;
            }
            else
            {
                write ("the params JSON is over " + std::to_string (WorkerChannel::textCapacity >> 20) + " MiB",
                       "declare fewer parameters, or shorter names");
                shared.loadErrorKind = (int32_t) PluginLoadError::Kind::invalidParameters;
            }
        }
        else
        {
            write (error.message.toStdString(), error.hint.toStdString());
            shared.loadErrorKind = (int32_t) error.kind;
        }

        shared.loadResult.store ((uint32_t) result, std::memory_order_release);
        answer (channel, 1);
    }

    void processBlock (WorkerChannel& channel, const PluginLibrary::ProcessorTable& table, void* instance)
    {
        auto& shared = channel.get();
        auto* marker = &shared.call;
        const auto numSamples = juce::jmin (shared.numSamples, (uint32_t) WorkerChannel::maxBlockSize);

        if ((shared.flags & WorkerChannel::setSampleRateFirst) != 0)
        {
            mark (marker, PluginCall::setSampleRate);
            table.setSampleRate (instance, (float) shared.sampleRate);
        }

        // Watched from here: what follows is the audio thread's work.
        if ((shared.flags & WorkerChannel::resetFirst) != 0)
        {
            mark (marker, PluginCall::reset);
            RealtimeMonitor::arm (PluginCall::reset);
            table.reset (instance);
        }

        if (table.applyPlainValues != nullptr && shared.numValues > 0)
        {
            mark (marker, PluginCall::applyPlainValues);
            RealtimeMonitor::arm (PluginCall::applyPlainValues);
            table.applyPlainValues (instance, shared.values, juce::jmin (shared.numValues, (uint32_t) WAVECRAFT_MAX_PARAMETERS));
        }

        mark (marker, PluginCall::process);
        RealtimeMonitor::arm (PluginCall::process);
        float* channels[] = { channel.getBlock (0, (int) numSamples), channel.getBlock (1, (int) numSamples) };
        RealtimeMonitor::guardBlocks (channels, (int) numSamples, WorkerChannel::maxBlockSize - (int) numSamples, WorkerChannel::overrunZoneSize);
        table.process (instance, channels, 2, numSamples);
        RealtimeMonitor::checkBlocks();
        RealtimeMonitor::disarm();
        mark (marker, PluginCall::none);
        shared.framesProcessed.fetch_add (numSamples, std::memory_order_relaxed);
    }

    uint32_t countOpenFiles()
    {
        uint32_t count = 0;

        for (const auto* folder : { "/proc/self/fd", "/dev/fd" })
        {
            if (auto* listing = ::opendir (folder))
            {
                while (auto* entry = ::readdir (listing))
                    count += entry->d_name[0] != '.' ? 1 : 0;

                ::closedir (listing);
                return count - 1; // the listing's own
            }
        }

        return 0;
    }

    uint64_t measureHeapInUse()
    {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
        const auto info = ::mallinfo2();
        return (uint64_t) (info.uordblks + info.hblkhd); // the big blocks malloc maps on their own too
#else
        return 0;
#endif
    }

    /** A leak check's cycle: the processor dropped and made again, and what
        the worker holds after.
    */
    void recreate (WorkerChannel& channel, const PluginLibrary::ProcessorTable& table, void*& instance)
    {
        auto& shared = channel.get();
        mark (&shared.call, PluginCall::drop);
        table.drop (instance);
        mark (&shared.call, PluginCall::create);
        instance = table.create();
        mark (&shared.call, PluginCall::none);

        shared.recreated = instance != nullptr ? 1 : 0;
        shared.heapInUse = measureHeapInUse();
        shared.openFiles = countOpenFiles();
    }

    int serve (WorkerChannel& channel, const PluginLibrary::ProcessorTable& table, void* instance, int hostProcessId,
               WorkerPriority& priority, WorkerControlThread& control)
    {
        auto& shared = channel.get();

        for (uint32_t handled = 1;;)
        {
            const auto request = shared.request.load (std::memory_order_acquire);

            if (request == handled)
            {
                priority.beforeWaiting();

                // A second's sleep at most, so a worker never outlives its host.
                channel.waitWhileEquals (WorkerLink::Bell::request, handled, 1000);

                if (::getppid() != hostProcessId)
                    return 0;

                continue;
            }

            handled = request;

            if (shared.command == (uint32_t) WorkerChannel::Command::quit)
            {
                control.setProcessor (nullptr);
                mark (&shared.call, PluginCall::drop);
                table.drop (instance);
                mark (&shared.call, PluginCall::none);
                answer (channel, handled);
                return 0;
            }

            if (shared.command == (uint32_t) WorkerChannel::Command::recreate)
            {
                control.setProcessor (nullptr);
                recreate (channel, table, instance);
                control.setProcessor (instance);
                answer (channel, handled);

                if (instance == nullptr)
                    return 0;

                continue;
            }

            processBlock (channel, table, instance);
            answer (channel, handled);
        }
    }

    /** Waits for the host to name the plugin (the load request); an empty
        file when the host went or asked this spare to quit instead.
    */
    juce::File awaitPlugin (WorkerChannel& channel, int hostProcessId)
    {
        auto& shared = channel.get();

        while (shared.request.load (std::memory_order_acquire) == 0)
        {
            channel.waitWhileEquals (WorkerLink::Bell::request, 0, 1000);

            if (::getppid() != hostProcessId)
                return {};
        }

        if (shared.command != (uint32_t) WorkerChannel::Command::load)
            return {};

        const auto length = juce::jmin (shared.textLengths[0], (uint32_t) WorkerChannel::textCapacity);
        return juce::File (juce::String::fromUTF8 (shared.text, (int) length));
    }

    /** Makes this worker ready for its load while it waits, then the plugin
        the host names, with the worker set as the load needs; an empty file
        when the host went or dropped this spare.
    */
    juce::File prepareAndAwaitPlugin (WorkerChannel& channel, int hostProcessId, const juce::File& likelyPlugin)
    {
        // What the plugin and JUCE's formats leave in the temporary folder goes
        // where the next process removes it once this one is gone: a worker may
        // be killed, and the killed can't clean up.
        PluginLibrary::useOwnTemporaryFolder();

        // While nothing is asked of it yet: what the load will need, made ready.
        if (likelyPlugin != juce::File())
            PluginLibrary::prepareFor (likelyPlugin);

        const auto plugin = awaitPlugin (channel, hostProcessId);
        auto& shared = channel.get();

        if (plugin == juce::File())
            return {};

        if (shared.findings.wanted != 0)
            RealtimeMonitor::noteLibrariesBeforePlugin();

        // Offline work beside live audio (a build's background check) loads in
        // the background too: loading a JUCE-built plugin is the costliest part,
        // and it would take a core from the live session's next reload. The
        // threads the load starts (a format's message thread) follow.
        if (shared.inBackground != 0)
            WorkerPriority::moveToBackground();

        return plugin;
    }

    WorkerChannel* guardedChannel = nullptr; // for the fault handler: set once, before it is installed

    void noteGuardHit (int signalNumber, siginfo_t* info, void* context)
    {
        // The monitor's trap after a block: a write it lets go on.
        if (RealtimeMonitor::springBufferTrap (info, context))
            return;

        // Async-signal-safe: a comparison, two stores and sigaction (through
        // signal()). Then the access runs again under the default action, and the process dies of it,
        // as it would have; the host reads what was left here. The monitor
        // lets the return from here through (it is a system call).
        RealtimeMonitor::disarm();

        if (const auto guard = guardedChannel->findGuard (info->si_addr); guard != WorkerChannel::Guard::none)
            guardedChannel->get().guardHit.store ((uint32_t) guard, std::memory_order_relaxed);

        ::signal (signalNumber, SIG_DFL);
    }

    /** Names a fault in a guard page around the audio for the host: the
        plugin went past its buffers. On a stack of its own, so a plugin that
        overflowed its stack still dies of its own fault.
    */
    void installGuardHandler (WorkerChannel& channel)
    {
        static char alternateStack[1 << 16];
        stack_t stack {};
        stack.ss_sp = alternateStack;
        stack.ss_size = sizeof (alternateStack);
        ::sigaltstack (&stack, nullptr);

        guardedChannel = &channel;
        struct sigaction action
        {};
        action.sa_sigaction = noteGuardHit;
        action.sa_flags = (int) (SA_SIGINFO | SA_ONSTACK);
        sigemptyset (&action.sa_mask);

        for (const auto signalNumber : { SIGSEGV, SIGBUS })
            ::sigaction (signalNumber, &action, nullptr);
    }
    /** The plugin's processor, made; null (and the load's error) when it
        didn't load, or create() returned null.
    */
    void* createProcessor (WorkerChannel::Shared& shared, const juce::File& plugin, PluginLoadResult& loaded)
    {
        if (loaded.failed())
            return nullptr;

        mark (&shared.call, PluginCall::create);
        auto* instance = loaded.library->getProcessorTable().create();
        mark (&shared.call, PluginCall::none);

        if (instance == nullptr)
            loaded.error = PluginLoadError::createReturnedNull (plugin);

        return instance;
    }
} // namespace

std::optional<int> PluginWorker::runIfRequested (int argc, const char* const* argv)
{
    if (argc >= 4 && std::strcmp (argv[1], commandLineFlag) == 0)
        return run (juce::String::fromUTF8 (argv[2]), std::atoi (argv[3]), argc >= 5 ? juce::File (juce::String::fromUTF8 (argv[4])) : juce::File());

    mainHandsOverWorkers = true;
    return std::nullopt;
}

bool PluginWorker::canRunWorkers() noexcept
{
    return mainHandsOverWorkers.load();
}

juce::StringArray PluginWorker::makeArguments (const juce::String& channelName, const juce::File& likelyPlugin)
{
    juce::StringArray arguments { commandLineFlag, channelName, juce::String ((int) ::getpid()) };

    if (likelyPlugin != juce::File())
        arguments.add (likelyPlugin.getFullPathName());

    return arguments;
}

int PluginWorker::run (const juce::String& channelName, int hostProcessId, const juce::File& likelyPlugin)
{
    WorkerProcess::closeDescriptorsFrom (WorkerLink::firstInheritedDescriptor + WorkerLink::getNumInheritedDescriptors());
    juce::String error;
    auto channel = WorkerChannel::open (channelName, error);

    if (channel == nullptr)
    {
        std::fprintf (stderr, "wavecraft plugin worker: %s\n", error.toRawUTF8());
        return 1;
    }

    // Dies with its host, however the host ends (even SIGKILL); one that
    // went before this was in place is seen here.
    channel->getLink().dieWithHost();

    if (::getppid() != hostProcessId)
        return 0;

    installGuardHandler (*channel);
    auto& shared = channel->get();

    const auto plugin = prepareAndAwaitPlugin (*channel, hostProcessId, likelyPlugin);

    if (plugin == juce::File())
        return 0; // the host went, or dropped its spare

    auto loaded = PluginLibrary::load (plugin, &shared.call);
    void* instance = createProcessor (shared, plugin, loaded);

    // Started before this thread's real-time priority and monitor, which a
    // thread started from it would inherit (the monitor's system-call trap too).
    std::unique_ptr<WorkerControlThread> control;

    if (instance != nullptr)
        control = std::make_unique<WorkerControlThread> (*channel, loaded.library->getProcessorTable(), instance);

    // Only once loaded (loading may take long, and is no business of the
    // audio's), and before the answer, which tells the host whether it worked.
    WorkerPriority priority (hostProcessId);

    if (instance != nullptr)
    {
        if (shared.inBackground == 0)
            shared.workerIsRealtime = priority.start() ? 1 : 0;

        if (shared.findings.wanted != 0)
            RealtimeMonitor::start (*loaded.library, shared.findings);
    }

    answerLoad (*channel, instance != nullptr ? loaded.library.get() : nullptr, loaded.error);

    if (instance == nullptr)
        return 0;

    return serve (*channel, loaded.library->getProcessorTable(), instance, hostProcessId, priority, *control);
}

} // namespace wavecraft
