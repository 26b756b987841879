namespace wavecraft
{

namespace
{
    struct Spare
    {
        std::mutex lock;
        std::condition_variable wanted;
        juce::File executable, wantedExecutable; // the spare's, and the one asked for
        juce::File wantedPlugin;                 // what the one asked for likely loads
        SpareWorker::Started worker;
        juce::uint64 generation = 0; // bumped by release(): a start in flight then goes too
        bool starterRuns = false;
    };

    Spare& getSpare()
    {
        // Never destroyed: the starter thread waits on it for the process's
        // whole life, and a condition variable destroyed under a waiter
        // blocks the exit.
        static auto& spare = *new Spare();
        return spare;
    }
} // namespace

void SpareWorker::runStarter()
{
    // A thread of its own, for the process's life: starting a worker blocks
    // its caller for a while (the exec), and a worker ends with the thread
    // that started it.
    auto& spare = getSpare();
    std::unique_lock<std::mutex> lock (spare.lock);

    for (;;)
    {
        spare.wanted.wait (lock, [&spare]
                           { return spare.wantedExecutable != juce::File(); });
        const auto executable = std::exchange (spare.wantedExecutable, juce::File());
        const auto likelyPlugin = spare.wantedPlugin;
        const auto generation = spare.generation;
        auto old = std::move (spare.worker);
        lock.unlock();

        end (old);
        juce::String ignored; // a spare that can't start is only a slower next load
        auto next = start (executable, ignored, likelyPlugin);

        lock.lock();

        if (generation != spare.generation)
        {
            end (next); // released meanwhile
            continue;
        }

        spare.worker = std::move (next);
        spare.executable = executable;
    }
}
SpareWorker::Started SpareWorker::take (const juce::File& executable, juce::String& error)
{
    Started taken;

    {
        auto& spare = getSpare();
        const std::lock_guard<std::mutex> lock (spare.lock);

        if (spare.executable == executable)
            std::swap (taken, spare.worker);
    }

    // One that died while it waited (killed from outside) is no use.
    siginfo_t state {};

    if (taken.processId > 0 && (::waitid (P_PID, (id_t) taken.processId, &state, WEXITED | WNOHANG | WNOWAIT) != 0 || state.si_pid != 0))
        end (taken);

    return taken.processId > 0 ? std::move (taken) : start (executable, error);
}

void SpareWorker::keepOneReady (const juce::File& executable, const juce::File& likelyPlugin)
{
    auto& spare = getSpare();
    const std::lock_guard<std::mutex> lock (spare.lock);

    if (spare.executable == executable && spare.worker.processId > 0)
        return;

    if (! std::exchange (spare.starterRuns, true))
        std::thread (runStarter).detach();

    spare.wantedExecutable = executable;
    spare.wantedPlugin = likelyPlugin;
    spare.wanted.notify_one();
}

void SpareWorker::release()
{
    auto& spare = getSpare();
    const std::lock_guard<std::mutex> lock (spare.lock);
    end (spare.worker);
    spare.executable = spare.wantedExecutable = juce::File();
    ++spare.generation;
}

void SpareWorker::end (Started& worker)
{
    if (worker.processId > 0)
    {
        ::kill (worker.processId, SIGKILL);

        while (::waitpid (worker.processId, nullptr, 0) < 0 && errno == EINTR)
        {
        }
    }

    worker = {};
}

SpareWorker::Started SpareWorker::start (const juce::File& executable, juce::String& error, const juce::File& likelyPlugin)
{
    Started started;
    started.channel = WorkerChannel::create (error);

    if (started.channel != nullptr)
        started.processId = spawn (executable, *started.channel, error, likelyPlugin);

    if (started.processId <= 0)
        started = {};

    return started;
}

pid_t SpareWorker::spawn (const juce::File& executable, WorkerChannel& channel, juce::String& error, const juce::File& likelyPlugin)
{
    auto arguments = PluginWorker::makeArguments (channel.getName(), likelyPlugin);
    arguments.insert (0, executable.getFullPathName());
    std::vector<char*> argv;

    for (auto& argument : arguments)
        argv.push_back (const_cast<char*> (argument.toRawUTF8()));

    argv.push_back (nullptr);

    // Its own process group, so a Ctrl+C at the terminal reaches the host
    // alone, which then ends the worker in order; default signal handling
    // and no blocked signals, whatever the spawning thread had.
    posix_spawnattr_t attributes;
    posix_spawnattr_init (&attributes);
    sigset_t none, defaults;
    sigemptyset (&none);
    sigemptyset (&defaults);

    for (auto signalNumber : { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD })
        sigaddset (&defaults, signalNumber);

    posix_spawnattr_setflags (&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup (&attributes, 0);
    posix_spawnattr_setsigmask (&attributes, &none);
    posix_spawnattr_setsigdefault (&attributes, &defaults);

    // What ties it to this host, in its place (none on Linux).
    posix_spawn_file_actions_t inherited;
    posix_spawn_file_actions_init (&inherited);
    auto descriptor = WorkerLink::firstInheritedDescriptor;

    for (const auto fd : channel.getLink().getDescriptorsForWorker())
        posix_spawn_file_actions_adddup2 (&inherited, fd, descriptor++);

    // The plugin's printf goes to the host's standard error: its standard
    // output carries what the host promises there (the listening line, a
    // validation's check lines), nothing else.
    posix_spawn_file_actions_adddup2 (&inherited, STDERR_FILENO, STDOUT_FILENO);

    pid_t workerId = 0;
    const auto result = posix_spawn (&workerId, argv[0], &inherited, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy (&inherited);
    posix_spawnattr_destroy (&attributes);

    if (result != 0)
    {
        error = executable.getFullPathName() + ": " + juce::String (std::strerror (result));
        return 0;
    }

    return workerId;
}

} // namespace wavecraft
