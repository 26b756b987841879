namespace wavecraft
{

UiDevServer::UiDevServer() = default;

UiDevServer::~UiDevServer()
{
    stop();
}

bool UiDevServer::start (const Options& options, juce::String& error)
{
    JUCE_ASSERT_MESSAGE_THREAD
    port = options.port;
    process = std::make_unique<ProcessGroup>();
    process->onLine = [this] (const juce::String& line, bool)
    {
        {
            const std::lock_guard<std::mutex> lock (linesLock);
            lastLines.add (line);
            lastLines.removeRange (0, lastLines.size() - 12);
        }

        if (onLine != nullptr)
            onLine (line);
    };
    process->onExit = [code = exitCode] (int exitCodeNow)
    { code->store (exitCodeNow); };

    ProcessGroup::Options processOptions;
    processOptions.command = { "npm", "run", "dev", "--", "--port=" + juce::String (port), "--strictPort" };
    processOptions.folder = options.uiFolder;
    processOptions.environment.set ("VITE_WS_URL", options.webSocketUrl);

    if (! process->start (processOptions, error))
    {
        if (error.contains ("not on the PATH"))
            error = "npm is not installed (or not on the PATH): install Node.js and npm to run the UI's dev server";

        process.reset();
        return false;
    }

    startTimer (50);
    return true;
}

void UiDevServer::stop()
{
    stopping = true;
    stopTimer();

    if (process != nullptr)
        process->stop (1000);

    process.reset();
}

void UiDevServer::timerCallback()
{
    if (const auto code = exitCode->load(); code >= 0)
    {
        stopTimer();
        juce::String tail;

        {
            const std::lock_guard<std::mutex> lock (linesLock);
            tail = lastLines.joinIntoString ("\n");
        }

        if (! stopping && onExit != nullptr)
            onExit (code, tail);

        return;
    }

    if (! ready && answersOn (port))
    {
        ready = true;
        startTimer (200); // then only its end is looked for

        if (onReady != nullptr)
            onReady();
    }
}

bool UiDevServer::answersOn (int portToTry)
{
    // "localhost", as Vite listens: IPv4 or IPv6, whichever Node chose.
    addrinfo hints {};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* addresses = nullptr;

    if (::getaddrinfo ("localhost", juce::String (portToTry).toRawUTF8(), &hints, &addresses) != 0)
        return false;

    auto answered = false;

    for (auto* address = addresses; address != nullptr && ! answered; address = address->ai_next)
    {
        const auto handle = ::socket (address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);

        if (handle < 0)
            continue;

        answered = ::connect (handle, address->ai_addr, address->ai_addrlen) == 0;
        ::close (handle);
    }

    ::freeaddrinfo (addresses);
    return answered;
}

juce::String UiDevServer::checkPortFree (int portToCheck, const juce::String& what)
{
    // As upstream looks: a listener on any address (0.0.0.0) may take it.
    const auto handle = ::socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt (handle, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof (yes));
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons ((uint16_t) portToCheck);
    address.sin_addr.s_addr = htonl (INADDR_ANY);
    const auto bound = ::bind (handle, reinterpret_cast<const sockaddr*> (&address), sizeof (address)) == 0;
    const auto why = bound ? juce::String() : juce::String (std::strerror (errno));
    ::close (handle);

    if (bound && ! answersOn (portToCheck))
        return {};

    return what + " port " + juce::String (portToCheck) + " is already in use" + (why.isNotEmpty() ? " (" + why + ")" : juce::String())
        + "; stop what uses it, or choose another port";
}

} // namespace wavecraft
