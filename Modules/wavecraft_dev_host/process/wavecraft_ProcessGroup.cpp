namespace wavecraft
{

namespace
{
    // The groups running, for killAll(): plain atomics, so a signal
    // handler or a thread about to _Exit may read them.
    constexpr int maxGroups = 64;
    std::atomic<int> runningGroups[maxGroups] {};

    void remember (int group) noexcept
    {
        for (auto& slot : runningGroups)
        {
            auto empty = 0;

            if (slot.compare_exchange_strong (empty, group))
                return;
        }
    }

    std::vector<std::string> environmentWith (const juce::StringPairArray& overrides)
    {
        std::vector<std::string> entries;

        for (auto** entry = environ; *entry != nullptr; ++entry)
        {
            const juce::String text (*entry);

            if (! overrides.containsKey (text.upToFirstOccurrenceOf ("=", false, false)))
                entries.emplace_back (*entry);
        }

        for (const auto& key : overrides.getAllKeys())
            entries.push_back ((key + "=" + overrides[key]).toStdString());

        return entries;
    }

    /** Starts `options.command` as the leader of a group of its own, its
        standard output and error to the two handles; 0, or the error number.
    */
    int spawnInOwnGroup (const ProcessGroup::Options& options, int outputWrite, int errorWrite, pid_t& child)
    {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init (&actions);
        posix_spawn_file_actions_adddup2 (&actions, outputWrite, STDOUT_FILENO);
        posix_spawn_file_actions_adddup2 (&actions, errorWrite, STDERR_FILENO);
        posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addclosefrom_np (&actions, 3); // none of the host's sockets or pipes: a page's connection ends with the host

        posix_spawnattr_t attributes;
        posix_spawnattr_init (&attributes);
        posix_spawnattr_setpgroup (&attributes, 0); // a group of its own, led by it
        // Signals as a fresh process has them: whatever this thread blocks or ignores, it doesn't.
        sigset_t defaults, noneBlocked;
        sigemptyset (&defaults);
        sigemptyset (&noneBlocked);

        for (const auto signal : { SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT })
            sigaddset (&defaults, signal);

        posix_spawnattr_setsigdefault (&attributes, &defaults);
        posix_spawnattr_setsigmask (&attributes, &noneBlocked);
        posix_spawnattr_setflags (&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

        std::vector<std::string> arguments;

        for (const auto& argument : options.command)
            arguments.push_back (argument.toStdString());

        std::vector<char*> argv, envp;

        for (auto& argument : arguments)
            argv.push_back (argument.data());

        argv.push_back (nullptr);
        auto environment = environmentWith (options.environment);

        for (auto& entry : environment)
            envp.push_back (entry.data());

        envp.push_back (nullptr);

        // posix_spawn has no working folder before glibc 2.29's addchdir_np,
        // which Debian 12 has: the child starts where it is meant to.
        posix_spawn_file_actions_addchdir_np (&actions, options.folder.getFullPathName().toRawUTF8());

        const auto failed = ::posix_spawnp (&child, argv[0], &actions, &attributes, argv.data(), envp.data());
        posix_spawn_file_actions_destroy (&actions);
        posix_spawnattr_destroy (&attributes);
        return failed;
    }
} // namespace

ProcessGroup::ProcessGroup()
    : juce::Thread ("wavecraft process output")
{
}

ProcessGroup::~ProcessGroup()
{
    stop();
}

bool ProcessGroup::start (const Options& options, juce::String& error)
{
    jassert (processId.load() == 0); // one start per object

    if (options.command.isEmpty())
    {
        error = "no command to run";
        return false;
    }

    if (! options.folder.isDirectory())
    {
        error = "cannot run " + options.command[0] + " in " + options.folder.getFullPathName() + ": no such folder";
        return false;
    }

    int output[2] = { -1, -1 }, errors[2] = { -1, -1 };

    if (::pipe2 (output, O_CLOEXEC) != 0 || ::pipe2 (errors, O_CLOEXEC) != 0)
    {
        error = "cannot make pipes for " + options.command[0] + ": " + juce::String (std::strerror (errno));

        for (const auto handle : { output[0], output[1], errors[0], errors[1] })
            if (handle >= 0)
                ::close (handle);

        return false;
    }

    pid_t child = 0;
    const auto failed = spawnInOwnGroup (options, output[1], errors[1], child);
    ::close (output[1]);
    ::close (errors[1]);

    if (failed != 0)
    {
        ::close (output[0]);
        ::close (errors[0]);
        error = "cannot start " + options.command[0] + (failed == ENOENT ? juce::String (": it is not on the PATH") : ": " + juce::String (std::strerror (failed)));
        return false;
    }

    outputHandle = output[0];
    errorHandle = errors[0];
    processId = (int) child;
    running = true;
    remember ((int) child);

    if (! startThread())
    {
        // Nobody would read it or reap it: it goes now.
        signalGroup (SIGKILL);
        run();
        error = "cannot start a thread to read " + options.command[0];
        return false;
    }

    return true;
}

void ProcessGroup::signalGroup (int signal)
{
    // Only while its leader isn't reaped: until then no other group can have its id.
    const std::lock_guard<std::mutex> lock (reapLock);

    if (const auto group = processId.load(); group > 0 && ! reaped)
        ::kill (-group, signal);
}

void ProcessGroup::stop (int graceMs)
{
    if (processId.load() > 0 && running.load())
    {
        signalGroup (SIGTERM);

        for (auto waitedMs = 0; running.load() && waitedMs < graceMs; waitedMs += 10)
            juce::Thread::sleep (10);

        // Whatever of the group is left, the leader gone or not: a grandchild
        // that holds the pipes (Vite's esbuild) ends with it.
        signalGroup (SIGKILL);
    }

    stopThread (5000);
}

void ProcessGroup::killAll() noexcept
{
    for (auto& slot : runningGroups)
        if (const auto group = slot.load(); group > 0)
            ::kill (-group, SIGKILL);
}

void ProcessGroup::forget() noexcept
{
    const auto group = processId.load();

    for (auto& slot : runningGroups)
    {
        auto expected = group;
        slot.compare_exchange_strong (expected, 0);
    }
}

void ProcessGroup::readLines (int handle, juce::MemoryBlock& pending, bool fromStandardError, bool& ended)
{
    char buffer[8192];
    const auto numRead = ::read (handle, buffer, sizeof (buffer));

    if (numRead <= 0)
    {
        if (numRead < 0 && errno == EINTR)
            return;

        ended = true;

        if (pending.getSize() > 0 && onLine != nullptr)
            onLine (juce::String::fromUTF8 ((const char*) pending.getData(), (int) pending.getSize()), fromStandardError);

        pending.reset();
        return;
    }

    pending.append (buffer, (size_t) numRead);
    const auto* data = (const char*) pending.getData();
    size_t start = 0;

    for (size_t i = 0; i < pending.getSize(); ++i)
    {
        if (data[i] != '\n')
            continue;

        if (onLine != nullptr)
            onLine (juce::String::fromUTF8 (data + start, (int) (i - start)).trimCharactersAtEnd ("\r"), fromStandardError);

        start = i + 1;
    }

    pending.removeSection (0, start);
}

bool ProcessGroup::hasLeaderEnded() const
{
    // Looked at, not reaped: the zombie keeps the group's id from reuse.
    siginfo_t info {};
    return ::waitid (P_PID, (id_t) processId.load(), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

void ProcessGroup::run()
{
    juce::MemoryBlock pendingOutput, pendingErrors;
    auto outputEnded = false, errorsEnded = false;
    juce::int64 leaderEndedMs = 0;

    // Read to the end of both streams: what it wrote before it ended counts,
    // even when this thread is asked to stop (stop() has ended the group).
    while (! (outputEnded && errorsEnded))
    {
        pollfd ready[2] = { { outputEnded ? -1 : outputHandle, POLLIN, 0 }, { errorsEnded ? -1 : errorHandle, POLLIN, 0 } };

        if (::poll (ready, 2, 200) < 0 && errno != EINTR)
            break;

        if (! outputEnded && (ready[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
            readLines (outputHandle, pendingOutput, false, outputEnded);

        if (! errorsEnded && (ready[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
            readLines (errorHandle, pendingErrors, true, errorsEnded);

        // The leader ended, and something holds its pipes still: the rest of
        // its group goes, and something that left the group (a daemon it
        // started) is given a second to let go before the pipes are closed.
        if (leaderEndedMs == 0 && hasLeaderEnded())
        {
            leaderEndedMs = getMonotonicMillis();
            signalGroup (SIGKILL);
        }
        else if (leaderEndedMs != 0 && getMonotonicMillis() - leaderEndedMs > 1000)
        {
            break;
        }
    }

    ::close (outputHandle);
    ::close (errorHandle);
    int status = 0;
    forget(); // before it is reaped: killAll() then can't reach a reused id

    {
        const std::lock_guard<std::mutex> lock (reapLock);

        while (::waitpid ((pid_t) processId.load(), &status, 0) < 0 && errno == EINTR)
        {
        }

        reaped = true;
    }

    const auto exitCode = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
    running = false;

    if (onExit != nullptr)
        onExit (exitCode);
}

} // namespace wavecraft
