namespace wavecraft
{

juce::File WorkerProcess::getOwnExecutable()
{
    // The binary the modules are linked into; a build written over it since
    // is refused by the worker (WorkerChannel's layout check).
    return juce::File::getSpecialLocation (juce::File::currentExecutableFile);
}

void WorkerProcess::closeDescriptorsFrom (int first)
{
    // /dev/fd lists the open ones (macOS, the BSDs with fdescfs, Linux):
    // read them all first, as closing changes the listing.
    std::vector<int> open;

    if (auto* listing = ::opendir ("/dev/fd"))
    {
        while (const auto* entry = ::readdir (listing))
            if (const auto fd = std::atoi (entry->d_name); fd >= first && fd != ::dirfd (listing))
                open.push_back (fd);

        ::closedir (listing);

        for (const auto fd : open)
            ::close (fd);

        return;
    }

    rlimit limit {};
    ::getrlimit (RLIMIT_NOFILE, &limit);
    const auto last = limit.rlim_cur == RLIM_INFINITY ? 65536 : (int) juce::jmin<rlim_t> (limit.rlim_cur, 1 << 20);

    for (int fd = first; fd < last; ++fd)
        ::close (fd);
}

bool WorkerProcess::isBeingDebugged (pid_t)
{
    return false;
}

} // namespace wavecraft
